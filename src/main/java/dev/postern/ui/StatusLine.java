package dev.postern.ui;

import com.googlecode.lanterna.graphics.TextGraphics;
import dev.postern.controller.ConnectionState;
import dev.postern.controller.Event;
import dev.postern.render.Sanitizer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bottom two rows, as in mutt: a status bar (where am I, am I online, what is running) and a message
 * line for errors and notices, which the prompt borrows while it is open.
 */
final class StatusLine {
    private final Map<Long, Event.Progress> jobs = new LinkedHashMap<>();
    private String error;
    private String notice;
    /** Whether the message line answers the user's own last key (see {@link #news}). */
    private boolean answer;
    /** News that came while an answer was shown, and its kind: shown once a key has acknowledged the answer. */
    private String heldNews;
    private boolean heldNewsIsError;
    private String view = "";
    private java.util.function.IntSupplier tagged = () -> 0;

    /** How many messages are tagged: the bar says "3 tagged" while any are, as mutt's status says Tag:3. */
    void taggedFrom(java.util.function.IntSupplier count) { this.tagged = count; }

    /** How the index is arranged ("threads date  limit: from:bob"), shown after the position. */
    void view(String label) { this.view = label == null ? "" : Sanitizer.oneLine(label); }

    void progress(Event.Progress p) {
        jobs.remove(p.jobId()); // re-insert so the most recently updated job is shown
        if (p.total() <= 0 || p.done() < p.total()) jobs.put(p.jobId(), p);
    }

    void error(String sentence) {
        error = offerSignIn(Sanitizer.oneLine(sentence));
        notice = null;
        answer = true;
    }

    /**
     * News nobody asked for by a key just now: a background refresh's or watch's failure, the reader's own re-reading of
     * the folder list failing, new mail. It never replaces the answer to the user's last key before a key has
     * acknowledged it (it is held and shown then): offline, a failed relisting said "the connection ... was lost; try
     * again later" 0.2 s after "Moved to Archive: 1 message(s) (queued ...)" or a send's result, so the move was done
     * again and a lost Sent copy went unsaid (hunt 39-Y, Y2).
     */
    void news(String text, boolean isError) {
        if (answer && (error != null || notice != null)) {
            heldNews = text;
            heldNewsIsError = isError;
            return;
        }
        if (isError) error(text);
        else notice(text);
        answer = false;
    }

    /** {@link #failed} for work the reader started by itself, as {@link #news}. */
    void failedInBackground(Throwable t, String whatFailed) {
        if (dev.postern.model.SignInNeeded.supersededIn(t)) return;
        news(Errors.sentence(t, whatFailed), true);
    }

    /**
     * A failed job's one sentence, as {@link Errors#sentence}; none for a sign-in failure that a sign-in since has
     * made stale (a job that started before {@code :sign-in} finished must not say "not signed in" over "signed in").
     */
    void failed(Throwable t, String whatFailed) {
        if (dev.postern.model.SignInNeeded.supersededIn(t)) return;
        error(Errors.sentence(t, whatFailed));
    }

    /** {@link #failed} for work on the one message shown or under the cursor: its being gone is said as such. */
    void failedOnShown(Throwable t, String whatFailed) {
        if (dev.postern.model.SignInNeeded.supersededIn(t)) return;
        error(Errors.onShown(t, whatFailed));
    }

    /**
     * The sentence of a controller event that has one: a background failure (not made stale by a sign-in since); a login
     * that push or a poll met refused, whose sentence says why and what to mend where the bar says only {@code login
     * refused} (hunt 32-W W7: an older notice stayed beside it); a damaged body fetched again (said once).
     */
    void told(Event e) {
        if (e instanceof Event.Failure f && !f.stale()) {
            news(ofAccount(f.account(), f.message()), true);
        } else if (e instanceof Event.ConnectionChanged cc && cc.state() == ConnectionState.REFUSED && cc.detail() != null) {
            error(ofAccount(cc.account(), cc.detail()));
        } else if (e instanceof Event.BodyRefetched r) {
            news(r.message(), false);
        }
    }

    /** "…; run `postern auth login work`." reads, in the reader, "…; type :sign-in (or run …)": it can be done here. */
    static String offerSignIn(String sentence) {
        int at = sentence.indexOf("run `postern auth login ");
        if (at < 0) return sentence;
        return sentence.substring(0, at) + "type :" + KeyMap.SIGN_IN + " (or " + sentence.substring(at).replaceFirst("\\.$", "") + ").";
    }

    /**
     * A background failure's sentence, named by its account once: "dove: SENTENCE", or the sentence as it is when it
     * names the account itself ("account dove: the connection ... was lost" read "dove: account dove: ...", hunt32-V G3).
     */
    static String ofAccount(String account, String message) {
        if (account == null) return message;
        if (message != null && message.startsWith("account " + account + ": ")) return message;
        return account + ": " + message;
    }

    /** Whether the terminal lacks postern's own glyphs: a notice under way ends in "..." ({@link TerminalText#underWay}). */
    private boolean plainGlyphs;

    void plainGlyphs(boolean plain) { this.plainGlyphs = plain; }

    void notice(String text) {
        notice = TerminalText.underWay(Sanitizer.oneLine(text), plainGlyphs);
        error = null;
        answer = true;
    }

    /** The error the message line shows, or null. */
    String shownError() { return error; }

    /** Whether the message line shows exactly this notice still (no key has acknowledged it). */
    boolean showing(String text) { return error == null && TerminalText.underWay(text, plainGlyphs).equals(notice); }

    /** A key press acknowledges the last message, like mutt. */
    void clearMessage() {
        error = null;
        notice = null;
        answer = false;
        String held = heldNews;
        heldNews = null;
        if (held != null) news(held, heldNewsIsError);
    }

    static String state(ConnectionState s) {
        if (s == null) return "";
        switch (s) {
            case ONLINE: return "online";
            case OFFLINE: return "offline";
            case REFUSED: return "login refused";
            case CONNECTING: return "connecting";
            default: return "";
        }
    }

    /**
     * The bar's word for {@code account}'s connection (off the UI thread: it asks the controller). "All Inboxes" says
     * how many of its accounts are down ("1 of 2 offline") when only some are, not "offline" while its other accounts'
     * rows are current (hunt 32-V, G11); all of them alike read as one account does.
     */
    static String stateOf(dev.postern.controller.MailController c, String account) {
        if (!dev.postern.controller.MailController.UNIFIED.equals(account)) return state(c.connectionState(account));
        java.util.List<String> members = c.unifiedInbox();
        if (members.isEmpty()) return state(c.connectionState(account));
        int offline = 0;
        int refused = 0;
        int connecting = 0;
        for (String a : members) {
            ConnectionState s = c.connectionState(a);
            if (s == ConnectionState.OFFLINE) offline++;
            if (s == ConnectionState.REFUSED) refused++;
            if (s == ConnectionState.CONNECTING) connecting++;
        }
        int down = offline + refused;
        if (down == members.size()) return state(offline > 0 ? ConnectionState.OFFLINE : ConnectionState.REFUSED);
        if (down > 0) return down + " of " + members.size() + " offline";
        if (connecting > 0 && connecting < members.size()) return connecting + " of " + members.size() + " connecting";
        return state(connecting > 0 ? ConnectionState.CONNECTING : ConnectionState.ONLINE);
    }

    /** {@code position} is "12/10000" in the index or a scroll percentage in the pager. */
    void drawBar(TextGraphics g, Palette palette, int row, int width, String account, String folder,
                 String position, ConnectionState state) {
        drawBar(g, palette, row, width, account, folder, position, state(state), 0);
    }

    /** {@code state}: the connection's word ({@link #stateOf}), "" for none; {@code queued}: changes waiting for the server. */
    void drawBar(TextGraphics g, Palette palette, int row, int width, String account, String folder,
                 String position, String state, int queued) {
        StringBuilder left = new StringBuilder(" ");
        // The virtual "All Inboxes" has no account of its own to name.
        if (!dev.postern.controller.MailController.UNIFIED.equals(account)) left.append(Sanitizer.oneLine(account)).append(": ");
        left.append(Sanitizer.oneLine(folder))
                .append("  [").append(position).append("]");
        String st = state == null ? "" : state;
        if (!st.isEmpty()) left.append("  ").append(st);
        if (queued > 0) left.append("  ").append(queued).append(" queued");
        int tags = tagged.getAsInt();
        if (tags > 0) left.append("  ").append(tags).append(" tagged");
        if (!view.isEmpty()) left.append("  ").append(view);
        String right = "";
        if (!jobs.isEmpty()) {
            Event.Progress p = null;
            for (Event.Progress q : jobs.values()) p = q;
            right = Sanitizer.oneLine(p.what()) + " " + p.done() + (p.total() > 0 ? "/" + p.total() : "") + " ";
        }
        palette.apply(g, Palette.STATUS);
        int rightWidth = Math.min(Cells.width(right), Math.max(0, width - Cells.width(left.toString()) - 1));
        Cells.put(g, 0, row, cut(left.toString(), width - rightWidth), width - rightWidth);
        if (rightWidth > 0) Cells.put(g, width - rightWidth, row, cut(right, rightWidth), rightWidth);
    }

    /** {@code text} in {@code cols} columns; one too long ends in "…" (a long limit query), never cut without a sign. */
    static String cut(String text, int cols) {
        return Cells.width(text) <= cols || cols <= 0 ? text : Cells.truncate(text, cols - 1) + "…";
    }

    /**
     * Rows the message needs at this width, at most {@code max}: an error is wrapped, never cut off (a
     * notice is one row). The screen gives these rows to the message line, above it the status bar.
     */
    int rows(int width, int max) {
        if (error == null || width <= 0) return 1;
        return Math.max(1, Math.min(Math.max(1, max), wrap(error, width).size()));
    }

    /** Words onto rows of {@code width} columns; a word longer than a row is split. */
    static java.util.List<String> wrap(String text, int width) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ", -1)) {
            String w = word;
            if (line.length() > 0 && Cells.width(line + " " + w) <= width) {
                line.append(' ').append(w);
                continue;
            }
            if (line.length() > 0 || !out.isEmpty() && w.isEmpty()) {
                out.add(line.toString());
                line.setLength(0);
            }
            // A word longer than a row is split from where the last row ended: cutting it and measuring the rest
            // again at each row was its length squared, at every frame (hunt 34-E).
            int from = 0;
            while (from < w.length()) {
                int end = Cells.fits(w, from, width);
                if (end == w.length() || end == from) break;
                out.add(w.substring(from, end));
                from = end;
            }
            line.append(w, from, w.length());
        }
        if (line.length() > 0 || out.isEmpty()) out.add(line.toString());
        return out;
    }

    void drawMessage(TextGraphics g, Palette palette, int row, int width) {
        drawMessage(g, palette, row, width, 1);
    }

    /** From {@code row} down over {@code rows} rows; the last row ends in "…" if the error needs more. */
    void drawMessage(TextGraphics g, Palette palette, int row, int width, int rows) {
        if (error != null) {
            palette.apply(g, Palette.STATUS_ERROR);
            java.util.List<String> lines = wrap(error, width);
            for (int i = 0; i < rows; i++) {
                String l = i < lines.size() ? lines.get(i) : "";
                if (i == rows - 1 && lines.size() > rows) l = Cells.truncate(l, Math.max(0, width - 1)) + "…";
                Cells.put(g, 0, row + i, l, width);
            }
        } else {
            palette.apply(g, Palette.NORMAL);
            // One row; one too long for it ends in "…", as a cut error does, never cut mid-word without a sign.
            String l = notice == null ? "" : notice;
            if (Cells.width(l) > width) l = Cells.truncate(l, Math.max(0, width - 1)) + "…";
            Cells.put(g, 0, row, l, width);
        }
    }
}

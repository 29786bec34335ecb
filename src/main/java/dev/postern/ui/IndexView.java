package dev.postern.ui;

import com.googlecode.lanterna.graphics.TextGraphics;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import dev.postern.render.Sanitizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The message list of one folder. Only the visible window is ever read ({@code c.page(top, rows)}): a folder
 * of 100,000 messages costs one screenful of envelopes, whatever the cursor does.
 */
final class IndexView {
    static final int SEARCH_CHUNK = 500;
    static final int SEARCH_CAP = 200_000;

    private final MailController c;
    private final Formats formats;
    private String account;
    private String folder;
    private int total;
    private int selected;
    private int top;
    private int rows = 1;

    private List<Envelope> window = List.of();
    private int windowTop = -1;
    private int windowRows = -1;

    IndexView(MailController c, Formats formats) {
        this.c = c;
        this.formats = formats;
    }

    private java.util.function.Predicate<MessageRef> tagged = r -> false;

    /** Which messages to mark as tagged (a T after the flag column). */
    void tagsFrom(java.util.function.Predicate<MessageRef> tagged) { this.tagged = tagged; }

    void open(String account, String folder) {
        this.account = account;
        this.folder = folder;
        this.total = c.count(account, folder);
        this.selected = 0;
        this.top = 0;
        invalidate();
    }

    String account() { return account; }

    String folder() { return folder; }

    int total() { return total; }

    int selected() { return selected; }

    boolean isCurrent(String account, String folder) {
        return this.account != null && this.account.equals(account) && this.folder.equals(folder);
    }

    private void invalidate() { windowTop = -1; }

    /** Called with the rows the index has on screen; a resize changes the window that is read. */
    void setRows(int rows) {
        int r = Math.max(1, rows);
        if (r != this.rows) {
            this.rows = r;
            scrollToSelection();
            invalidate();
        }
    }

    private List<Envelope> visible() {
        if (windowTop != top || windowRows != rows) {
            window = total == 0 ? List.of() : c.page(account, folder, top, rows);
            windowTop = top;
            windowRows = rows;
        }
        return window;
    }

    Optional<Envelope> selectedEnvelope() { return envelopeAt(selected); }

    Optional<Envelope> envelopeAt(int i) {
        if (i < 0 || i >= total) return Optional.empty();
        List<Envelope> w = visible();
        if (i >= top && i - top < w.size()) return Optional.of(w.get(i - top));
        List<Envelope> one = c.page(account, folder, i, 1);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    void select(int i) {
        if (total == 0) {
            selected = 0;
            return;
        }
        selected = Math.max(0, Math.min(total - 1, i));
        scrollToSelection();
    }

    void move(int delta) { select(selected + delta); }

    void pageDown() {
        if (total == 0) return;
        int newTop = Math.min(Math.max(0, total - rows), top + rows);
        selected = Math.min(total - 1, selected + rows);
        top = newTop;
        scrollToSelection();
    }

    void pageUp() {
        top = Math.max(0, top - rows);
        selected = Math.max(0, selected - rows);
        scrollToSelection();
    }

    private void scrollToSelection() {
        if (selected < top) top = selected;
        if (selected >= top + rows) top = selected - rows + 1;
        top = Math.max(0, Math.min(top, Math.max(0, total - rows)));
    }

    /**
     * The folder changed in the store: re-read the count and window, keeping the cursor on the same message
     * (new mail arrives at the top, newest first, so the old selection usually moved down by the growth).
     */
    void reload() {
        Optional<MessageRef> was = selectedEnvelope().map(Envelope::ref);
        int screenRow = selected - top;
        int oldTotal = total;
        total = c.count(account, folder);
        invalidate();
        if (total == 0) {
            selected = top = 0;
            return;
        }
        int target = Math.min(selected, total - 1);
        if (was.isPresent()) {
            int found = locate(was.get(), selected, total - oldTotal);
            if (found >= 0) target = found;
        }
        selected = target;
        top = selected - screenRow;
        scrollToSelection();
    }

    /** Where {@code ref} is now, looking only near where it was (small reads); -1 if not found. */
    private int locate(MessageRef ref, int oldIndex, int growth) {
        if (growth > 0) {
            int guess = oldIndex + growth;
            List<Envelope> one = guess < total ? c.page(account, folder, guess, 1) : List.of();
            if (!one.isEmpty() && one.get(0).ref().equals(ref)) return guess;
        }
        int from = Math.max(0, oldIndex - rows);
        List<Envelope> near = c.page(account, folder, from, 2 * rows);
        for (int i = 0; i < near.size(); i++) {
            if (near.get(i).ref().equals(ref)) return from + i;
        }
        return -1;
    }

    /**
     * Next message after the cursor whose subject contains {@code needle} (case-insensitive), wrapping
     * around. Runs on the UI thread: page() is a local store read, and the scan is capped so a huge folder
     * costs at most {@link #SEARCH_CAP} envelopes. Returns false when nothing matched.
     */
    boolean searchForward(String needle) {
        if (total == 0 || needle.isEmpty()) return false;
        String n = needle.toLowerCase(Locale.ROOT);
        int budget = Math.min(total, SEARCH_CAP);
        int scanned = 0;
        int pos = (selected + 1) % total;
        while (scanned < budget) {
            int limit = Math.min(SEARCH_CHUNK, Math.min(total - pos, budget - scanned));
            List<Envelope> chunk = c.page(account, folder, pos, limit);
            for (int i = 0; i < chunk.size(); i++) {
                if (chunk.get(i).subject().toLowerCase(Locale.ROOT).contains(n)) {
                    select(pos + i);
                    return true;
                }
            }
            scanned += limit;
            pos = (pos + limit) % total; // reaching the end wraps to the newest message
        }
        return false;
    }

    void draw(TextGraphics g, Palette palette, int col, int row0, int width, int height) {
        List<Envelope> w = visible();
        if (w.isEmpty()) {
            palette.apply(g, Palette.NORMAL);
            Cells.put(g, col, row0, total == 0 ? "(no messages)" : "", width);
            return;
        }
        for (int r = 0; r < height; r++) {
            int i = top + r;
            if (r >= w.size()) break;
            Envelope e = w.get(r);
            String role = i == selected ? Palette.INDEX_SELECTED
                    : e.flags().has(Flag.SEEN) ? Palette.NORMAL : Palette.INDEX_UNREAD;
            palette.apply(g, role);
            String line = dev.postern.controller.MailController.UNIFIED.equals(account)
                    ? rowWithAccount(e, width) : row(e, width);
            if (tagged.test(e.ref()) && line.length() > 4) line = line.substring(0, 4) + "T" + line.substring(5);
            Cells.put(g, col, row0 + r, line, width);
        }
    }

    /** flags date from subject size, fitted to {@code width} columns. */
    String row(Envelope e, int width) {
        String flags = flagColumn(e);
        if (c.localOnly(e.ref())) flags = flags.substring(0, 3) + "L"; // kept locally only: server copy deleted
        String size = Cells.fitRight(Formats.size(e.size()), 5);
        String date = Cells.fit(formats.date(e.date()), 10);
        // line(), not oneLine(): a CR inside a decoded subject is suspicious and should be seen as ^M.
        String subject = Sanitizer.line(e.subject());
        if (width < 40) {
            return Cells.fit(flags + " " + subject, width);
        }
        int fromWidth = Math.max(8, Math.min(20, width / 5));
        String from = Cells.fit(Sanitizer.line(Formats.fromName(e.from())), fromWidth);
        int subjectWidth = width - (4 + 1 + 10 + 1 + fromWidth + 1 + 1 + 5);
        return flags + " " + date + " " + from + " " + Cells.fit(subject, subjectWidth) + " " + size;
    }

    /** In "All Inboxes": the row's own account in front, so a merged list says where each message lives. */
    String rowWithAccount(Envelope e, int width) {
        if (width < 40) return row(e, width);
        int accountWidth = Math.min(10, width / 8);
        return Cells.fit(Sanitizer.oneLine(e.ref().account()), accountWidth) + " " + row(e, width - accountWidth - 1);
    }

        /** N unread, ! flagged, D deleted (else A answered), * body cached offline (L: the only copy, kept locally). */
    static String flagColumn(Envelope e) {
        Flags f = e.flags();
        char unread = f.has(Flag.SEEN) ? ' ' : 'N';
        char flagged = f.has(Flag.FLAGGED) ? '!' : ' ';
        char state = f.has(Flag.DELETED) ? 'D' : f.has(Flag.ANSWERED) ? 'A' : ' ';
        char cached = e.cached() ? '*' : ' ';
        return "" + unread + flagged + state + cached;
    }
}

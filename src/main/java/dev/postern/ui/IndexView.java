package dev.postern.ui;

import com.googlecode.lanterna.graphics.TextGraphics;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import dev.postern.render.Sanitizer;
import dev.postern.thread.IndexOrder;
import dev.postern.thread.SortKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Optional;

/**
 * The message list of one folder. In the default view (flat, newest first, no limit) only the visible
 * window is ever read ({@code c.page(top, rows)}): a folder of 100,000 messages costs one screenful of
 * envelopes, whatever the cursor does. Threads, another sort or a limit need the whole folder: that
 * {@link IndexOrder} is built off the UI thread (see MailUi) and handed in with {@link #arranged}.
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

    /** How the index is arranged beyond the default-fast listing; the limit is the query's text. */
    record Arrangement(boolean threaded, SortKey key, boolean reverse, String limitText, dev.postern.model.Query limit) {
        static final Arrangement DEFAULT = new Arrangement(false, SortKey.DATE, false, null, null);

        /** The default needs no whole-folder read: it is exactly the store's own newest-first order. */
        boolean needsWholeFolder() { return threaded || key != SortKey.DATE || reverse || limit != null; }

        Arrangement withThreaded(boolean t) { return new Arrangement(t, key, reverse, limitText, limit); }

        Arrangement withKey(SortKey k) { return new Arrangement(threaded, k, reverse, limitText, limit); }

        Arrangement withReverse(boolean r) { return new Arrangement(threaded, key, r, limitText, limit); }

        Arrangement withLimit(String text, dev.postern.model.Query q) { return new Arrangement(threaded, key, reverse, text, q); }

        /** For the status bar: "flat date", "threads activity rev", "limit: from:bob". */
        String label() {
            String s = (threaded ? "threads " : "flat ") + key.label() + (reverse ? " rev" : "");
            return limitText == null ? s : s + "  limit: " + limitText;
        }
    }

    private Arrangement arrangement = Arrangement.DEFAULT;
    private IndexOrder order;                 // null: paged from the store
    private List<IndexOrder.Row> rowList;     // order's rows with the current collapsed set
    private final Set<MessageRef> collapsed = new HashSet<>();
    private IndexOrder.Glyphs glyphs = IndexOrder.Glyphs.ASCII;
    private boolean flagsStale;

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
        // A limit belongs to the folder it was typed in; threads and sort stay, as in mutt.
        this.arrangement = arrangement.withLimit(null, null);
        this.order = null;
        this.rowList = null;
        this.collapsed.clear();
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

    void glyphs(IndexOrder.Glyphs g) { this.glyphs = g; }

    Arrangement arrangement() { return arrangement; }

    /** Changes the arrangement; the caller then builds an order for it off the UI thread. */
    void arrange(Arrangement a) {
        this.arrangement = a;
        if (!a.needsWholeFolder()) {
            Optional<MessageRef> was = selectedEnvelope().map(Envelope::ref);
            order = null;
            rowList = null;
            total = c.count(account, folder);
            invalidate();
            selected = 0;
            top = 0;
            was.ifPresent(this::selectRefInPages);
        }
    }

    /** Whether the shown rows come from a built order (else from the store's pages). */
    boolean usesOrder() { return arrangement.needsWholeFolder(); }

    boolean waitingForOrder() { return usesOrder() && order == null; }

    /** A finished build for the current arrangement: keeps the cursor on the same message when it is still shown. */
    void arranged(IndexOrder o) { arranged(o, false); }

    /**
     * {@code rebuilt}: the same arrangement built again because mail came or went (not a new sort or limit):
     * a removed cursor message leaves the cursor on its row, and a list shown from the top stays so.
     */
    void arranged(IndexOrder o, boolean rebuilt) {
        Optional<MessageRef> was = selectedEnvelope().map(Envelope::ref);
        int screenRow = selected - top;
        int oldTop = top;
        int oldSelected = selected;
        this.order = o;
        collapsed.retainAll(o.collapsibleThreads());
        rebuildRows();
        // The cursor's message, else (it was removed) the row it was on, as the flat list does.
        selected = rebuilt ? Math.min(oldSelected, Math.max(0, total - 1)) : 0;
        if (was.isPresent()) {
            int at = indexOf(was.get());
            if (at >= 0) selected = at;
        }
        if (rebuilt) {
            keepWindow(oldTop, screenRow);
        } else {
            top = selected - screenRow;
            scrollToSelection();
        }
    }

    private void rebuildRows() {
        rowList = order.rows(collapsed, glyphs);
        total = rowList.size();
        // The order may reuse envelopes read before the last flag change: shown rows re-read theirs.
        flagsStale = true;
        invalidate();
    }

    private int indexOf(MessageRef ref) {
        if (rowList == null) return -1;
        for (int i = 0; i < rowList.size(); i++) if (rowList.get(i).envelope().ref().equals(ref)) return i;
        return -1;
    }

    /** Messages in the folder (or matching the limit); the rows shown may be fewer when threads are collapsed. */
    int messages() { return order == null ? total : order.size(); }

    /** Flags changed in the store (read, flagged): rows of a built order re-read their envelopes when drawn. */
    void flagsChanged() { flagsStale = true; invalidate(); }

    private void selectRefInPages(MessageRef ref) {
        int found = locate(ref, 0, 0);
        if (found >= 0) select(found);
    }

    /** Collapses or expands the thread under the cursor; false when threads are off. */
    boolean toggleCollapse() {
        if (rowList == null || !order.threaded() || rowList.isEmpty()) return false;
        MessageRef thread = rowList.get(selected).thread();
        if (!collapsed.remove(thread)) collapsed.add(thread);
        rebuildRows();
        for (int i = 0; i < rowList.size(); i++) {
            if (rowList.get(i).thread().equals(thread)) {
                select(i);
                break;
            }
        }
        return true;
    }

    /** Collapses every thread, or expands them all when all are collapsed already; false when threads are off. */
    boolean toggleCollapseAll() {
        if (rowList == null || !order.threaded()) return false;
        MessageRef thread = rowList.isEmpty() ? null : rowList.get(selected).thread();
        Set<MessageRef> all = order.collapsibleThreads();
        if (collapsed.containsAll(all)) collapsed.clear();
        else collapsed.addAll(all);
        rebuildRows();
        if (thread != null) {
            for (int i = 0; i < rowList.size(); i++) {
                if (rowList.get(i).thread().equals(thread)) {
                    select(i);
                    break;
                }
            }
        }
        return true;
    }

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
            window = total == 0 ? List.of() : rowList != null ? rowWindow(top, rows) : c.page(account, folder, top, rows);
            windowTop = top;
            windowRows = rows;
        }
        return window;
    }

    /** Rows of the built order; after a flag change each re-read from the store (a few lookups per frame). */
    private List<Envelope> rowWindow(int from, int n) { return rowWindow(from, n, true); }

    /** {@code fresh}: re-read flags from the store (the order may have been built from envelopes read earlier). */
    private List<Envelope> rowWindow(int from, int n, boolean fresh) {
        List<Envelope> out = new java.util.ArrayList<>(n);
        for (int i = from; i < Math.min(rowList.size(), from + n); i++) {
            Envelope e = rowList.get(i).envelope();
            if (fresh && flagsStale) e = c.envelope(e.ref()).orElse(e);
            out.add(e);
        }
        return out;
    }

    private Optional<IndexOrder.Row> rowAt(int i) {
        return rowList == null || i < 0 || i >= rowList.size() ? Optional.empty() : Optional.of(rowList.get(i));
    }

    Optional<Envelope> selectedEnvelope() { return envelopeAt(selected); }

    Optional<Envelope> envelopeAt(int i) {
        if (i < 0 || i >= total) return Optional.empty();
        List<Envelope> w = visible();
        if (i >= top && i - top < w.size()) return Optional.of(w.get(i - top));
        if (rowList != null) return Optional.of(rowWindow(i, 1).get(0));
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
        if (rowList != null) {
            flagsChanged();
            return;
        }
        Optional<MessageRef> was = selectedEnvelope().map(Envelope::ref);
        int screenRow = selected - top;
        int oldTop = top;
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
        keepWindow(oldTop, screenRow);
    }

    /**
     * After rows came or went around the cursor (which stays on its message): a list shown from its first
     * row keeps showing its first row, so new mail arriving at the top is seen, not slid in above the
     * window; a list scrolled down keeps the cursor's message on the same screen row.
     */
    private void keepWindow(int oldTop, int screenRow) {
        top = oldTop == 0 ? 0 : selected - screenRow;
        scrollToSelection();
    }

    /**
     * Puts the cursor on {@code ref} after messages near it were removed from the store: a built order
     * still holds its rows until it is rebuilt; the store's pages are re-counted and searched around the
     * cursor ({@code slack}: how many rows before it may have gone). False when it is not found.
     */
    boolean selectRef(MessageRef ref, int slack) {
        int at;
        if (rowList != null) {
            at = indexOf(ref);
        } else {
            total = c.count(account, folder);
            invalidate();
            at = -1;
            int from = Math.max(0, selected - slack - rows);
            List<Envelope> near = total == 0 ? List.of() : c.page(account, folder, from, slack + 2 * rows);
            for (int i = 0; i < near.size() && at < 0; i++) if (near.get(i).ref().equals(ref)) at = from + i;
        }
        if (at >= 0) select(at);
        return at >= 0;
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
            List<Envelope> chunk = rowList != null ? rowWindow(pos, limit, false) : c.page(account, folder, pos, limit);
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
            String empty = arrangement.limit() != null && order != null ? "(no messages match the limit)" : "(no messages)";
            Cells.put(g, col, row0, total == 0 ? empty : "", width);
            return;
        }
        for (int r = 0; r < height; r++) {
            int i = top + r;
            if (r >= w.size()) break;
            Envelope e = w.get(r);
            IndexOrder.Row tree = rowAt(i).orElse(null);
            boolean unread = !e.flags().has(Flag.SEEN) || (tree != null && tree.collapsedUnread() > 0);
            String role = i == selected ? Palette.INDEX_SELECTED : unread ? Palette.INDEX_UNREAD : Palette.NORMAL;
            palette.apply(g, role);
            String line = dev.postern.controller.MailController.UNIFIED.equals(account)
                    ? rowWithAccount(e, tree, width) : row(e, tree, width);
            if (tagged.test(e.ref()) && line.length() > 4) line = line.substring(0, 4) + "T" + line.substring(5);
            Cells.put(g, col, row0 + r, line, width);
        }
    }

    String row(Envelope e, int width) { return row(e, null, width); }

    /**
     * flags date from subject size, fitted to {@code width} columns. With a thread row, the subject has
     * the tree drawn before it (at most half the subject's columns, the deepest end kept), and a collapsed
     * thread shows "(messages, unread new)" and N when any of it is unread.
     */
    String row(Envelope e, IndexOrder.Row tree, int width) {
        String flags = flagColumn(e);
        if (tree != null && tree.collapsedUnread() > 0) flags = "N" + flags.substring(1);
        if (c.localOnly(e.ref())) flags = flags.substring(0, 3) + "L"; // kept locally only: server copy deleted
        String size = Cells.fitRight(Formats.size(e.size()), 5);
        String date = Cells.fit(formats.date(e.date()), 10);
        // line(), not oneLine(): a CR inside a decoded subject is suspicious and should be seen as ^M.
        String subject = Sanitizer.line(e.subject());
        if (width < 40) {
            return Cells.fit(flags + " " + threadDecoration(tree, width / 2) + subject, width);
        }
        int fromWidth = Math.max(8, Math.min(20, width / 5));
        String from = Cells.fit(Sanitizer.line(Formats.fromName(e.from())), fromWidth);
        int subjectWidth = width - (4 + 1 + 10 + 1 + fromWidth + 1 + 1 + 5);
        subject = threadDecoration(tree, subjectWidth) + subject;
        return flags + " " + date + " " + from + " " + Cells.fit(subject, subjectWidth) + " " + size;
    }

    private static String threadDecoration(IndexOrder.Row tree, int subjectWidth) {
        if (tree == null) return "";
        String prefix = tree.prefix();
        int max = Math.max(4, subjectWidth / 2);
        if (prefix.length() > max) prefix = prefix.substring(prefix.length() - max); // glyphs are one column each
        if (tree.collapsed()) {
            prefix += "(" + tree.collapsedMessages() + (tree.collapsedUnread() > 0 ? ", " + tree.collapsedUnread() + " new" : "") + ") ";
        }
        return prefix;
    }

    /** In "All Inboxes": the row's own account in front, so a merged list says where each message lives. */
    String rowWithAccount(Envelope e, IndexOrder.Row tree, int width) {
        if (width < 40) return row(e, tree, width);
        int accountWidth = Math.min(10, width / 8);
        return Cells.fit(Sanitizer.oneLine(e.ref().account()), accountWidth) + " " + row(e, tree, width - accountWidth - 1);
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

package dev.postern.ui;

import com.googlecode.lanterna.graphics.TextGraphics;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.MessageRef;
import dev.postern.thread.IndexOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;

/**
 * The message list of one folder. In the default view (flat, newest first, no limit) only the visible
 * window is ever read ({@code c.page(top, rows)}): a folder of 100,000 messages costs one screenful of
 * envelopes, whatever the cursor does. Threads, another sort or a limit need the whole folder: that
 * {@link IndexOrder} is built off the UI thread (see IndexMode) and handed in with {@link #arranged}.
 *
 * <p>Nothing here reads the store on the UI thread: the count, the window's envelopes, their local-only
 * marks and re-read flags are asked of the {@link StoreReader} and kept as a snapshot that painting reads.
 * Rows not read yet are drawn blank for the moment it takes; a locked store leaves the last snapshot shown
 * and the keys answering.
 */
final class IndexView {
    static final int SEARCH_CHUNK = 500;
    static final int SEARCH_CAP = 200_000;

    private final dev.postern.controller.Reading c;
    private final StoreReader reader;
    private final IndexRows rowText;
    private final IndexReads reads;
    private String account;
    private String folder;
    private int total;
    private int selected;
    private int top;
    private int rows = 1;
    /** Whether the first count of this folder has come from the store (until then: "loading", not "no messages"). */
    private boolean loaded;
    /** The folder's size in the store as last read (the order's size may differ under a limit); whether it was listed. */
    private int storeCount;
    private boolean listed = true;

    /** Snapshot of the paged view: envelopes of rows [windowFrom, windowFrom + window.size()). */
    private List<Envelope> window = List.of();
    private int windowFrom;
    /** Bumped when what was read no longer answers (another folder, arrangement, store change). */
    private long generation;
    /** The window last asked for, so a frame does not ask again while the answer is on its way. */
    private long askedGeneration = -1;
    private int askedTop = -1;
    private int askedRows = -1;
    /** Cursor moves by the user: a reload's answer keeps the cursor only if none happened meanwhile. */
    private long moves;
    /**
     * Until the first refresh is done ({@code pinned}) and while the user typed nothing here, the cursor stays on
     * the first row as the listing fills the store (TuiFirstListingTest); later mail moves rows under it, as in mutt.
     */
    private boolean touched, pinned, settling;
    private final Set<MessageRef> localOnly = new HashSet<>();
    /** A built order's rows re-read after a flag change (the order may hold envelopes read earlier). */
    private final java.util.Map<MessageRef, Envelope> fresh = new java.util.HashMap<>();
    /** Messages a delete or move takes away, to the generation whose reads see it settled (MAX_VALUE: on its way). */
    private final java.util.Map<MessageRef, Long> going = new java.util.HashMap<>();

    private Arrangement arrangement = Arrangement.DEFAULT;
    private IndexOrder order;                 // null: paged from the store
    private IndexOrder.Rows rowList;          // order's rows with the current collapsed set
    private final Set<MessageRef> collapsed = new HashSet<>();
    private IndexOrder.Glyphs glyphs = IndexOrder.Glyphs.ASCII;
    private boolean flagsStale;

    IndexView(dev.postern.controller.Reading c, StoreReader reader, Formats formats) {
        this.c = c;
        this.reader = reader;
        this.rowText = new IndexRows(formats, localOnly);
        this.reads = new IndexReads(c);
    }

    /** Which messages to mark as tagged (a T after the flag column). */
    void tagsFrom(java.util.function.Predicate<MessageRef> tagged) { rowText.tagsFrom(tagged); }

    /** The columns of a row ({@code index_format}). */
    void format(IndexFormat f) { rowText.format(f); }

    void open(String account, String folder) {
        this.account = account;
        this.folder = folder;
        // A limit belongs to the folder it was typed in; threads and sort stay, as in mutt.
        this.arrangement = arrangement.withLimit(null, null);
        this.order = null;
        this.rowList = null;
        this.collapsed.clear();
        this.total = 0;
        this.storeCount = 0;
        this.loaded = false;
        this.selected = 0;
        this.top = 0;
        this.touched = false;
        this.pinned = true;
        this.settling = false;
        localOnly.clear();
        fresh.clear();
        going.clear();
        window = List.of();
        invalidate();
    }

    /** A delete or move of {@code refs} is being sent: keys on their rows wait until it has settled. */
    void going(List<MessageRef> refs) {
        for (MessageRef r : refs) going.put(r, Long.MAX_VALUE);
    }

    /** The delete or move of {@code refs} ended, done or not: the rows are read again, and keys wait for that read. */
    void settled(List<MessageRef> refs) {
        invalidate();
        for (MessageRef r : refs) going.replace(r, generation);
        if (rowList != null) going.keySet().removeAll(refs); // a built order steps over removed rows (step)
        reload();
        rowsArrived();
    }

    String account() { return account; }

    String folder() { return folder; }

    int total() { return total; }

    int selected() { return selected; }

    /** The folder's size in the store as last read: known at once, without a read. */
    int storeCount() { return storeCount; }

    /** Whether the rows shown have come from the store at least once since the folder was opened. */
    boolean loaded() { return loaded; }

    /** The last store read for the screen failed (nothing more will come of it). */
    boolean failed() { return failed; }

    boolean isCurrent(String account, String folder) {
        return this.account != null && this.account.equals(account) && this.folder.equals(folder);
    }

    /** What was read is stale: the next frame asks for the rows again (and shows the old ones meanwhile). */
    private void invalidate() { generation++; }

    void glyphs(IndexOrder.Glyphs g) { this.glyphs = g; }

    Arrangement arrangement() { return arrangement; }

    /** Changes the arrangement; the caller then builds an order for it off the UI thread. */
    void arrange(Arrangement a) {
        this.arrangement = a;
        if (!a.needsWholeFolder()) {
            Optional<MessageRef> was = envelopeAt(selected).map(Envelope::ref);
            order = null;
            rowList = null;
            total = storeCount;
            window = List.of();
            selected = 0;
            top = 0;
            reloadPaged(was.orElse(null), 0, 0, 0, 0);
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
        Optional<MessageRef> was = pinnedAtTop() ? Optional.empty() : envelopeAt(selected).map(Envelope::ref);
        int screenRow = selected - top;
        int oldTop = top;
        this.order = o;
        loaded = true;
        collapsed.retainAll(o.collapsibleThreads());
        rebuildRows();
        // The cursor's message, else (it was removed) the row it was on, as the flat list does.
        selected = rebuilt ? Math.min(selected, Math.max(0, total - 1)) : 0; // selected: still the old row here
        if (was.isPresent()) {
            int at = indexOf(was.get());
            if (at >= 0) selected = at;
        }
        if (rebuilt) {
            keepWindow(oldTop, screenRow);
        } else {
            top = selected - screenRow;
            scrollToSelection();
            top = IndexRows.rootInSight(rowList, selected, top, rows); // T: the thread's root above, when it fits
        }
        rowsArrived();
    }

    private void rebuildRows() {
        rowList = order.rows(collapsed, glyphs);
        total = rowList.size();
        // The order may reuse envelopes read before the last flag change: shown rows re-read theirs.
        flagsStale = true;
        invalidate();
    }

    private int indexOf(MessageRef ref) { return rowList == null ? -1 : rowList.rowOf(ref); }

    /** Messages in the folder (or matching the limit); the rows shown may be fewer when threads are collapsed. */
    int messages() { return order == null ? total : order.size(); }

    /** Flags changed in the store (read, flagged): rows of a built order re-read their envelopes when drawn. */
    void flagsChanged() { flagsStale = true; invalidate(); }

    /** Collapses or expands the thread under the cursor; false when threads are off or there is no row. */
    boolean toggleCollapse() {
        if (rowList == null || !order.threaded() || rowList.isEmpty()) return false;
        MessageRef thread = rowList.thread(selected);
        if (!collapsed.remove(thread)) collapsed.add(thread);
        rebuildRows();
        int at = rowList.firstOfThread(thread);
        if (at >= 0) select(at);
        return true;
    }

    /**
     * Collapses every thread, or expands them all when all are collapsed already; false when threads are off or there
     * is no row.
     */
    boolean toggleCollapseAll() {
        if (rowList == null || !order.threaded() || rowList.isEmpty()) return false;
        MessageRef thread = rowList.thread(selected);
        Set<MessageRef> all = order.collapsibleThreads();
        if (collapsed.containsAll(all)) collapsed.clear();
        else collapsed.addAll(all);
        rebuildRows();
        int at = rowList.firstOfThread(thread);
        if (at >= 0) select(at);
        return true;
    }

    /** Called with the rows the index has on screen; a resize changes the window that is read. */
    void setRows(int rows) {
        int r = Math.max(1, rows);
        if (r != this.rows) {
            this.rows = r;
            scrollToSelection();
        }
    }

    /**
     * Asks for the rows on screen unless the snapshot holds them for the current generation or the same
     * request is on its way. UI thread; never waits.
     */
    private void ensureVisibleRead() {
        if (askedGeneration == generation && askedTop == top && askedRows == rows) return;
        if (rowList != null) {
            // The order holds columns cut for arranging (thread.Columns), read when it was built: the rows on
            // screen are read whole, and again after a flag change; rows already read stay as they are.
            askedGeneration = generation;
            askedTop = top;
            askedRows = rows;
            List<MessageRef> refs = new java.util.ArrayList<>();
            for (int i = top; i < Math.min(rowList.size(), top + rows); i++) {
                MessageRef ref = rowList.ref(i);
                if (flagsStale || !fresh.containsKey(ref)) refs.add(ref);
            }
            if (refs.isEmpty()) return;
            long gen = generation;
            String a = account;
            String f = folder;
            reader.read("index-rows", () -> reads.fresh(refs), got -> {
                if (!isCurrent(a, f) || rowList == null) return;
                for (Envelope e : got.envelopes()) fresh.put(e.ref(), e);
                going.values().removeIf(settledAt -> settledAt <= gen); // settled before T: the order's read answers
                localOnly.removeAll(got.asked());
                localOnly.addAll(got.local());
                if (gen == generation) flagsStale = false; // a later change asks again
                else askedGeneration = -1;
                rowsArrived();
            });
            return;
        }
        if (total == 0 && loaded && askedGeneration == generation) return;
        askedGeneration = generation;
        askedTop = top;
        askedRows = rows;
        long gen = generation;
        String a = account;
        String f = folder;
        int from = top;
        int n = rows;
        reader.read("index-page", () -> reads.page(a, f, from, n), p -> {
            if (!isCurrent(a, f) || rowList != null) return;
            applyPage(p, gen);
            if (gen != generation) askedGeneration = -1; // changed meanwhile: the next frame asks again
        });
    }

    private void applyPage(IndexReads.Page p, long gen) {
        failed = false;
        going.values().removeIf(settledAt -> settledAt <= gen);
        if (p.total() > 0 && storeCount == 0) dev.postern.model.StartupTrace.mark("index: first rows read, of " + p.total());
        total = p.total();
        storeCount = p.total();
        listed = p.listed();
        if (!loaded) dev.postern.model.StartupTrace.mark("index rows read");
        loaded = true;
        window = p.rows();
        windowFrom = p.from();
        for (Envelope e : p.rows()) localOnly.remove(e.ref());
        localOnly.addAll(p.local());
        if (selected >= total) selected = Math.max(0, total - 1);
        scrollToSelection();
        rowsArrived();
    }

    /**
     * The envelope of row {@code i} whole, as last read from the store, or null while it is being read. In a built
     * order only rows re-read since it was built have one: the order's own are cut (no To, Cc or body hash) and
     * serve for drawing only ({@link #shown}).
     */
    private Envelope cached(int i) {
        if (i < 0 || i >= total) return null;
        if (rowList != null) return fresh.get(rowList.ref(i));
        int k = i - windowFrom;
        return k >= 0 && k < window.size() ? window.get(k) : null;
    }

    /** What row {@code i} shows: its whole envelope when read, else in a built order the order's cut one. */
    private Envelope shown(int i) {
        if (rowList == null || i < 0 || i >= total) return cached(i);
        Envelope whole = fresh.get(rowList.ref(i));
        return whole != null ? whole : rowList.get(i).envelope();
    }

    private Optional<IndexOrder.Row> rowAt(int i) {
        return rowList == null || i < 0 || i >= rowList.size() ? Optional.empty() : Optional.of(rowList.get(i));
    }

    /** The cursor's message whole (empty while it is being read): what keys act on. */
    Optional<Envelope> selectedEnvelope() { return Optional.ofNullable(cached(selected)); }

    /** {@code ref}'s envelope as the snapshot has it now (newest flags), or empty when it is not in it. */
    Optional<Envelope> snapshotOf(MessageRef ref) {
        if (rowList != null) return Optional.ofNullable(fresh.get(ref));
        for (Envelope e : window) if (e.ref().equals(ref)) return Optional.of(e);
        return Optional.empty();
    }

    /**
     * Whether a key acting on the cursor's message must wait: the folder's rows have not come from the store
     * yet, or the cursor's row is still being read. Keys typed ahead then wait for it ({@link #whenRowsArrive}).
     */
    boolean rowsPending() {
        if (failed) return targetsPending;
        if (targetsPending || rowList == null && !loaded) return true;
        Envelope e = cached(selected);
        return total > 0 && (e == null || going.containsKey(e.ref()));
    }

    private final List<Runnable> onRows = new java.util.ArrayList<>();
    boolean targetsPending; // a tag-prefixed action's messages are being read: keys wait for its prompt (hunt 39-Y, Y10)
    void targetsRead() { targetsPending = false; rowsArrived(); }
    /** The last store read for the screen failed: keys are not held for rows that may not come. */
    private boolean failed;

    /** Runs {@code r} (UI thread) once the rows it needs have come; at once when they are here. */
    void whenRowsArrive(Runnable r) {
        if (!rowsPending()) r.run();
        else onRows.add(r);
    }

    /**
     * A store read for the screen failed: what is shown is all there will be for now, so keys typed ahead are
     * let through (acting on nothing if the cursor's row is missing) rather than held with no end.
     */
    void readFailed() {
        loaded = true;
        failed = true;
        going.clear();
        // Not asked again by the next frame (a failing store would be read in a loop): a move or a change
        // in the folder asks anew.
        List<Runnable> run = new java.util.ArrayList<>(onRows);
        onRows.clear();
        run.forEach(Runnable::run);
    }

    private void rowsArrived() {
        if (onRows.isEmpty() || rowsPending()) return;
        List<Runnable> run = new java.util.ArrayList<>(onRows);
        onRows.clear();
        run.forEach(Runnable::run);
    }

    /**
     * Row {@code i} as shown (empty while its envelope is still being read; in a built order possibly cut, see
     * {@link #cached}): for its ref and what a row shows, not for acting on. Never reads the store.
     */
    Optional<Envelope> envelopeAt(int i) { return Optional.ofNullable(shown(i)); }

    /** The user typed a key in this folder: from now on the cursor follows its message as rows arrive. */
    void touch() { touched = true; }

    /** The first refresh is done: the cursor is pinned until a read asked from now on answers (older rows may be stale). */
    void listed() {
        if (rowList != null) pinned = false;
        if (!pinned || settling) return;
        settling = true;
        if (pinnedAtTop()) reloadPaged(null, 0, 0, 0, total);
    }

    private boolean pinnedAtTop() { return pinned && !touched && selected == 0 && top == 0; }

    void select(int i) {
        moves++;
        touched = true;
        if (total == 0) {
            selected = 0;
            return;
        }
        selected = Math.max(0, Math.min(total - 1, i));
        scrollToSelection();
    }

    void move(int delta) { select(selected + delta); }

    void pageDown() {
        moves++;
        if (total == 0) return;
        int newTop = Math.min(Math.max(0, total - rows), top + rows);
        selected = Math.min(total - 1, selected + rows);
        top = newTop;
        scrollToSelection();
    }

    void pageUp() {
        moves++;
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
     * The reading and looking happen on the read thread; the answer moves the cursor only if the user did
     * not move it meanwhile.
     */
    void reload() {
        if (rowList != null) {
            flagsChanged();
            return;
        }
        // An untouched cursor on the first row stays there (the newest first), whatever the rows that arrive.
        MessageRef was = pinnedAtTop() ? null : selectedEnvelope().map(Envelope::ref).orElse(null);
        reloadPaged(was, selected, top, selected - top, total);
    }

    private void reloadPaged(MessageRef was, int oldSelected, int oldTop, int screenRow, int oldTotal) {
        invalidate();
        long gen = generation;
        long movesThen = moves;
        String a = account;
        String f = folder;
        int n = rows;
        askedGeneration = gen;
        askedTop = top; // the answer decides the window: a frame before it must not ask for one (it would replace this read)
        askedRows = n;
        boolean settles = settling;
        reader.read("index-page", () -> reads.reloaded(a, f, was, oldSelected, oldTop, screenRow, oldTotal, n), r -> {
            if (!isCurrent(a, f) || rowList != null) return;
            if (settles && gen == generation) pinned = false;
            if (moves == movesThen) {
                selected = r.selected();
                top = r.top();
            }
            applyPage(r.page(), gen);
            if (moves == movesThen) top = Math.max(0, Math.min(top, r.page().from())); // the rows read are the rows shown
            askedTop = r.page().from();
            if (gen != generation) askedGeneration = -1;
        });
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
     * Puts the cursor on {@code ref} after messages near it were removed from the store. A built order still
     * holds its rows until it is rebuilt, and the snapshot's window is looked at at once; else the store's
     * pages are searched around the cursor on the read thread ({@code slack}: how many rows before it may
     * have gone) and the cursor moves when the answer comes. True when it was found at once.
     */
    boolean selectRef(MessageRef ref, int slack) {
        int at = indexOf(ref);
        if (rowList == null) {
            for (int i = 0; i < window.size(); i++) if (window.get(i).ref().equals(ref)) at = windowFrom + i;
        }
        if (at >= 0) {
            select(at);
            return true;
        }
        if (rowList == null) {
            String a = account;
            String f = folder;
            int from = Math.max(0, selected - slack - rows);
            int n = slack + 2 * rows;
            long movesThen = moves;
            reader.read("index-locate", () -> reads.near(a, f, ref, from, n), found -> {
                if (found >= 0 && isCurrent(a, f) && rowList == null && moves == movesThen) {
                    invalidate();
                    select(found);
                }
            });
        }
        return false;
    }

    /**
     * The message at row {@code from} or, going {@code delta} rows on, the first still in the store (a built order keeps
     * rows of messages just removed until it is rebuilt; those are stepped over), looked for on the read
     * thread; {@code found} gets its row and envelope on the UI thread, {@code none} when there is none.
     */
    void step(int from, int delta, java.util.function.BiConsumer<Integer, Envelope> found, Runnable none) {
        String a = account;
        String f = folder;
        if (rowList != null) {
            List<Integer> at = new java.util.ArrayList<>();
            List<MessageRef> refs = new java.util.ArrayList<>();
            for (int i = from; i >= 0 && i < rowList.size() && refs.size() < 1_000; i += delta) {
                at.add(i);
                refs.add(rowList.ref(i));
            }
            IndexOrder.Rows rowsThen = rowList;
            reader.read("index-step", () -> reads.firstStillThere(at, refs), r -> {
                if (r == null || !isCurrent(a, f) || rowList != rowsThen) {
                    if (r == null) none.run();
                    return;
                }
                fresh.put(((Envelope) r[1]).ref(), (Envelope) r[1]);
                found.accept((Integer) r[0], (Envelope) r[1]);
            });
            return;
        }
        if (from < 0 || from >= total) {
            none.run();
            return;
        }
        reader.read("index-step", () -> reads.rowAt(a, f, from), e -> {
            if (e == null) none.run();
            else if (isCurrent(a, f) && rowList == null) found.accept(from, e);
        });
    }

    /**
     * Next message after the cursor whose subject contains {@code needle} (case-insensitive), wrapping
     * around, looked for on the read thread and capped so a huge folder costs at most {@link #SEARCH_CAP}
     * envelopes. {@code done} is told on the UI thread whether one was found (and the cursor moved to it).
     */
    void searchForward(String needle, java.util.function.Consumer<Boolean> done) {
        if (total == 0 || needle.isEmpty()) {
            done.accept(false);
            return;
        }
        String n = dev.postern.model.TextFold.fold(needle); // as search and limit compare text
        int count = total;
        int start = (selected + 1) % count;
        String a = account;
        String f = folder;
        List<Envelope> ordered = rowList == null ? null : rowList.envelopes();
        long movesThen = moves;
        reader.read("index-search", () -> reads.search(ordered, a, f, count, start, Math.min(count, SEARCH_CAP), n), at -> {
            boolean ok = at >= 0 && isCurrent(a, f) && (ordered == null) == (rowList == null);
            if (ok && moves == movesThen) select(at);
            done.accept(ok);
        });
    }

    void draw(TextGraphics g, Palette palette, int col, int row0, int width, int height) {
        ensureVisibleRead();
        if (total == 0) {
            palette.apply(g, Palette.NORMAL);
            String empty = !loaded ? TerminalText.underWay("(loading…)", glyphs == IndexOrder.Glyphs.ASCII) : arrangement.limit() != null && order != null ? "(no messages match the limit)"
                    : listed ? "(no messages)" : "(not listed yet)";
            Cells.put(g, col, row0, empty, width);
            return;
        }
        for (int r = 0; r < height; r++) {
            int i = top + r;
            if (i >= total) break;
            Envelope e = shown(i);
            if (e == null) continue; // still being read: blank for a moment, never a wait
            IndexOrder.Row tree = rowAt(i).orElse(null);
            boolean unread = !e.flags().has(Flag.SEEN) || (tree != null && tree.collapsedUnread() > 0);
            String role = i == selected ? Palette.INDEX_SELECTED : unread ? Palette.INDEX_UNREAD : Palette.NORMAL;
            palette.apply(g, role);
            String line = rowText.line(e, tree, width, MailController.UNIFIED.equals(account));
            Cells.put(g, col, row0 + r, line, width);
        }
    }
}

package dev.postern.ui;

import com.googlecode.lanterna.graphics.TextGraphics;
import dev.postern.controller.MailController;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The message index as a mode: cursor moves, search and limit, threads and sort (the whole-folder order is
 * built off the UI thread by {@link Arranger}), opening a message, compose keys, and the message actions of
 * {@link MessageCommands}. Also keeps the index current: events mark it stale and it is re-read once a frame.
 */
final class IndexMode implements Mode {
    private final MailUi ui;
    private final MailController c;
    private final IndexView index;
    private final StatusLine status;
    private final Arranger arranger;
    private int arrangedCount = -1; // folder size the current order was built for
    private boolean stale;
    /** Messages came or went in the folder shown (not only flags): a built order is rebuilt. */
    private boolean membershipChanged;

    IndexMode(MailUi ui, MailController c, IndexView index, StatusLine status) {
        this.ui = ui;
        this.c = c;
        this.index = index;
        this.status = status;
        this.arranger = new Arranger(c);
    }

    /** The folder shown changed in the store (flags, or messages with {@code membership}): re-read before the next frame. */
    void stale(boolean membership) {
        stale = true;
        if (membership) membershipChanged = true;
        ui.actions().pruneTags();
    }

    /** A folder was opened: its whole-folder order is read ahead, and built when the arrangement needs one. */
    void opened(String account, String folder) {
        Arrangement a = index.arrangement();
        arranger.prefetch(account, folder, a.withThreaded(!a.threaded())); // the first T then finds its order built
    }

    @Override
    public String keySection() { return KeyMap.INDEX; }

    @Override
    public void command(String command) {
        index.touch();
        if (ui.common(command)) return;
        switch (command) {
            case KeyMap.NEXT, KeyMap.NEXT_MESSAGE -> index.move(1);
            case KeyMap.PREV, KeyMap.PREV_MESSAGE -> index.move(-1);
            case KeyMap.FIRST -> index.select(0);
            case KeyMap.LAST -> index.select(index.total() - 1);
            case KeyMap.PAGE_DOWN -> index.pageDown();
            case KeyMap.PAGE_UP -> index.pageUp();
            case KeyMap.OPEN -> index.selectedEnvelope().ifPresent(ui.pagerMode()::open);
            case KeyMap.QUIT -> ui.quit();
            case KeyMap.SEARCH -> ui.prompt().start("Search: ", this::search);
            case KeyMap.LIMIT -> ui.prompt().start("Limit to (e.g. from:bob -seen; Enter alone shows all): ", this::limit);
            case KeyMap.TOGGLE_THREADS -> {
                Arrangement a = index.arrangement();
                arrange(a.withThreaded(!a.threaded()), a.threaded() ? "Flat view." : "Threaded view.");
            }
            case KeyMap.SORT_NEXT -> {
                Arrangement a = index.arrangement();
                arrange(a.withKey(a.key().next()), "Sorted by " + a.key().next().label() + ".");
            }
            case KeyMap.SORT_REVERSE -> {
                Arrangement a = index.arrangement();
                arrange(a.withReverse(!a.reverse()), a.reverse() ? "Natural order." : "Reversed order.");
            }
            case KeyMap.COLLAPSE_THREAD, KeyMap.COLLAPSE_ALL -> {
                if (index.waitingForOrder()) {
                    status.notice("The threads are still being built.");
                } else if (!(command.equals(KeyMap.COLLAPSE_THREAD) ? index.toggleCollapse() : index.toggleCollapseAll())) {
                    // Said from the arrangement the status bar shows: threads on in an empty folder (or limit) have
                    // nothing to fold, which is not "threads are off" (hunt 32-V, D2).
                    status.notice(index.arrangement().threaded() ? "No thread here."
                            : "Threads are off; " + ui.keyFor(KeyMap.TOGGLE_THREADS) + " turns them on.");
                }
            }
            case KeyMap.MAIL -> ui.compose().compose(index.account());
            case KeyMap.RECALL -> ui.compose().recall(index.account());
            case KeyMap.REPLY, KeyMap.REPLY_ALL, KeyMap.REPLY_LIST, KeyMap.FORWARD ->
                    index.selectedEnvelope().ifPresent(e -> ui.compose().answer(command, e));
            case KeyMap.BOUNCE -> index.selectedEnvelope().ifPresent(ui::bounce);
            case KeyMap.FOCUS_SIDEBAR -> focusSidebar();
            case KeyMap.TOGGLE_SIDEBAR -> ui.sidebarMode().toggle();
            case KeyMap.PIPE -> ui.pipe(ui.actions().takeTargets(), false);
            case KeyMap.PIPE_DECODED -> ui.pipe(ui.actions().takeTargets(), true);
            default -> {
                if (!ui.actions().handle(command)) NotHere.inIndex(ui, command);
            }
        }
    }

    private void focusSidebar() {
        SidebarMode sidebar = ui.sidebarMode();
        if (sidebar.showsAt(ui.columns())) {
            ui.sidebar().moveTo(index.account(), index.folder());
            ui.show(sidebar);
        } else if (!sidebar.wanted()) {
            status.notice("The sidebar is hidden; " + ui.keyFor(KeyMap.TOGGLE_SIDEBAR) + " shows it, "
                    + ui.keyFor(KeyMap.CHANGE_FOLDER) + " changes folder.");
        } else {
            status.notice("The sidebar is hidden at this width; use " + ui.keyFor(KeyMap.CHANGE_FOLDER) + " to change folder.");
        }
    }

    void search(String text) {
        if (text.isEmpty()) return;
        index.searchForward(text, found -> {
            if (!found) status.notice("Not found: " + text);
        });
    }

    @Override
    public void draw(TextGraphics g, Palette palette, int width, int rows) {
        drawBeside(g, palette, width, rows, false);
    }

    /** The index, with the sidebar at its left when it is wanted and fits; false when the sidebar is not drawn. */
    boolean drawBeside(TextGraphics g, Palette palette, int width, int rows, boolean sidebarFocused) {
        int col = 0;
        boolean beside = ui.sidebarMode().showsAt(width);
        if (beside) {
            ui.sidebar().draw(g, palette, 0, rows, index.account(), index.folder(), sidebarFocused);
            col = ui.sidebar().width() + 1;
        }
        index.setRows(rows);
        index.draw(g, palette, col, 0, width - col, rows);
        return beside;
    }

    /**
     * Before a frame: the rows are re-read when the folder changed. A built order is rebuilt when messages
     * came or went (also as many in as out, which leaves the count as it was); flag changes only re-read
     * visible rows. Many events make one rebuild.
     */
    void refresh() {
        if (!stale) return;
        stale = false;
        arranger.folderChanged(); // flags too: what a limit matches may have changed
        index.reload();
        if (index.usesOrder() && membershipChanged) {
            arranger.forget();
            rearrange(true);
        } else if (index.usesOrder()) {
            String account = index.account();
            String folder = index.folder();
            Arrangement a = index.arrangement();
            ui.reader().read("arranged-count", () -> c.count(account, folder), n -> {
                if (n != arrangedCount && index.isCurrent(account, folder) && index.arrangement().equals(a)) {
                    arrangedCount = n;
                    arranger.forget();
                    rearrange(true);
                }
            });
        }
        membershipChanged = false;
    }

    /**
     * Builds the whole-folder order the index's arrangement needs, off the UI thread; the default flat
     * newest-first view needs none and pages from the store directly.
     */
    void rearrange() {
        rearrange(false);
    }

    /** {@code live}: the same arrangement rebuilt because mail came or went; no notices of its own then. */
    private void rearrange(boolean live) {
        Arrangement a = index.arrangement();
        status.view(a.label());
        if (!a.needsWholeFolder()) return;
        String account = index.account();
        String folder = index.folder();
        if (!live) arrangedCount = index.storeCount();
        boolean big = arrangedCount > 5_000 && !live;
        if (big) status.notice("Arranging " + arrangedCount + " messages…");
        CompletableFuture<dev.postern.thread.IndexOrder> f = arranger.build(account, folder, a);
        long id = arranger.latest();
        f.whenComplete((order, err) -> ui.loop().post(() -> {
            if (id != arranger.latest() || !index.isCurrent(account, folder) || !index.arrangement().equals(a)) return;
            if (err != null) {
                Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                if (!(cause instanceof CancellationException)) {
                    status.failed(cause, a.limit() != null ? "Limiting the index" : "Arranging the index");
                }
                return;
            }
            arrangedCount = arranger.lastCount();
            index.arranged(order, live);
            if (live) return;
            if (a.limit() != null) status.notice(order.size() + " message(s) match " + a.limitText());
            else if (big) status.notice("Arranged " + order.size() + " messages.");
        }));
    }

    private void arrange(Arrangement a, String notice) {
        if (notice != null) status.notice(notice);
        index.arrange(a); // a big folder's "Arranging N messages…" then replaces the notice
        rearrange();
    }

    private void limit(String text) {
        String t = text.strip();
        Arrangement a = index.arrangement();
        if (t.isEmpty()) {
            if (a.limit() != null) arrange(a.withLimit(null, null), "Limit cleared: every message is shown.");
            return;
        }
        dev.postern.model.Query q;
        try {
            q = dev.postern.model.QueryParser.parse(t);
        } catch (dev.postern.model.PosternException e) {
            status.error("Limit: " + e.getMessage());
            return;
        }
        arrange(a.withLimit(t, q), "Limiting to " + t + "…");
    }
}

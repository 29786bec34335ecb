package dev.postern.ui;

import dev.postern.controller.MailController;
import java.util.function.Consumer;

/**
 * The folder the reader opens is refreshed from its server, and then watched (push). The watch starts once the
 * refresh is done: its connection's TLS handshake and login would otherwise compete with the first rows of a
 * first listing (a big folder into an empty store), and it never takes the session the account logged in ahead
 * for those rows. A refresh that took a while is asked once more when the watch is on, so mail that came during a
 * long listing does not wait for the watch's first window.
 */
final class FolderFollow implements AutoCloseable {
    /** A refresh that took longer than this is asked again once the watch is on. */
    static final long CATCH_UP_AFTER_NANOS = 1_000_000_000L;

    private final MailController c;
    private final UiLoop loop;
    /**
     * This reader's watches, one per account it asked for (the last folder shown there), kept until the reader ends:
     * then they are let go, so an owner whose served readers all ended watches nothing (hunt35-C C2). UI thread only.
     */
    private final java.util.Map<String, MailController.Watching> watching = new java.util.HashMap<>();
    /** Every IMAP account's INBOX, watched from the first folder shown until the reader ends, whichever it shows. */
    private final java.util.List<MailController.Watching> inboxes = new java.util.ArrayList<>();
    private boolean closed;

    FolderFollow(MailController c, UiLoop loop) {
        this.c = c;
        this.loop = loop;
    }

    /** UI thread. {@code index} shows the folder while it is current there; it is told when the refresh is done. */
    void refreshThenWatch(String account, String folder, IndexView index, Consumer<Throwable> failed) {
        long asked = System.nanoTime();
        c.refreshFolder(account, folder).whenComplete((total, err) -> loop.post(() -> {
            if (err != null) failed.accept(err);
            if (closed || !index.isCurrent(account, folder)) return;
            index.listed();
            if (inboxes.isEmpty()) watchInboxes();
            // The new ask first, then the old one let go: the account stays watched between the two.
            MailController.Watching old = watching.put(account, c.watch(account, folder));
            if (old != null) old.close();
            if (err == null && System.nanoTime() - asked > CATCH_UP_AFTER_NANOS) {
                c.refreshFolder(account, folder).whenComplete((again, e) -> {
                    if (e != null) loop.post(() -> failed.accept(e));
                });
            }
        }));
    }

    /**
     * New mail in an INBOX is news whichever folder the reader shows (hunt43-R R7), as in the shell: each account that
     * keeps its mail on the server has its INBOX watched (IDLE, else a poll). Asked before the folder shown, whose ask
     * is then the last one, the one the account's other watch follows.
     */
    private void watchInboxes() {
        for (String a : c.accounts()) {
            if (c.capabilities(a).contains(dev.postern.model.Capability.SERVER_FLAGS)) inboxes.add(c.watch(a, "INBOX"));
        }
    }

    /** UI thread, as the reader ends: its watches are let go. */
    @Override
    public void close() {
        closed = true;
        watching.values().forEach(MailController.Watching::close);
        watching.clear();
        inboxes.forEach(MailController.Watching::close);
        inboxes.clear();
    }
}

package dev.postern.ui;

import dev.postern.controller.MailController;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The folder the reader opens is refreshed from its server, and then watched (push). The watch starts once the
 * refresh is done: its connection's TLS handshake and login would otherwise compete with the first rows of a
 * first listing (a big folder into an empty store), and it never takes the session the account logged in ahead
 * for those rows. A refresh that took a while is asked once more when the watch is on, so mail that came during a
 * long listing does not wait for the watch's first window.
 */
final class FolderFollow {
    /** A refresh that took longer than this is asked again once the watch is on. */
    static final long CATCH_UP_AFTER_NANOS = 1_000_000_000L;

    private FolderFollow() {}

    /** UI thread. {@code current}: whether the folder is still the one shown (asked on the UI thread). */
    static void refreshThenWatch(MailController c, UiLoop loop, String account, String folder, BooleanSupplier current,
            Consumer<Throwable> failed) {
        long asked = System.nanoTime();
        c.refreshFolder(account, folder).whenComplete((total, err) -> loop.post(() -> {
            if (err != null) failed.accept(err);
            if (!current.getAsBoolean()) return;
            c.watch(account, folder);
            if (err == null && System.nanoTime() - asked > CATCH_UP_AFTER_NANOS) {
                c.refreshFolder(account, folder).whenComplete((again, e) -> {
                    if (e != null) loop.post(() -> failed.accept(e));
                });
            }
        }));
    }
}

package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.app.AppContext;
import dev.postern.controller.MailController;
import dev.postern.e2e.PosternConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quitting while a task is in hand on a logged-in connection (a listing whose answer is still coming: a big folder,
 * a slow link) cuts that connection after a short grace instead of waiting the whole second for the task and then
 * interrupting its thread, and the task does not log in again to carry on.
 */
class QuitCutsTaskInHandTest {
    @TempDir Path dir;

    @Test
    @Tag("quiet") // a wall-clock bound: run alone after the parallel forks (pom.xml)
    void aListingStillReadingIsCutAndNotTakenUpAgain() throws Exception {
        try (HostileImap s = new HostileImap()) {
            // The listing's answer never comes (within timeout_seconds = 60): the task waits on its read.
            s.on("UID FETCH", (c, tag, args) -> Thread.sleep(120_000)).on("FETCH", (c, tag, args) -> Thread.sleep(120_000));
            Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                    PosternConfig.account("a", "imap", "127.0.0.1", s.port(), "plain", "u", "pw", 60, null));
            AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg);
            MailController c = ctx.controller();
            java.util.concurrent.CompletableFuture<Integer> listing = c.refreshFolder("a", "INBOX");
            c.refreshFolder("a", "INBOX"); // queued behind the first: after the cut it must not log in again
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (s.got.stream().noneMatch(l -> l.toUpperCase().contains("FETCH")) && System.nanoTime() < until) Thread.sleep(10);
            assertTrue(s.got.stream().anyMatch(l -> l.toUpperCase().contains("FETCH")), "no listing was asked for: " + s.got);
            long t0 = System.nanoTime();
            long[] cutAt = {0};
            listing.whenComplete((n, e) -> cutAt[0] = System.nanoTime());
            ctx.close();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            // Before: the whole second (AccountWorker.CLOSE_WAIT), then an interrupt into the store's file I/O.
            assertTrue(ms < 800, "closing took " + ms + " ms");
            // A read in hand is cut at once; before, it had the changes' grace of 250 ms (AccountWorker.CUT_AFTER)
            // first, and a reader on a stalled server took a third of a second to give the shell back.
            assertTrue(listing.isCompletedExceptionally(), "the listing: " + listing);
            long cutMs = (cutAt[0] - t0) / 1_000_000;
            assertTrue(cutMs < 200, "the listing was cut " + cutMs + " ms after quitting began");
            Thread.sleep(300); // a reconnect after the cut would show here
            assertEquals(1, s.got.stream().filter(l -> l.toUpperCase().contains(" LOGIN ")).count(),
                    "logins: " + s.got);
        }
    }

    @Test
    void aFlagChangeCutOffIsQueuedForTheNextSession() throws Exception {
        try (HostileImap s = new HostileImap()) {
            Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                    PosternConfig.account("a", "imap", "127.0.0.1", s.port(), "plain", "u", "pw", 60, null));
            AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg);
            MailController c = ctx.controller();
            c.refreshFolder("a", "INBOX").get(20, TimeUnit.SECONDS); // the store knows UID 7
            // The flag's STORE is never answered (a slow link): quitting cuts it off.
            s.on("STORE", (conn, tag, args) -> Thread.sleep(120_000)).on("UID STORE", (conn, tag, args) -> Thread.sleep(120_000));
            c.setFlags("a", "INBOX", java.util.List.of(7L), dev.postern.model.Flag.FLAGGED, true);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (s.got.stream().noneMatch(l -> l.toUpperCase().contains(" STORE ")) && System.nanoTime() < until) Thread.sleep(10);
            assertTrue(s.got.stream().anyMatch(l -> l.toUpperCase().contains(" STORE ")), "no STORE was sent: " + s.got);
            ctx.close();
            // The change the server may not have made waits in the offline queue, as when the server was unreachable.
            AppContext again = new AppContext(Map.of("HOME", dir.toString()), cfg);
            try {
                java.util.List<dev.postern.store.PendingAction> pending = again.store().pending("a");
                assertEquals(1, pending.size(), "pending: " + pending);
                assertEquals(dev.postern.store.PendingAction.Kind.FLAG, pending.get(0).kind());
                assertEquals(java.util.List.of(7L), pending.get(0).uids());
            } finally {
                again.close();
            }
        }
    }

    @Test
    @Tag("quiet") // an answer 120 ms late within the product's 250 ms grace: run alone (pom.xml)
    void aFlagChangeAnsweredWithinTheGraceIsDoneNotQueued() throws Exception {
        try (HostileImap s = new HostileImap()) {
            Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                    PosternConfig.account("a", "imap", "127.0.0.1", s.port(), "plain", "u", "pw", 60, null));
            AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg);
            MailController c = ctx.controller();
            c.refreshFolder("a", "INBOX").get(20, TimeUnit.SECONDS);
            // The STORE's answer comes 120 ms late (a slow link): within the grace a change in hand is given.
            HostileImap.Answer late = (conn, tag, args) -> {
                Thread.sleep(120);
                conn.say("* 1 FETCH (UID 7 FLAGS (\\Flagged))");
                conn.say(tag + " OK done");
            };
            s.on("STORE", late).on("UID STORE", late);
            java.util.concurrent.CompletableFuture<Integer> flagged = c.setFlags("a", "INBOX", java.util.List.of(7L),
                    dev.postern.model.Flag.FLAGGED, true);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (s.got.stream().noneMatch(l -> l.toUpperCase().contains(" STORE ")) && System.nanoTime() < until) Thread.sleep(5);
            ctx.close();
            assertEquals(1, flagged.get(1, TimeUnit.SECONDS), "the flag change was done");
            AppContext again = new AppContext(Map.of("HOME", dir.toString()), cfg);
            try {
                assertEquals(java.util.List.of(), again.store().pending("a"), "nothing queued");
            } finally {
                again.close();
            }
        }
    }
}

package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.FolderWatcher;
import dev.postern.backend.MailSession;
import dev.postern.config.Config;
import dev.postern.config.ConfigLoader;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.store.MapDbStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt35-C, C2: a served reader that quit left its folder watch running in the daemon (a login, and a refresh every
 * poll or IDLE window, for nobody) until the daemon stopped: the controller kept one watch per account and stopped it
 * only when it closed. Now each face's ask is let go when the face ends, and the account's watch stops with the last.
 */
class WatchEndsWithItsFacesTest {
    @TempDir Path home;

    /** A server that IDLEs until its watch is closed; says which folder each login watched and when it was closed. */
    private static final class Server implements MailSession, FolderWatcher {
        final LinkedBlockingQueue<String> said;
        volatile String folder = "?";

        Server(LinkedBlockingQueue<String> said) {
            this.said = said;
        }

        @Override public void connect() { }
        @Override public boolean isConnected() { return true; }
        @Override public void close() { said.add("closed " + folder); }
        @Override public boolean canIdle() { return true; }

        @Override
        public boolean awaitChange(String folder, Duration window) {
            this.folder = folder;
            said.add("idle " + folder);
            try {
                Thread.sleep(Long.MAX_VALUE); // until the watch is closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new PosternException(ExitCode.TEMPFAIL, "closed");
        }
    }

    private static String next(LinkedBlockingQueue<String> said) throws InterruptedException {
        String s = said.poll(20, TimeUnit.SECONDS);
        return s == null ? "(nothing within 20 s)" : s;
    }

    @Test
    void anAccountIsWatchedWhileAFaceWantsItOnTheFolderAskedLastAndNotAfterTheLastEnds() throws Exception {
        Path p = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", 1, "plain", "dan", "pw", 5, null));
        Config config = new ConfigLoader(Map.of("HOME", home.toString())).load(p);
        LinkedBlockingQueue<String> said = new LinkedBlockingQueue<>();
        List<Server> made = new CopyOnWriteArrayList<>();
        try (MapDbStore store = MapDbStore.open(config.dataDir())) {
            DefaultMailController c = new DefaultMailController(config, store, a -> {
                Server s = new Server(said);
                made.add(s);
                return s;
            }, raw -> null);
            try {
                MailController.Watching owners = c.watch("t", "INBOX"); // the owner's reader
                assertEquals("idle INBOX", next(said));
                MailController.Watching served = c.watch("t", "Archive"); // a served reader, elsewhere: asked last
                // INBOX, still wanted, stays watched on its own connection beside the folder asked last (hunt43-R R7).
                assertEquals("idle Archive", next(said));
                served.close(); // it quits: its folder's watch ends, INBOX's goes on untouched
                assertEquals("closed Archive", next(said));
                served.close(); // harmless
                owners.close(); // the last face ends: nothing is watched, the connection is closed
                assertEquals("closed INBOX", next(said));
                assertEquals(null, said.poll(300, TimeUnit.MILLISECONDS), "nothing after the last face ended");
                assertEquals(2, made.size(), "one login per folder watched");
                assertTrue(waitForNoWatchThread(), "the watch's thread ends");
            } finally {
                c.close();
            }
        }
    }

    private static boolean waitForNoWatchThread() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            if (Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("watch-t") && t.isAlive())) return true;
            Thread.sleep(20);
        }
        return false;
    }
}

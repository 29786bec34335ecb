package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.store.MapDbStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `postern sync`, `postern fetch` and `postern list` (without --cached) read the config, open the store and log in on
 * threads of their own while picocli is still parsing the command line (AppContext.prestart). What the user sees must not
 * change: a refused password is tried once and reported as before; a store held by another process means
 * exit 75 and no connection to the server at all; help reads nothing. And a warm owner ({@code postern
 * daemon}) serves command after command on the one login it made. Counted in Dovecot's own log.
 */
class StartAheadIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @TempDir
    Path home;

    private Path config(String name, String password) throws IOException {
        return PosternConfig.write(home.resolve(name + ".toml"), home.resolve("data-" + name),
                PosternConfig.account("e2e", "imap", "localhost", DOVECOT.imapsPort(), "tls", "alice", password, 20,
                        DOVECOT.certPem()));
    }

    private PosternProcess.Result postern(Path config, String... args) {
        return PosternProcess.withConfig(home, config, args).timeout(Duration.ofMinutes(2)).run().assertNoStackTrace();
    }

    /** Lines of Dovecot's log written after {@code mark} bytes that contain {@code what}. */
    private static long linesSince(long mark, String what) throws IOException {
        byte[] all = Files.readAllBytes(DOVECOT.logPath());
        String tail = new String(all, (int) Math.min(mark, all.length), (int) Math.max(0, all.length - mark), StandardCharsets.UTF_8);
        return tail.lines().filter(l -> l.contains(what)).count();
    }

    /**
     * Dovecot's log size once it has not grown for 1.5 s (at most 20 s): what the commands before caused is logged by
     * then, however late a loaded machine's log process writes it.
     */
    private static long quietLog() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long size = logSize();
        long since = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - since < Duration.ofMillis(1500).toNanos()) {
            Thread.sleep(100);
            long now = logSize();
            if (now != size) {
                size = now;
                since = System.nanoTime();
            }
        }
        return size;
    }

    private static long logSize() throws IOException {
        return Files.exists(DOVECOT.logPath()) ? Files.size(DOVECOT.logPath()) : 0;
    }

    /** Waits until Dovecot has logged {@code count} lines containing {@code what} since {@code mark}, then a little longer. */
    private static long settled(long mark, String what, long count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (linesSince(mark, what) < count && System.nanoTime() < deadline) Thread.sleep(100);
        Thread.sleep(1500); // a second attempt would be logged by now
        return linesSince(mark, what);
    }

    @Test
    void aRefusedPasswordIsTriedOnceAndReportedAsBefore() throws Exception {
        Path cfg = config("wrong", "not-the-password");
        for (String command : new String[] {"sync", "fetch", "list"}) {
            long mark = logSize();
            PosternProcess.Result r = postern(cfg, command);
            assertEquals(78, r.exitCode(), r.describe());
            assertTrue(r.stderr().contains("rejected user 'alice'"), r.describe());
            assertEquals(1, settled(mark, "auth failed", 1), command + ": login attempts\n" + DOVECOT.logTail(20));
        }
    }

    @Test
    void aStoreHeldByAnotherProcessMeansExit75AndNoConnection() throws Exception {
        Path cfg = config("held", DOVECOT.user("alice"));
        try (MapDbStore held = MapDbStore.open(home.resolve("data-held"))) {
            for (String command : new String[] {"sync", "fetch"}) {
                long mark = logSize();
                PosternProcess.Result r = postern(cfg, command);
                assertEquals(75, r.exitCode(), r.describe());
                assertTrue(r.stderr().contains("another postern"), r.describe());
                Thread.sleep(1500);
                assertEquals(0, linesSince(mark, "imap-login"), command + " connected while the store was held\n"
                        + DOVECOT.logTail(20));
            }
        }
        // Released: the same command now logs in once and syncs.
        long mark = logSize();
        postern(cfg, "sync", "--folder", "INBOX").assertExitCode(0);
        assertEquals(1, settled(mark, "Login: user=<alice>", 1), DOVECOT.logTail(20));
    }

    @Test
    void helpReadsNothingAndConnectsNowhere() throws Exception {
        Path cfg = config("help", DOVECOT.user("alice"));
        long mark = logSize();
        PosternProcess.Result r = postern(cfg, "sync", "--help").assertExitCode(0);
        assertTrue(r.stdout().contains("--headers-only"), r.describe());
        Thread.sleep(1500);
        assertEquals(0, linesSince(mark, "imap-login"), DOVECOT.logTail(20));
        assertFalse(Files.exists(home.resolve("data-help")), "help created the data directory");
    }

    /**
     * Commands sent to a running owner reuse its logged-in session. Before, the check that the session was
     * still alive asked Angus's store while a folder held its only connection, so every command through the
     * owner cost a new TLS handshake and LOGIN; and with Angus's pool of one, a LIST or STATUS while a folder
     * was selected logged in a second connection that was logged out again when the folder closed.
     */
    @Test
    void aWarmOwnerServesManyCommandsOnOneLogin() throws Exception {
        Path cfg = config("owner", DOVECOT.user("alice"));
        postern(cfg, "sync").assertExitCode(0);
        postern(cfg, "daemon", "start").assertExitCode(0);
        try {
            // The owner logs in, and once more for a second connection: a selected folder holds one, and a
            // LIST or STATUS needs another.
            for (String[] warm : List.of(new String[] {"sync", "--folder", "INBOX"}, new String[] {"sync"},
                    new String[] {"list", "INBOX"}, new String[] {"folders"})) {
                postern(cfg, warm).assertExitCode(0);
            }
            long mark = quietLog(); // its logins are in the log before the mark

            for (int i = 0; i < 3; i++) {
                postern(cfg, "sync", "--folder", "INBOX").assertExitCode(0);
                postern(cfg, "sync").assertExitCode(0);
                postern(cfg, "list", "INBOX").assertExitCode(0);
                postern(cfg, "folders").assertExitCode(0);
            }
            Thread.sleep(1500); // a login would be logged by now
            assertEquals(0, linesSince(mark, "Login: user=<alice>"), "new logins for twelve commands through the owner\n"
                    + DOVECOT.logTail(30));
        } finally {
            postern(cfg, "daemon", "stop");
        }
    }
}

package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.app.AppContext;
import dev.postern.controller.MailController;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt36-K K4: a process that keeps its session (a daemon, the reader) meets a server gone silent. Each time-out is
 * counted as what the server was asked and never answered (a command, or a new connection's greeting), not waited on
 * a clock. README: a command gives up after one time-out on a connection that answered within the last minute, at
 * most two (the check of the connection in use, then a fresh one) after a link idle longer, and says "twice" then.
 */
class SilentServerTimeOutsTest {
    @TempDir Path dir;

    /**
     * A sync right after a listing: its LIST wants a second connection, whose greeting never comes. Before, Angus's
     * "failed to create new store connection" was taken for a lost link, closing the session sent a NOOP that waited
     * again, and a fresh connection a third time: three time-outs, said as one.
     */
    @Test
    void aSyncRightAfterAnAnswerGivesUpAfterOneTimeOutAndSaysIt() throws Exception {
        try (HostileImap s = new HostileImap()) {
            try (AppContext ctx = context(s)) {
                MailController c = ctx.controller();
                c.refreshFolder("a", "INBOX").get(20, TimeUnit.SECONDS);
                s.got.clear();
                s.silent = true;
                PosternException e = failure(() -> c.syncAccount("a", null, false).get(60, TimeUnit.SECONDS));
                assertEquals(1, s.got.size(), "one time-out, nothing more asked of the silent server: " + s.got);
                // hunt37-I I5: a greeting that never came is checked once for a port that speaks TLS from the start.
                assertEquals(1, s.tlsProbes.get(), "one TLS probe of the silent port");
                assertEquals(ExitCode.TEMPFAIL, e.exitCode(), e.getMessage());
                assertTrue(e.getMessage().contains("no answer from 127.0.0.1:" + s.port() + " within 2 s;"), e.getMessage());
            }
        }
    }

    /**
     * A listing on a link idle past {@link ImapConnection#ALIVE_NANOS} (so its check asks a NOOP): the NOOP's time-out,
     * then one fresh connection's, said "twice". Before, Angus's isOpen kept of the NOOP's time-out only "closed", the
     * store was asked again on a connection of its own (a second time-out), and the fresh connection's third was said
     * alone. The wait before is what the test is about: a link's idleness, which only time makes.
     */
    @Test
    void aListingOnAnIdleLinkWaitsTwoTimeOutsAndSaysTwice() throws Exception {
        try (HostileImap s = new HostileImap()) {
            try (AppContext ctx = context(s)) {
                MailController c = ctx.controller();
                c.refreshFolder("a", "INBOX").get(20, TimeUnit.SECONDS);
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(ImapConnection.ALIVE_NANOS) + 500);
                s.got.clear();
                s.silent = true;
                PosternException e = failure(() -> c.refreshFolder("a", "INBOX").get(60, TimeUnit.SECONDS));
                assertEquals(2, s.got.size(), "the check's NOOP, then one fresh connection: " + s.got);
                assertTrue(s.got.get(0).endsWith(" NOOP"), s.got.toString());
                assertTrue(e.getMessage().contains("within 2 s, twice"), e.getMessage());
            }
        }
    }

    /** A change meets the silent server after one time-out too, and is queued as README says. */
    @Test
    void aFlagRightAfterAnAnswerIsQueuedAfterOneTimeOut() throws Exception {
        try (HostileImap s = new HostileImap()) {
            try (AppContext ctx = context(s)) {
                MailController c = ctx.controller();
                c.refreshFolder("a", "INBOX").get(20, TimeUnit.SECONDS);
                s.got.clear();
                s.silent = true;
                c.setFlags("a", "INBOX", List.of(7L), dev.postern.model.Flag.FLAGGED, true).get(60, TimeUnit.SECONDS);
                assertEquals(1, c.queue("a").size());
                assertEquals(1, s.got.size(), "one time-out: " + s.got);
                assertFalse(s.got.get(0).contains("LOGOUT"), s.got.toString());
            }
        }
    }

    private AppContext context(HostileImap s) throws Exception {
        Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("a", "imap", "127.0.0.1", s.port(), "plain", "u", "pw", 2, null));
        return new AppContext(Map.of("HOME", dir.toString()), cfg);
    }

    private static PosternException failure(org.junit.jupiter.api.function.Executable run) {
        ExecutionException e = assertThrows(ExecutionException.class, run);
        assertTrue(e.getCause() instanceof PosternException, String.valueOf(e.getCause()));
        return (PosternException) e.getCause();
    }
}

package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.link.ScriptedServer;
import dev.postern.backend.link.ScriptedSmtp;
import dev.postern.cli.CliRun.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `postern send` and the outbox against an SMTP server that refuses for good: the refusal stands (65 or 77, the
 * server's words, nothing queued), and a queued message refused at a flush is set aside, listed as REFUSED, and
 * sent again only with `outbox --retry`.
 */
class HostileSmtpRefusedSendTest {
    @TempDir Path dir;

    private Path config(int port) throws Exception {
        return CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("test", "imap", dev.postern.ClosedPort.take(), "alice", "secret"),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + port
                        + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\ntimeout_seconds = 5\n");
    }

    private Result send(Path cfg, String subject) throws Exception {
        return CliRun.runWithStdin(dir, cfg, "body\n".getBytes(StandardCharsets.UTF_8), "send", "--to", "bob@localhost",
                "-s", subject);
    }

    @Test
    void aSenderRefusedByPolicyIs77AndNotQueued() throws Exception {
        try (ScriptedServer server = ScriptedSmtp.refusing("MAIL", "550 5.7.1 sender rejected")) {
            Path cfg = config(server.port());
            Result r = send(cfg, "refused");
            assertEquals(77, r.code(), r.err());
            assertTrue(r.err().contains("refused the message at MAIL FROM (server said: 550 5.7.1 sender rejected)"), r.err());
            assertFalse(r.err().contains("queued") || r.err().contains("try again later"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(CliRun.run(dir, cfg, "outbox").out().contains("the outbox is empty"));
        }
    }

    @Test
    void aQueuedMessageRefusedAtAFlushIsSetAsideAndListed() throws Exception {
        Result queued = send(config(dev.postern.ClosedPort.take()), "too big");
        assertEquals(75, queued.code(), queued.err());
        try (ScriptedServer server = ScriptedSmtp.refusing("END", "552 5.3.4 message size exceeds fixed limit")) {
            Path cfg = config(server.port());
            Result flush = CliRun.run(dir, cfg, "send", "--flush");
            assertEquals(65, flush.code(), flush.out() + flush.err());
            assertTrue(flush.err().contains("was refused and will not be sent again by itself"), flush.err());
            assertTrue(flush.out().contains("0 sent, 0 waiting"), flush.out());

            Result listed = CliRun.run(dir, cfg, "outbox");
            assertTrue(listed.out().contains("REFUSED by the server"), listed.out());
            assertTrue(listed.out().contains("552 5.3.4 message size exceeds fixed limit"), listed.out());
            assertTrue(CliRun.run(dir, cfg, "outbox", "--json").out().contains("\"state\":\"refused\""));

            assertTrue(flush.out().contains("1 set aside (refused or perhaps delivered: postern outbox lists it)"), flush.out());

            // A script sees it too: send --flush --json lists what is set aside, each as outbox --json shows it.
            String listedJson = CliRun.run(dir, cfg, "outbox", "--json").out().strip();
            for (String[] argv : List.of(new String[] {"send", "--flush", "--json"}, new String[] {"outbox", "--flush", "--json"})) {
                Result again = CliRun.run(dir, cfg, argv);
                assertEquals(0, again.code(), "nothing was set aside by this flush: " + again.out() + again.err());
                assertTrue(again.out().strip().startsWith("{\"account\":\"test\",\"sent\":0,\"waiting\":0,"), again.out());
                assertTrue(again.out().strip().endsWith(",\"set_aside\":[" + listedJson + "]}"),
                        String.join(" ", argv) + ": " + again.out() + " against outbox --json: " + listedJson);
            }

            assertEquals(66, CliRun.run(dir, cfg, "outbox", "--retry", "99").code());
            Result retry = CliRun.run(dir, cfg, "outbox", "--retry", "1");
            assertEquals(0, retry.code(), retry.err());
            assertTrue(retry.out().contains("waits again"), retry.out());
            assertTrue(CliRun.run(dir, cfg, "outbox", "--json").out().contains("\"state\":\"waiting\""));
        }
    }
}

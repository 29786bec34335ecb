package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.link.ScriptedServer;
import dev.postern.cli.CliRun.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `postern send` to an SMTP server whose reply has no end: one sentence naming the server, 75, the message kept. */
class HostileSmtpSendTest {
    @TempDir Path dir;

    @Test
    void aReplyWithoutEndIsTheServersFaultAndTheMessageWaitsInTheOutbox() throws Exception {
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "220 hostile ESMTP");
            ScriptedServer.line(in); // EHLO
            out.write("250-".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "e".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 10; i++) out.write(chunk);
            out.flush();
        })) {
            Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                    CliRun.account("test", "imap", dev.postern.ClosedPort.take(), "alice", "secret"),
                    "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + server.port()
                            + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
            Result r = CliRun.runWithStdin(dir, cfg, "body\n".getBytes(StandardCharsets.UTF_8), "send", "--to", "bob@localhost",
                    "-s", "kept");
            assertEquals(75, r.code(), r.err());
            String err = r.err().strip();
            assertTrue(err.contains("127.0.0.1:" + server.port() + " sent more than 64 KiB in one line"), err);
            assertTrue(err.contains("a fault of the server"), err);
            assertTrue(err.contains("queued in the outbox (1 waiting)"), err);
            assertFalse(err.contains("Exception"), err);
            Result outbox = CliRun.run(dir, cfg, "outbox");
            assertTrue(outbox.out().contains("kept"), outbox.out());
        }
    }
}

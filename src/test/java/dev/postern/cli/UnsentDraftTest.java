package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.link.ScriptedServer;
import dev.postern.backend.link.ScriptedSmtp;
import dev.postern.cli.CliRun.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 27, F10: `send` whose message is neither sent nor queued (a full data disk failed the outbox; a refusal) lost
 * the text typed on stdin and did not say the mail was not sent. The text must be kept as a draft, owner-only, in
 * $XDG_STATE_HOME/postern/drafts, and the sentence must say nothing was sent and name the file.
 */
class UnsentDraftTest {
    @TempDir Path dir;

    private Path config(int port) throws Exception {
        return CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("test", "imap", dev.postern.ClosedPort.take(), "alice", "secret"),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + port
                        + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\ntimeout_seconds = 5\n");
    }

    private Result send(Path cfg) {
        return CliRun.runWithStdin(dir, cfg, "the words I typed\n".getBytes(StandardCharsets.UTF_8), "send", "--to",
                "bob@localhost", "-s", "kept subject");
    }

    private Path theDraft(Result r) throws Exception {
        Path drafts = dir.resolve("state/postern/drafts");
        List<Path> kept;
        try (Stream<Path> s = Files.list(drafts)) {
            kept = s.toList();
        }
        assertEquals(1, kept.size(), kept.toString());
        Path d = kept.get(0);
        assertTrue(r.err().contains("nothing was sent") && r.err().contains("your draft is kept in " + d), r.err());
        String text = Files.readString(d);
        assertTrue(text.contains("the words I typed") && text.contains("To: bob@localhost") && text.contains("Subject: kept subject"), text);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)));
        return d;
    }

    @Test
    void aStoreThatCannotBeWrittenKeepsTheTypedTextAsADraftAndSaysNothingWasSent() throws Exception {
        // The server unreachable, so the message goes to the outbox; the data directory is a file, so the store fails.
        Files.writeString(dir.resolve("data"), "not a directory");
        Result r = send(config(dev.postern.ClosedPort.take()));
        assertTrue(r.code() != 0 && r.code() != 75, r.code() + " " + r.err());
        theDraft(r);
    }

    @Test
    void aRefusedRecipientKeepsTheTypedTextAsADraft() throws Exception {
        try (ScriptedServer server = ScriptedSmtp.refusing("RCPT", "550 5.1.1 no such user")) {
            Result r = send(config(server.port()));
            assertEquals(65, r.code(), r.err());
            theDraft(r);
        }
    }
}

package dev.postern.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.link.ScriptedServer;
import dev.postern.e2e.SendStall;
import dev.postern.store.OutboxEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 31, S2 and the kill -9 half of S1: a direct {@code postern send} killed with -9 (a power cut, the OOM killer)
 * left nothing: before its final dot the text given on stdin was gone (no draft), and after it (the server may have
 * delivered it) nothing said it may have gone, so the user sent it again. Now the draft is on disk before postern
 * connects, and the message is in the outbox as perhaps delivered (committed) before its end of data, the draft then
 * dropped: after a kill the user finds one or the other, never nothing, never both.
 */
@Timeout(60)
class SendKillTest {
    @TempDir Path dir;
    private SendStall stall;

    @BeforeEach
    void setUp() {
        stall = new SendStall(dir);
    }

    private static String[] send(String subject) {
        return new String[] {"send", "-a", "t", "--to", "bob@localhost", "-s", subject};
    }

    /** `postern send` in a JVM of its own, killed with SIGKILL once the server got as far as {@code verb}. */
    private void killedAt(String verb, String subject) throws Exception {
        stall.killedAt(verb, stall.env(), "precious text\n", send(subject));
    }

    @Test
    void killedBeforeTheFinalDotTheTextIsKeptAsADraft() throws Exception {
        killedAt("RCPT", "beforeDot");
        List<Path> drafts = stall.drafts();
        assertEquals(1, drafts.size(), "the text given on stdin is on disk: " + drafts);
        String kept = Files.readString(drafts.get(0), UTF_8);
        assertTrue(kept.contains("precious text") && kept.contains("To: bob@localhost") && kept.contains("Subject: beforeDot"), kept);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(drafts.get(0))));
        assertTrue(stall.outbox().isEmpty(), "nothing went out: not in the outbox");
    }

    @Test
    void killedAfterTheFinalDotTheMessageIsInTheOutboxAsPerhapsSentAndNotSentAgain() throws Exception {
        killedAt("END", "afterDot");
        assertEquals(List.of("afterDot"), stall.received());
        List<OutboxEntry> left = stall.outbox();
        assertEquals(1, left.size(), "the message that may have gone is recorded");
        assertEquals(OutboxEntry.State.UNCONFIRMED, left.get(0).state(), "never sent again by itself");
        assertTrue(left.get(0).lastError().contains("may have delivered it"), left.get(0).lastError());
        assertTrue(stall.drafts().isEmpty(), "no draft besides it, which the user would send again: " + stall.drafts());

        // The next send flushes the outbox first: the one perhaps delivered is left alone; the new one goes.
        try (ScriptedServer answering = stall.silentAt("NONE")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            String[] argv = dev.postern.e2e.PosternConfig.argv(stall.config(answering.port()), send("next"));
            int code = Main.run(argv, stall.env(), new ByteArrayInputStream("hi\n".getBytes(UTF_8)),
                    false, out, new PrintStream(err, true, UTF_8), null);
            assertEquals(0, code, err.toString(UTF_8));
        }
        assertEquals(List.of("afterDot", "next"), stall.received(), "the perhaps delivered one is not sent twice");
        assertEquals(1, stall.outbox().size(), "the sent one leaves no record");
        assertTrue(stall.drafts().isEmpty(), "a sent message leaves no draft: " + stall.drafts());
    }
}

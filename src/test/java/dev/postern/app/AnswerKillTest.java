package dev.postern.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.e2e.SendStall;
import dev.postern.store.OutboxEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill -9 rule of {@code send} (SendKillTest) for the other doors that send: {@code reply} and {@code forward} lost
 * the text typed on stdin (or written in the editor, which sat in the temporary directory) to a kill before the final
 * dot, and a {@code bounce} killed after its dot left no trace, so the user bounced it again. Now each leaves the draft
 * (killed before the dot: while connecting or talking to the server) or the outbox entry marked MAY HAVE BEEN SENT
 * (after it), never nothing and never both.
 */
@Timeout(90)
class AnswerKillTest {
    @TempDir Path dir;
    private SendStall stall;

    @BeforeEach
    void setUp() {
        stall = new SendStall(dir);
        stall.seed("Plans", "Shall we meet?");
    }

    private void onlyTheDraft(String text) throws Exception {
        List<Path> drafts = stall.drafts();
        assertEquals(1, drafts.size(), "what was typed is on disk: " + drafts + "; " + stall.err());
        assertTrue(Files.readString(drafts.get(0), UTF_8).contains(text), Files.readString(drafts.get(0), UTF_8));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(drafts.get(0))));
        assertTrue(stall.outbox().isEmpty(), "nothing went out: not in the outbox");
    }

    private void onlyTheOutboxEntry(String subject) throws Exception {
        assertEquals(List.of(subject), stall.received());
        List<OutboxEntry> left = stall.outbox();
        assertEquals(1, left.size(), "the message that may have gone is recorded");
        assertEquals(OutboxEntry.State.UNCONFIRMED, left.get(0).state(), "never sent again by itself");
        assertTrue(stall.drafts().isEmpty(), "no draft besides it, which the user would send again: " + stall.drafts());
    }

    @Test
    void replyKilledWhileConnectingKeepsTheTextAsADraft() throws Exception {
        stall.killedAt("GREETING", stall.env(), "precious answer\n", "reply", "INBOX", "1");
        onlyTheDraft("precious answer");
    }

    @Test
    void replyKilledBeforeTheFinalDotKeepsTheTextAsADraft() throws Exception {
        stall.killedAt("RCPT", stall.env(), "precious answer\n", "reply", "INBOX", "1");
        onlyTheDraft("precious answer");
    }

    @Test
    void replyKilledAfterTheFinalDotIsInTheOutboxAndLeavesNoDraft() throws Exception {
        stall.killedAt("END", stall.env(), "precious answer\n", "reply", "INBOX", "1");
        onlyTheOutboxEntry("Re: Plans");
    }

    @Test
    void forwardKilledBeforeTheFinalDotKeepsTheTextAsADraft() throws Exception {
        stall.killedAt("RCPT", stall.env(), "see below\n", "forward", "INBOX", "1", "--to", "carol@localhost");
        onlyTheDraft("see below");
    }

    @Test
    void forwardKilledAfterTheFinalDotIsInTheOutboxAndLeavesNoDraft() throws Exception {
        stall.killedAt("END", stall.env(), "see below\n", "forward", "INBOX", "1", "--to", "carol@localhost");
        onlyTheOutboxEntry("Fwd: Plans");
    }

    /** The editor's draft, which sat in the temporary directory (a tmpfs loses it to a power cut), is in drafts/ ahead. */
    private Map<String, String> editor() throws Exception {
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\nprintf 'written in the editor\\n' >> \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        return stall.env(Map.of("EDITOR", editor.toString()));
    }

    @Test
    void anEditedReplyKilledBeforeTheFinalDotIsADraftInTheDraftsDirectory() throws Exception {
        stall.killedAt("RCPT", editor(), "", "reply", "INBOX", "1", "--edit", "--yes");
        onlyTheDraft("written in the editor");
        assertEquals(List.of(), SendStall.files(stall.tmp()), "the editor's file left the temporary directory");
    }

    @Test
    void anEditedReplyKilledAfterTheFinalDotLeavesNoDraftAnywhere() throws Exception {
        stall.killedAt("END", editor(), "", "reply", "INBOX", "1", "--edit", "--yes");
        onlyTheOutboxEntry("Re: Plans");
        assertEquals(List.of(), SendStall.files(stall.tmp()), "no editor's file besides the outbox entry");
    }

    @Test
    void aBounceKilledBeforeTheFinalDotLeavesNothingToSendTwice() throws Exception {
        stall.killedAt("RCPT", stall.env(), "", "bounce", "INBOX", "1", "--to", "carol@localhost");
        assertTrue(stall.outbox().isEmpty(), "nothing went out: bounce it again");
        assertTrue(stall.drafts().isEmpty(), "a bounce has no text of the user's");
    }

    @Test
    void aBounceKilledAfterTheFinalDotIsInTheOutboxAsPerhapsSent() throws Exception {
        stall.killedAt("END", stall.env(), "", "bounce", "INBOX", "1", "--to", "carol@localhost");
        assertEquals(List.of("Plans"), stall.received());
        List<OutboxEntry> left = stall.outbox();
        assertEquals(1, left.size(), "the bounce that may have gone is recorded: " + stall.err());
        assertEquals(OutboxEntry.State.UNCONFIRMED, left.get(0).state(), "never sent again by itself");
        assertEquals(List.of("carol@localhost"), left.get(0).recipients());
        assertEquals("carol@localhost", dev.postern.compose.OutboxItem.of(left.get(0)).to(), "listed to whom it was bounced");
    }
}

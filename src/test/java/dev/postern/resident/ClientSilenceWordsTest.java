package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a client says of an owner it gave up. Hunt 36-K, K5: a served reader whose owner was stopped ended with a batch
 * command's words ("this command was given up here ... part of it may have been done"); K1: which command lines send mail.
 */
class ClientSilenceWordsTest {
    @Test
    void aServedReaderGivenUpIsSaidAsAReader() throws Exception {
        Pipe pipe = Pipe.open();
        ClientSilence reader = ClientSilence.watch(pipe.source(), Path.of("/d"));
        try {
            assertEquals("postern: the postern that owns /d (pid 42) stopped answering (stopped? suspended with Ctrl-Z?); resume it"
                    + " with fg or kill -CONT 42, or stop it; this reader was ended here.", reader.sentence(Path.of("/d"), 42, true, null));
            assertEquals("postern: the postern that owns /d (pid 42) is not answering (stopped? suspended with Ctrl-Z?); resume it"
                    + " with fg or kill -CONT 42, or stop it.", reader.sentence(Path.of("/d"), 42, false, null));
        } finally {
            reader.end();
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void theCommandLinesThatSendMailAreTold() {
        for (String line : new String[] {"send", "--config c send --flush", "reply INBOX 3", "forward INBOX 3", "bounce INBOX 3",
                "recall 7", "outbox --flush", "outbox --retry 2", "-a work outbox --retry=2"}) {
            assertTrue(ClientSilence.sends(line.split(" ")), line);
        }
        for (String line : new String[] {"sync", "fetch", "outbox", "outbox --drop 2", "list INBOX", "outbox -- --flush", "INBOX"}) {
            assertFalse(ClientSilence.sends(line.split(" ")), line);
        }
        assertFalse(ClientSilence.sends(null), "the reader");
        assertEquals("/s/postern/drafts", ClientSilence.drafts(Map.of("XDG_STATE_HOME", "/s", "HOME", "/h")));
        assertEquals("/h/.local/state/postern/drafts", ClientSilence.drafts(Map.of("XDG_STATE_HOME", "rel", "HOME", "/h")));
    }

    /**
     * Hunt 36-K: the command lines whose text comes from stdin, whose unread rest a client keeps when the owner is lost
     * ({@link ClientStdin}); the Perl client's {@code sub reads_text} tells the same ones.
     */
    @Test
    void theCommandLinesThatReadTheirTextFromStdinAreToldAlikeByBothClients() throws Exception {
        String[] lines = {"send", "--config c send --to a", "reply INBOX 3", "forward INBOX 3 --to a", "send --flush", "send --file m",
            "send --file=m", "reply INBOX 3 --body-file b", "forward INBOX 3 --body-file=b", "reply INBOX 3 --edit", "bounce INBOX 3",
            "recall 7", "outbox --flush", "list INBOX", "send -- --file", "INBOX", "send --filex", "-a work send --to a"};
        boolean[] reads = {true, true, true, true, false, false, false, false, false, false, false, false, false, false, true, false,
            true, true};
        for (int i = 0; i < lines.length; i++) assertEquals(reads[i], ClientSilence.readsText(lines[i].split(" ")), lines[i]);
        assertFalse(ClientSilence.readsText(null), "the reader");
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/perl").canExecute(), "no perl");
        String client = java.nio.file.Files.readString(Path.of("packaging/client/postern-client.pl"));
        int at = client.indexOf("\nsub reads_text {");
        assertTrue(at >= 0, "the Perl client has no sub reads_text");
        String sub = client.substring(at, client.indexOf("\n}\n", at) + 3);
        StringBuilder script = new StringBuilder("our ($named, @args);").append(sub);
        for (String line : lines) {
            String word = dev.postern.cli.CommandNames.firstWord(line.split(" "));
            script.append("$named = ").append(word == null ? "undef" : "'" + word + "'").append("; @args = qw(").append(line)
                    .append("); print reads_text() ? 1 : 0, \"\\n\";");
        }
        Process p = new ProcessBuilder("perl", "-e", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        String[] got = out.strip().split("\n");
        assertEquals(lines.length, got.length, out);
        for (int i = 0; i < lines.length; i++) assertEquals(reads[i] ? "1" : "0", got[i], "the Perl client on '" + lines[i] + "'");
    }

    /**
     * The launcher's Perl client decides the same by its own copy of the rule ({@code sub sends}): run here, on the same
     * command lines, with the first word as {@link dev.postern.cli.CommandNames#firstWord} reads it.
     */
    @Test
    void thePerlClientTellsTheSameCommandLinesAsSending() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/perl").canExecute(), "no perl");
        String client = java.nio.file.Files.readString(Path.of("packaging/client/postern-client.pl"));
        int at = client.indexOf("\nsub sends {");
        assertTrue(at >= 0, "the Perl client has no sub sends");
        String sub = client.substring(at, client.indexOf("\n}\n", at) + 3);
        String[] lines = {"send", "--config c send --flush", "reply INBOX 3", "forward INBOX 3", "bounce INBOX 3", "recall 7",
            "outbox --flush", "outbox --retry 2", "-a work outbox --retry=2", "sync", "fetch", "outbox", "outbox --drop 2",
            "list INBOX", "outbox -- --flush", "INBOX", "outbox --flush=x", "outbox --retryx"};
        StringBuilder script = new StringBuilder("our ($named, @args);").append(sub);
        for (String line : lines) {
            String word = dev.postern.cli.CommandNames.firstWord(line.split(" "));
            script.append("$named = ").append(word == null ? "undef" : "'" + word + "'").append("; @args = qw(").append(line)
                    .append("); print sends() ? 1 : 0, \"\\n\";");
        }
        Process p = new ProcessBuilder("perl", "-e", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        String[] got = out.strip().split("\n");
        assertEquals(lines.length, got.length, out);
        for (int i = 0; i < lines.length; i++) {
            assertEquals(ClientSilence.sends(lines[i].split(" ")) ? "1" : "0", got[i], "the Perl client on '" + lines[i] + "'");
        }
    }
}

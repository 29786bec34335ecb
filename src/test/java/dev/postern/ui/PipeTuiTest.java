package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.googlecode.lanterna.input.KeyType;
import dev.postern.model.MessageRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: | pipes the message's exact bytes (after ; the tagged ones, one after another) to a shell command,
 * as mutt's pipe-message; what it printed is shown in the pager and its exit status on the status line.
 */
class PipeTuiTest {
    @TempDir Path dir;

    static byte[] raw(MessageRef ref) {
        return ("Subject: Message #" + ref.uid() + "\r\nX-Bytes: caf\u00e9\r\n\r\nbody " + ref.uid() + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    static final class WithRaw extends InMemoryMailController {
        @Override
        public CompletableFuture<byte[]> raw(MessageRef ref) {
            return CompletableFuture.completedFuture(PipeTuiTest.raw(ref));
        }
    }

    @Test
    void pipesTheMessageAndShowsTheOutputAndTheExitStatus() throws Exception {
        WithRaw c = new WithRaw();
        c.addFolder("work", "INBOX", 5);
        Path out = dir.resolve("piped");
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("Message #5");
            h.type("|");
            h.awaitText("Pipe the message to command:");
            h.type("cat > '" + out + "'; echo wrote it; exit 3");
            h.press(KeyType.Enter);
            h.awaitText("wrote it");
            h.awaitText("The command exited with status 3:");
            h.awaitText("Exit status: 3");
            assertArrayEquals(raw(new MessageRef("work", "INBOX", 1, 5)), Files.readAllBytes(out));
            h.type("q");
            h.awaitText("Message #4");

            // The tagged set, in the order tagged, with ;|
            Path both = dir.resolve("both");
            h.type("tt"); // tags #5 and #4
            h.type(";|");
            h.awaitText("Pipe 2 messages to command:");
            h.type("cat > '" + both + "'");
            h.press(KeyType.Enter);
            h.awaitText("The command exited with status 0:");
            h.awaitText("(no output)");
            byte[] a = raw(new MessageRef("work", "INBOX", 1, 5));
            byte[] b = raw(new MessageRef("work", "INBOX", 1, 4));
            byte[] expected = new byte[a.length + b.length];
            System.arraycopy(a, 0, expected, 0, a.length);
            System.arraycopy(b, 0, expected, a.length, b.length);
            assertArrayEquals(expected, Files.readAllBytes(both));
        }
    }

    /**
     * A command's output in the pager is text, not a message: the keys that act on the message shown (full headers,
     * attachments, links) say so instead of failing inside the reader ('h' was an internal error: no message ref).
     */
    @Test
    void keysForTheMessageShownAnswerOnACommandsOutput() throws Exception {
        WithRaw c = new WithRaw();
        c.addFolder("work", "INBOX", 5);
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("Message #5");
            h.type("|");
            h.awaitText("Pipe the message to command:");
            h.type("echo piped-output");
            h.press(KeyType.Enter);
            h.awaitText("Exit status: 0"); // the output, not the prompt's echo of the command
            h.type("h");
            h.awaitText("This text is no message; it has no headers.");
            for (String[] k : new String[][] {{"s", "This message has no attachments."}, {"v", "This message has no attachments."},
                    {"A", "Every attachment is already here."}, {"U", "This message has no links."}}) {
                h.type(k[0]);
                h.awaitText(k[1]);
                h.type("h");
                h.awaitText("This text is no message; it has no headers.");
            }
            h.type("q");
            h.awaitText("Message #5");
        }
    }

    /**
     * Alt-| (pipe-decoded, mutt's pipe_decode): the command gets the message as the pager shows it, its displayed
     * header fields, a blank line and the decoded body in UTF-8, not the raw bytes; the same from the pager.
     */
    @Test
    void pipesTheDecodedTextWithAltBar() throws Exception {
        WithRaw c = new WithRaw();
        c.addFolder("work", "INBOX", 5);
        c.renderer = ref -> new dev.postern.render.RenderedMessage(
                java.util.List.of(new dev.postern.render.RenderedMessage.Header("Subject", "Caf\u00e9 #" + ref.uid())),
                "Decoded caf\u00e9 body " + ref.uid(), java.util.List.of(), java.util.List.of());
        Path out = dir.resolve("text");
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("Message #5");
            h.terminal.addInput(new com.googlecode.lanterna.input.KeyStroke('|', false, true));
            h.awaitText("Pipe the message as text to command:");
            h.type("cat > '" + out + "'");
            h.press(KeyType.Enter);
            h.awaitText("The command exited with status 0:");
            assertArrayEquals("Subject: Caf\u00e9 #5\n\nDecoded caf\u00e9 body 5\n".getBytes(StandardCharsets.UTF_8),
                    Files.readAllBytes(out));

            // From the pager, the message shown.
            h.type("q");
            h.awaitText("Message #4");
            h.type("j");
            h.press(KeyType.Enter);
            h.awaitText("Decoded caf\u00e9 body 4");
            h.terminal.addInput(new com.googlecode.lanterna.input.KeyStroke('|', false, true));
            h.awaitText("Pipe the message as text to command:");
            h.type("cat > '" + out + "'");
            h.press(KeyType.Enter);
            h.awaitText("The command exited with status 0:");
            assertArrayEquals("Subject: Caf\u00e9 #4\n\nDecoded caf\u00e9 body 4\n".getBytes(StandardCharsets.UTF_8),
                    Files.readAllBytes(out));
        }
    }
    /**
     * A command that ends after the user has moved on (opened the message in the pager, gone to the compose screen)
     * took over the screen with its output, while the keys still went to the view underneath: q y on what looked
     * like a pager discarded a draft (hunt E, F1). Its output now replaces the view only if the user is still there.
     */
    @Test
    void aCommandThatEndsAfterTheUserMovedOnDoesNotTakeOverTheScreen() throws Exception {
        WithRaw c = new WithRaw();
        c.addFolder("work", "INBOX", 5);
        Path go = dir.resolve("go");
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("Message #5");
            h.type("|");
            h.awaitText("Pipe the message to command:");
            h.type("cat >/dev/null; while [ ! -f '" + go + "' ]; do sleep 0.05; done; echo PIPEDONE");
            h.press(KeyType.Enter);
            h.awaitText("Running");
            h.type("j");
            h.press(KeyType.Enter); // the pager, on message 4
            h.awaitText("Body of message 4");
            Files.createFile(go);
            h.awaitText("(output not shown: you had moved on)");
            String screen = h.screen();
            org.junit.jupiter.api.Assertions.assertFalse(screen.contains("PIPEDONE"), screen);
            org.junit.jupiter.api.Assertions.assertTrue(screen.contains("Body of message 4"), screen);
        }
    }
}

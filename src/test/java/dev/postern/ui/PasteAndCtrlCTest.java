package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pasted text in the reader (hunt 37-G, G2 and G3), on a served reader's terminal (the bytes typed are the bytes a
 * terminal sends; the process's own terminal reads through the same KeyInput): Ctrl-C behind a paste or any queue of
 * keys quits before any of them is handled, and a bracketed paste is text for the open prompt, never keys.
 */
@Timeout(60)
class PasteAndCtrlCTest {
    private static final String START = "\033[200~";
    private static final String END = "\033[201~";

    /** Counts the keys it is given and draws nothing. */
    private static class Counting implements UiLoop.Ui {
        int keys;
        StringBuilder pasted = new StringBuilder();

        @Override public void onKey(KeyStroke key) { keys++; }

        @Override public void onPaste(String text) { pasted.append(text); }

        @Override public void draw(Screen screen) {}

        @Override public void onResize(TerminalSize size) {}

        @Override public boolean running() { return true; }
    }

    @Test
    void ctrlCBehindAHundredThousandKeysQuitsBeforeAnyOfThemIsHandled() throws Exception {
        RelayTerminal t = new RelayTerminal(new ByteArrayOutputStream(), StandardCharsets.UTF_8, 80, 24);
        TerminalScreen screen = new TerminalScreen(t);
        screen.startScreen();
        t.typed("j".repeat(100_000).getBytes(StandardCharsets.US_ASCII)); // an unbracketed paste, or a long typeahead
        t.typed(new byte[] {3});
        Counting ui = new Counting();
        new UiLoop(screen).run(ui); // returns on Ctrl-C
        assertEquals(0, ui.keys, "keys handled before the Ctrl-C typed after them");
    }

    @Test
    void aBracketedPasteIsOneTextWhateverItHoldsAndTheKeysAfterItAreKeys() throws Exception {
        RelayTerminal t = new RelayTerminal(new ByteArrayOutputStream(), StandardCharsets.UTF_8, 80, 24);
        TerminalScreen screen = new TerminalScreen(t);
        screen.startScreen();
        t.typed((START + "zzz\ndy日本").getBytes(StandardCharsets.UTF_8));
        t.typed(("語😀\r\nq\033[A" + END + "x").getBytes(StandardCharsets.UTF_8)); // split over two reads
        Counting ui = new Counting() {
            @Override public boolean running() { return keys == 0; } // ends after the first key
        };
        new UiLoop(screen).run(ui);
        assertEquals("zzz\ndy日本語😀\r\nq\033[A", ui.pasted.toString());
        assertEquals(1, ui.keys, "the x typed after the paste");
    }

    @Test
    void aPasteIsOneLineInTheOpenPromptAndNothingOutsideOne() throws Exception {
        InMemoryMailController c = new InMemoryMailController().addFolder("work", "INBOX", 10);
        RelayTerminal t = new RelayTerminal(new ByteArrayOutputStream(), StandardCharsets.UTF_8, 80, 24);
        AtomicReference<Tui.Shown> shown = new AtomicReference<>();
        Thread reader = new Thread(() -> Tui.run(c, "work", "INBOX", t,
                new TuiOptions(Palette.defaults(), KeyMap.defaults(), null, null, null), Clock.systemUTC(),
                ReaderTerminal.OWN, shown), "reader");
        reader.start();
        try {
            await(shown, ui -> ui.index().total() == 10);
            t.typed("/".getBytes(StandardCharsets.US_ASCII));
            await(shown, ui -> ui.prompt().active());
            // Before, the newline was Enter: the search ran and d y deleted a message (y answering d's question).
            t.typed((START + "zzz\ndy\n" + END).getBytes(StandardCharsets.US_ASCII));
            await(shown, ui -> "zzz dy".equals(ui.prompt().text()));
            t.typed(new byte[] {7}); // Ctrl-G: the prompt put away
            await(shown, ui -> !ui.prompt().active());
            t.typed((START + "dy" + END).getBytes(StandardCharsets.US_ASCII));
            await(shown, ui -> ui.status().showing(
                    "Pasted text ignored: paste into a prompt (/ to search, : for a command); it is never run as keys."));
            assertFalse((boolean) on(shown, ui -> ui.prompt().active()), "d's question is open");
            t.typed(":".getBytes(StandardCharsets.US_ASCII));
            await(shown, ui -> ui.prompt().active());
            t.typed((START + "x".repeat(Paste.PROMPT_MAX + 500) + END).getBytes(StandardCharsets.US_ASCII));
            await(shown, ui -> ui.prompt().text().length() == Paste.PROMPT_MAX);
        } finally {
            t.typed(new byte[] {3});
            reader.join(20_000);
        }
        assertFalse(reader.isAlive(), "Ctrl-C did not end the reader");
    }

    private static <T> T on(AtomicReference<Tui.Shown> shown, Function<MailUi, T> read) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Tui.Shown s = shown.get();
        s.loop().post(() -> f.complete(read.apply(s.ui())));
        return f.get(10, TimeUnit.SECONDS);
    }

    private static void await(AtomicReference<Tui.Shown> shown, Function<MailUi, Boolean> done) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (shown.get() == null || !on(shown, done)) {
            assertTrue(System.nanoTime() < end, "the reader never got there");
            Thread.sleep(20); // polling a condition, not standing in for one
        }
    }

    /**
     * The answer to a size query sent just before the end is read and dropped by the reader, not left to the shell as
     * typed input (hunt 37-G, G11); one that never comes holds the end 100 ms at most.
     */
    @Test
    void theEndReadsTheSizeAnswersStillOwed() throws Exception {
        RelayTerminal t = new RelayTerminal(new ByteArrayOutputStream(), StandardCharsets.UTF_8, 80, 24);
        KeyInput in = t.keyInput();
        t.typed("j\033[24;80R".getBytes(StandardCharsets.US_ASCII)); // one answered already
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                return;
            }
            t.typed("\033[40;120R".getBytes(StandardCharsets.US_ASCII));
        });
        late.start();
        in.awaitAnswers(() -> 2, 10_000);
        late.join();
        assertEquals(0, in.available(), "the late answer is left for whoever reads next");
        long start = System.nanoTime();
        in.awaitAnswers(() -> 3, 100); // never answered
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }
}

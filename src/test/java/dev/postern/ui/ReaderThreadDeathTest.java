package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * While the reader runs on its own terminal, a thread of the process other than its own that dies (a client's request
 * it serves, a controller worker) is the log's: nothing printed over the screen, the terminal left raw. The reader's
 * handler put the terminal back (cooked: q echoed and did nothing until Enter) and printed an "internal error" line over
 * the screen when a client's deeply nested query overflowed a request thread's stack (hunt 38-Q, Q14).
 */
class ReaderThreadDeathTest {
    @Test
    void anotherThreadsDeathPrintsNothing() {
        PrintStream was = System.err;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        System.setErr(new PrintStream(b, true, StandardCharsets.UTF_8));
        try {
            Tui.otherThreadDied(new Thread(() -> {}, "postern-owner-request"), new StackOverflowError(), null);
            Tui.otherThreadDied(new Thread(() -> {}, "postern-account-home"), new IllegalStateException("a bug"), null);
            Tui.otherThreadDied(new Thread(() -> {}, "Lucene Merge Thread #0"),
                    new RuntimeException(new java.io.IOException("No space left on device")), null);
        } finally {
            System.setErr(was);
        }
        // Under test the log goes to stderr (the process's goes to its file): nothing but its lines.
        String said = b.toString(StandardCharsets.UTF_8);
        assertEquals(java.util.List.of(), said.lines().filter(l -> !l.matches("\\d{4}-\\d\\d-\\d\\dT.* (ERROR|WARN) dev\\.postern\\.ui\\.Tui - .*")
                && !l.startsWith("\t") && !l.startsWith("java.") && !l.startsWith("Caused by")).toList(), said);
    }

    /** Its status line says so, once the reader's views are up: a worker that died left a folder unloaded, unexplained. */
    @Test
    void theStatusLineSaysABackgroundTaskDied() throws Exception {
        InMemoryMailController c = new InMemoryMailController().addFolder("work", "INBOX", 3);
        java.util.concurrent.atomic.AtomicReference<Tui.Shown> shown = new java.util.concurrent.atomic.AtomicReference<>();
        TuiOptions options = new TuiOptions(Palette.defaults(), KeyMap.defaults(), null, null, null);
        try (TuiHarness h = new TuiHarness(80, 24, t -> Tui.run(c, "work", "INBOX", t, options,
                java.time.Clock.fixed(InMemoryMailController.BASE, java.time.ZoneOffset.UTC), ReaderTerminal.OWN, shown))) {
            h.awaitText("Message #3");
            Tui.otherThreadDied(new Thread(() -> {}, "postern-owner-request"), new IllegalStateException("a client's"), shown.get());
            Tui.otherThreadDied(new Thread(() -> {}, "Lucene Merge Thread #0"),
                    new RuntimeException(new java.io.IOException("No space left on device")), shown.get());
            h.awaitText("A background task failed: No space left on device; see the log file.");
            Tui.otherThreadDied(new Thread(() -> {}, "postern-account-work"), new IllegalStateException("a bug"), shown.get());
            h.awaitText("A background task stopped on an internal error; see the log file.");
            // Out of memory is the heap's size, said with the remedy, not "an internal error" (hunt 39-S, S4's sibling).
            Tui.otherThreadDied(new Thread(() -> {}, "postern-render-1"),
                    new RuntimeException(new OutOfMemoryError("Java heap space")), shown.get());
            h.awaitText("Out of memory in a background task: heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MB, try POSTERN_JAVA_OPTS=-Xmx");
            org.junit.jupiter.api.Assertions.assertFalse(h.screen().contains("client's"), h.screen());
        }
    }
}

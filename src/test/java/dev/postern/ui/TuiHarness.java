package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Runs the real Tui on a virtual terminal in a background thread and reads the screen as a person would.
 * Waiting is always "poll until the screen shows X, fail after a deadline": never a fixed sleep.
 */
final class TuiHarness implements AutoCloseable {
    /**
     * How long a wait for the screen (or a server's copy) may take before it fails: not a bound on the reader's
     * answers (those are measured and asserted apart), so generous. 10 s failed ci35b three times at load 26-30 on
     * two cores (a reader's first paint, threading 100,000 messages, a 10 MB download: 1.2-1.5 s when quiet).
     */
    static final Duration DEADLINE = Duration.ofSeconds(30);

    final InMemoryMailController controller;
    final DefaultVirtualTerminal terminal;
    final Palette palette;
    private final Thread thread;
    private final AtomicReference<Throwable> crash = new AtomicReference<>();
    private java.nio.file.Path stateDir;

    TuiHarness(InMemoryMailController controller, String account, String folder, int cols, int rows) {
        this(controller, account, folder, cols, rows, Palette.defaults());
    }

    TuiHarness(InMemoryMailController controller, String account, String folder, int cols, int rows,
               Palette palette) {
        this((dev.postern.controller.MailController) controller, account, folder, cols, rows, palette);
    }

    /** On any controller, the real one included; {@link #controller} is then null. */
    TuiHarness(dev.postern.controller.MailController any, String account, String folder, int cols, int rows,
               Palette palette) {
        this.controller = any instanceof InMemoryMailController im ? im : null;
        dev.postern.controller.MailController controller = any;
        this.palette = palette;
        this.terminal = new DefaultVirtualTerminal(new TerminalSize(cols, rows));
        keepFrames();
        Clock clock = Clock.fixed(InMemoryMailController.BASE, ZoneOffset.UTC);
        // A state directory of the test's own: a message left open at the end is kept there (drafts/), not in /tmp.
        try {
            stateDir = java.nio.file.Files.createTempDirectory("postern-tui-state");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        TuiOptions options = new TuiOptions(palette, KeyMap.defaults(), null, stateDir.resolve("history"), null);
        thread = new Thread(() -> {
            try {
                Tui.run(controller, account, folder, terminal, options, clock);
            } catch (Throwable t) {
                crash.set(t);
            }
        }, "tui-under-test");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code body} (which runs the reader on the terminal it is given, e.g. through Main.run) in the background. */
    TuiHarness(int cols, int rows, java.util.function.Consumer<DefaultVirtualTerminal> body) {
        this.controller = null;
        this.palette = null;
        this.terminal = new DefaultVirtualTerminal(new TerminalSize(cols, rows));
        keepFrames();
        thread = new Thread(() -> {
            try {
                body.accept(terminal);
            } catch (Throwable t) {
                crash.set(t);
            }
        }, "tui-under-test");
        thread.setDaemon(true);
        thread.start();
    }

    void type(String keys) {
        for (char ch : keys.toCharArray()) terminal.addInput(new KeyStroke(ch, false, false));
    }

    void press(KeyType type) { terminal.addInput(new KeyStroke(type)); }

    /**
     * The rows of the last frame the reader finished: Lanterna's screen writes a frame cell by cell and flushes
     * the terminal at its end, so rows copied at the flush are one whole frame. Reading the live cells instead
     * caught frames half drawn (a status bar cut after "real: INBOX"), and a row read that way could be a row
     * of no frame at all; tests failed on CI over correct screens.
     */
    private volatile Frame frame;

    /** One whole frame: its rows' text and its cells (colours, attributes, for {@link #cell}), read once at the flush. */
    private record Frame(String[] rows, TextCharacter[][] cells) {}

    private void keepFrames() {
        terminal.addVirtualTerminalListener(new com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener() {
            @Override public void onFlush() {
                TerminalSize size = terminal.getTerminalSize();
                String[] rows = new String[size.getRows()];
                TextCharacter[][] cells = new TextCharacter[size.getRows()][];
                for (int r = 0; r < rows.length; r++) {
                    cells[r] = liveCells(r, size.getColumns());
                    rows[r] = text(cells[r]);
                }
                frame = new Frame(rows, cells);
            }
            @Override public void onBell() {}
            @Override public void onClose() {}
            @Override public void onResized(com.googlecode.lanterna.terminal.Terminal t, TerminalSize size) {}
        });
    }

    /** The text of one row of the last whole frame (see {@link #frame}); the live cells before the first one. */
    String row(int r) {
        if (r < 0) return ""; // rowContaining found nothing (yet): a waiting predicate just sees no text
        Frame f = frame;
        if (f == null) return text(liveCells(r, terminal.getTerminalSize().getColumns()));
        return r < f.rows().length ? f.rows()[r] : "";
    }

    /**
     * One cell of the last whole frame (see {@link #frame}); the live cell before the first one. Asserting on a
     * colour read live after a wait raced the next redraw: TuiTest read the error line's first cell as DEFAULT
     * in a CI run whose frames had it red.
     */
    TextCharacter cell(int col, int r) {
        Frame f = frame;
        if (f == null || r >= f.cells().length || col >= f.cells()[r].length) return terminal.getCharacter(col, r);
        return f.cells()[r][col];
    }

    /** The live cells of row {@code r}. */
    private TextCharacter[] liveCells(int r, int cols) {
        TextCharacter[] cells = new TextCharacter[cols];
        for (int col = 0; col < cols; col++) cells[col] = terminal.getCharacter(col, r);
        return cells;
    }

    /** The text of one row as it appears: a double-width character counts once, its filler cell is skipped. */
    private static String text(TextCharacter[] cells) {
        StringBuilder sb = new StringBuilder();
        for (int col = 0; col < cells.length; col++) {
            sb.append(cells[col].getCharacterString());
            if (cells[col].isDoubleWidth()) col++;
        }
        return sb.toString();
    }

    int rows() {
        Frame f = frame;
        return f != null ? f.rows().length : terminal.getTerminalSize().getRows();
    }

    /**
     * The screen as one frame: rows are read one by one while the UI thread may be redrawing, so a read taken
     * during a refresh can mix two frames (a header of the old one, a body of the new); a screen is taken only
     * when two reads in a row agree.
     */
    String screen() {
        String last = read();
        for (int i = 0; i < 100; i++) {
            String again = read();
            if (again.equals(last)) return again;
            last = again;
        }
        return last;
    }

    private String read() {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows(); r++) sb.append(row(r).stripTrailing()).append('\n');
        return sb.toString();
    }

    /** Row index of the first row containing {@code text}, or -1. */
    int rowContaining(String text) {
        for (int r = 0; r < rows(); r++) if (row(r).contains(text)) return r;
        return -1;
    }

    String awaitScreen(String description, Predicate<String> condition) {
        return awaitScreen(description, condition, DEADLINE);
    }

    /** As {@link #awaitScreen(String, Predicate)}, for a step that starts a JVM of its own (the forked Tika). */
    String awaitScreen(String description, Predicate<String> condition, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        String last;
        do {
            assertAlive();
            last = screen();
            if (condition.test(last)) return last;
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        } while (System.nanoTime() < end);
        return fail("Timed out waiting for: " + description + "\nScreen was:\n" + last);
    }

    String awaitText(String text) {
        return awaitScreen("screen shows '" + text + "'", s -> s.contains(text));
    }

    String awaitGone(String text) {
        return awaitScreen("screen no longer shows '" + text + "'", s -> !s.contains(text));
    }

    void awaitRow(int r, String text) {
        awaitScreen("row " + r + " shows '" + text + "'", s -> row(r).contains(text));
    }

    void assertAlive() {
        Throwable t = crash.get();
        if (t != null) throw new AssertionError("Tui crashed", t);
        if (!thread.isAlive()) fail("Tui stopped unexpectedly");
    }

    /** Waits until the UI has returned on its own (after 'q'). */
    void awaitExit() throws InterruptedException {
        thread.join(DEADLINE.toMillis());
        if (thread.isAlive()) fail("Tui did not quit; screen:\n" + screen());
        assertNull(crash.get(), () -> "Tui crashed: " + crash.get());
    }

    boolean running() { return thread.isAlive(); }

    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) {
            terminal.addInput(new KeyStroke('c', true, false)); // <C-c>: exit from any view
            thread.join(DEADLINE.toMillis());
            if (thread.isAlive()) thread.interrupt();
        }
        if (stateDir != null && !thread.isAlive()) {
            try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.walk(stateDir)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException ignored) {
                // a temporary directory; the OS sweeps it
            }
        }
        Throwable t = crash.get();
        if (t != null) throw new AssertionError("Tui crashed", t);
    }
}

package dev.postern.ui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The single UI thread: reads keys, applies updates other threads posted, redraws when something changed.
 * Nothing here ever blocks on the controller, so a hung server can never freeze the screen; producers only
 * append to a lock-free queue (never blocks them either) and many redraw requests collapse into one frame.
 */
final class UiLoop {
    /** What the loop drives; every method runs on the UI thread. */
    interface Ui {
        void onKey(KeyStroke key);

        void draw(Screen screen);

        void onResize(TerminalSize size);

        boolean running();

        /** A bracketed paste, read as one ({@link KeyInput}): text for an open prompt, never keys. */
        default void onPaste(String text) {}

        /**
         * A bug in handling one key or one posted result: the reader reports it and goes on rather than
         * closing with the user's context lost. The stack trace goes to the log file only.
         */
        default void onFailure(RuntimeException e) { throw e; }
    }

    /** How long to sleep when idle: short enough that typing feels immediate, long enough to cost no CPU. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(15);
    /** Keys handled before a frame is drawn, so pasting or key repeat cannot starve the redraw. */
    private static final int KEYS_PER_FRAME = 64;

    private final Screen screen;
    private final ConcurrentLinkedQueue<Runnable> posted = new ConcurrentLinkedQueue<>();
    private final List<Runnable> afterDraw = new ArrayList<>();
    private volatile Thread thread;
    private boolean dirty = true;
    private boolean drawn;
    /** A key was handled since the last frame: that frame is its answer (a trace mark, for the tests and benchmarks). */
    private boolean answering;
    /** The terminal's picture is not the screen's any more (a served client came back from Ctrl-Z): redraw all. */
    private volatile boolean repaintAll;
    /** The screen is stepped aside for another program ({@link #suspend}): the terminal is not the reader's now. */
    private volatile boolean aside;

    /** The shutdown hook put the screen away ({@link #silence}): no frame is drawn any more. */
    private volatile boolean silenced;
    private final java.util.concurrent.locks.ReentrantLock drawing = new java.util.concurrent.locks.ReentrantLock();

    /**
     * From any thread (the shutdown hook, before it puts the screen away and says its last line): no frame is drawn
     * from now on, and one being drawn is let finish (briefly), so none lands over what is said after the screen.
     */
    void silence() {
        silenced = true;
        try {
            // Bounded: a draw that does not end (a loaded machine) is left behind. Its refresh then writes nothing (Lanterna
            // draws only on a started screen), so the restore goes on well within the 200 ms a way out is given.
            if (drawing.tryLock(100, java.util.concurrent.TimeUnit.MILLISECONDS)) drawing.unlock();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where programs the reader runs for its user go: this process's terminal, or a served reader's. */
    private final ReaderTerminal terminal;

    UiLoop(Screen screen) { this(screen, ReaderTerminal.OWN); }

    UiLoop(Screen screen, ReaderTerminal terminal) {
        this.screen = screen;
        this.terminal = terminal;
    }

    /** The terminal this reader is on (what runs there, and the environment of the person at it). */
    ReaderTerminal terminal() { return terminal; }

    /**
     * Whether the screen's terminal shows postern's own glyphs ({@link TerminalText#showsGlyphs}): its charset where
     * it says it (the process's own terminal, a served reader's client's: each reader its own), else whether the
     * locale of the person at it is UTF-8.
     */
    boolean showsGlyphs() {
        if (screen instanceof com.googlecode.lanterna.screen.TerminalScreen ts && ts.getTerminal() instanceof TerminalText.Charsetted c) {
            return TerminalText.showsGlyphs(c.charset());
        }
        return utf8Terminal(terminal.environment());
    }

    /** Whether the locale in {@code env} says UTF-8 (a terminal that does not say its charset, such as a virtual one). */
    static boolean utf8Terminal(java.util.Map<String, String> env) {
        for (String k : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String v = env.get(k);
            if (v != null && !v.isEmpty()) return v.toLowerCase(java.util.Locale.ROOT).replace("-", "").contains("utf8");
        }
        return false;
    }

    /** The commands this reader started for its user here (pipes), ended when it quits: {@link #endChildren}. */
    private final dev.postern.model.ChildProcesses.Runs children = new dev.postern.model.ChildProcesses.Runs();

    dev.postern.model.ChildProcesses.Runs children() { return children; }

    /** Ends what this reader started that still runs (SIGTERM, then SIGKILL after a grace); after the screen is put away. */
    void endChildren() {
        children.endAll(dev.postern.model.ChildProcesses.END_GRACE_MS);
    }

    /**
     * UI thread only: runs {@code argv} (an editor, a browser) on this reader's terminal with the screen stepped
     * aside ({@link #suspend}); its exit status.
     */
    int runAtTerminal(List<String> argv) throws IOException {
        int[] status = {-1};
        IOException[] failed = {null};
        suspendForProgram(() -> {
            try {
                status[0] = terminal.run(argv);
            } catch (IOException e) {
                failed[0] = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed[0] = new IOException("interrupted");
            }
        });
        if (failed[0] != null) throw failed[0];
        return status[0];
    }

    /**
     * UI thread only: {@link #suspend} for {@code r} that runs a program at this terminal: on the process's own, the
     * person's terminal settings for it and Ctrl-C its, not the reader's ({@link JobControl#forProgram}).
     */
    void suspendForProgram(Runnable r) {
        suspend(() -> JobControl.forProgram(
                screen instanceof com.googlecode.lanterna.screen.TerminalScreen ts ? ts.getTerminal() : null, r));
    }

    /** From any thread: run {@code r} on the UI thread soon. Never blocks. */
    void post(Runnable r) {
        posted.add(r);
        Thread t = thread;
        if (t != null) LockSupport.unpark(t);
    }

    /**
     * From any thread: the next frame redraws every cell, since what the terminal shows is no longer what the screen
     * last sent (a served reader's client was stopped with Ctrl-Z and has come back to a cleared terminal).
     */
    void repaintAll() {
        repaintAll = true;
        Thread t = thread;
        if (t != null) LockSupport.unpark(t);
    }

    /** From any thread: whether the screen is stepped aside for another program ({@link #suspend}) right now. */
    boolean steppedAside() { return aside; }

    /** UI thread only: a frame is needed; repeated calls before the next frame cost nothing. */
    void redraw() { dirty = true; }

    /** UI thread only: run {@code r} once the next frame is on the terminal (e.g. "shown, so mark read"). */
    void afterNextDraw(Runnable r) {
        afterDraw.add(r);
        dirty = true;
    }

    /**
     * UI thread only: gives the terminal to {@code r} (an editor) by stopping the screen, then takes it back
     * and redraws everything, since the other program left the terminal in whatever state it liked.
     */
    void suspend(Runnable r) {
        aside = true;
        try {
            screen.stopScreen();
        } catch (IOException e) {
            aside = false;
            throw new java.io.UncheckedIOException(e);
        } catch (RuntimeException e) {
            aside = false;
            throw e;
        }
        try {
            r.run();
        } finally {
            try {
                screen.startScreen();
                screen.setCursorPosition(null);
                screen.doResizeIfNecessary();
                screen.refresh(Screen.RefreshType.COMPLETE);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                aside = false;
            }
            dirty = true;
        }
    }

    /**
     * Ctrl-C: the terminal is in raw mode (Lanterna's TRAP), so it arrives as a key rather than a signal.
     * It always means "quit now", whatever the view, an open prompt or the bindings file says: nothing the
     * reader is doing is worth more than the user's way out. Every key is read on this thread while the
     * slow work (reading, rendering, laying out) runs elsewhere, so it is seen within a frame.
     */
    static boolean isCtrlC(KeyStroke key) {
        if (key.getKeyType() != KeyType.Character || key.isAltDown()) return false;
        char c = key.getCharacter();
        return c == '\u0003' || key.isCtrlDown() && (c == 'c' || c == 'C');
    }

    /** The keys typed, read ahead ({@link KeyInput}); null on a terminal that has none (tests, Windows). */
    private KeyInput typed() {
        return screen instanceof com.googlecode.lanterna.screen.TerminalScreen ts
                && ts.getTerminal() instanceof KeyInput.Source s ? s.keyInput() : null;
    }

    void run(Ui ui) throws IOException {
        thread = Thread.currentThread();
        KeyInput typed = typed();
        while (ui.running() && !Thread.currentThread().isInterrupted()) {
            boolean busy = false;
            TerminalSize resized = screen.doResizeIfNecessary();
            if (resized != null) {
                ui.onResize(resized);
                dirty = true;
            }
            for (int i = 0; i < KEYS_PER_FRAME && ui.running(); i++) {
                // Ctrl-C typed behind a paste or a long typeahead is seen now, not once every key before it was handled.
                KeyStroke key = typed != null && typed.ctrlCAhead() ? new KeyStroke('\u0003', false, false) : screen.pollInput();
                if (key == null) break;
                busy = true;
                if (key.getKeyType() == KeyType.EOF) return; // input is gone: nobody can press q any more
                if (key == TerminalReports.KEY) continue; // a terminal's report, or a key without a name: no command
                if (key == KeyInput.PASTE) {
                    answering = true;
                    try {
                        ui.onPaste(typed == null ? "" : typed.nextPaste());
                    } catch (RuntimeException e) {
                        ui.onFailure(e);
                    }
                    dirty = true;
                    continue;
                }
                if (isCtrlC(key)) {
                    dev.postern.model.StartupTrace.mark("quit: Ctrl-C read");
                    return; // quit now, from any view or prompt: the caller restores the terminal
                }
                dev.postern.model.StartupTrace.mark("key read");
                answering = true;
                try {
                    ui.onKey(key);
                } catch (RuntimeException e) {
                    ui.onFailure(e);
                }
                if (!ui.running()) dev.postern.model.StartupTrace.mark("quit: key read");
                dirty = true;
            }
            Runnable r;
            while ((r = posted.poll()) != null) {
                busy = true;
                try {
                    r.run();
                } catch (RuntimeException e) {
                    ui.onFailure(e);
                }
                dirty = true; // posted work is almost always visible; an extra frame is a cheap diff
            }
            boolean all = repaintAll;
            if ((dirty || all) && ui.running() && !silenced) {
                dirty = false;
                if (all) repaintAll = false;
                drawing.lock();
                try {
                    if (silenced) continue; // the screen is being put away: drawn now, it would land over the last words
                    ui.draw(screen);
                    screen.refresh(all ? Screen.RefreshType.COMPLETE : Screen.RefreshType.AUTOMATIC);
                } finally {
                    drawing.unlock();
                }
                if (!drawn) {
                    drawn = true;
                    dev.postern.model.StartupTrace.mark("first frame");
                }
                if (answering) {
                    answering = false;
                    dev.postern.model.StartupTrace.mark("frame after key"); // on the terminal: refresh flushed it
                }
                List<Runnable> after = new ArrayList<>(afterDraw);
                afterDraw.clear();
                after.forEach(Runnable::run);
            }
            if (typed != null && typed.tookSome()) busy = true; // more may be coming (a paste): no idle wait
            if (!busy && (!dirty || silenced)) LockSupport.parkNanos(this, IDLE_NANOS);
        }
    }
}

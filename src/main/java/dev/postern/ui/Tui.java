package dev.postern.ui;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import dev.postern.controller.MailController;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;

/** Entry points of the full-screen client. */
public final class Tui {
    private Tui() {}

    /**
     * Runs the client on the real terminal until the user quits. Always a text terminal: over SSH or in a
     * headless session a Swing window would be wrong. Ctrl-C is trapped and arrives as a key so that
     * quitting goes through the same restore path as 'q'.
     */
    public static void run(MailController c, String account, String folder) throws IOException {
        run(c, account, folder, TuiOptions.defaults(dev.postern.model.HomeEnv.process()));
    }

    /** As {@link #run(MailController, String, String)}, with the user's theme, bindings and commands. */
    public static void run(MailController c, String account, String folder, TuiOptions options) throws IOException {
        dev.postern.model.StartupTrace.mark("reader: Tui.run");
        Terminal terminal = takePrepared();
        if (terminal == null) terminal = newTerminal();
        dev.postern.model.StartupTrace.mark("reader: terminal made");
        TerminalScreen screen = new TerminalScreen(terminal);
        TerminalGuard guard = new TerminalGuard(screen, terminal);
        java.util.concurrent.atomic.AtomicReference<Shown> shown = new java.util.concurrent.atomic.AtomicReference<>();
        // SIGTERM or SIGHUP never reach run's finally: the screen is put away and the message being written set down
        // here (a send under way cut, its draft kept or its outbox entry named), and said where a terminal shows it.
        Thread hook = new Thread(ending(guard::restore, shown, options), "postern-terminal-restore");
        if (!dev.postern.model.ShutdownHooks.add(hook)) { // a signal came first: the process is ending
            guard.restore();
            return;
        }
        if (terminal instanceof ExactUnixTerminal own) own.handOver(); // this hook, not Lanterna's, puts it back
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> otherThreadDied(t, e, shown.get()));
        try {
            run(c, account, folder, screen, guard, options, dev.postern.model.Zones.clock(), ReaderTerminal.OWN, shown);
        } finally {
            guard.restore();
            Thread.setDefaultUncaughtExceptionHandler(previous);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running or ran; nothing to undo.
            }
        }
    }

    /**
     * A thread other than the reader's own died (the UI thread's end goes through {@code run}'s finally, which puts the
     * terminal back): a controller worker, a client's request served by this reader, a library's thread. The reader goes
     * on, so its terminal is left as it is, raw and on its screen, and nothing is printed over it; the log file has it.
     * This handler used to put the terminal back (cooked mode: q echoed and did nothing until Enter) and print an
     * "internal error" line over the screen, for a StackOverflowError on a client's request (hunt 38-Q, Q14).
     * The reader's status line says it (the log alone left a dead worker unexplained: a folder that never loaded),
     * except for a client's request, whose client is told (70).
     */
    static void otherThreadDied(Thread t, Throwable e, Shown shown) {
        String io = null;
        try {
            org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Tui.class);
            io = dev.postern.model.IoFault.reason(e);
            if (io != null) log.warn("I/O failure on {}", t.getName(), e);
            else log.error("uncaught on {} (the reader goes on)", t.getName(), e);
        } catch (RuntimeException | Error logFailed) {
            // nothing may be printed over the reader's screen
        }
        if (shown == null || t.getName().startsWith("postern-owner")) return;
        // Short enough for 80 columns: the I/O reason first, the pointer to the log after it.
        OutOfMemoryError memory = dev.postern.model.OutOfMemory.in(e); // the heap's size, not a bug (hunt 39-S, S4)
        String said = memory != null ? "Out of memory in a background task: " + dev.postern.model.OutOfMemory.briefly() + "."
                : io == null ? "A background task stopped on an internal error; see the log file."
                : "A background task failed: " + dev.postern.render.Sanitizer.oneLine(io) + "; see the log file.";
        shown.loop().post(() -> shown.ui().status().error(said));
    }

    /**
     * The shutdown hook's work (SIGTERM, SIGHUP; Ctrl-C arrives as a key): {@code restore} the terminal, then set down
     * the message being written in the reader {@code shown} and say what became of it ({@link ComposeExit}).
     */
    static Runnable ending(Runnable restore, java.util.concurrent.atomic.AtomicReference<Shown> shown, TuiOptions options) {
        return () -> {
            Shown now = shown.get();
            if (now != null) now.loop().silence(); // the UI thread goes on: no frame over the screen put away, or the line
            restore.run();
            if (now != null) now.loop().endChildren(); // a pipe still running ends with the reader
            String said = now == null ? null : now.ui().compose().lastWords(true, stateDir(options));
            if (said != null) ReaderTerminal.OWN.tell(said);
        };
    }

    /** The reader's views and its loop, for the shutdown hook ({@link #ending}). */
    record Shown(MailUi ui, UiLoop loop) {}

    /** Where kept drafts go (its drafts/ directory): the state directory, or null (a test: the temporary file stays). */
    private static java.nio.file.Path stateDir(TuiOptions options) {
        return options.historyFile() == null ? null : options.historyFile().getParent();
    }

    private static java.util.concurrent.CompletableFuture<Terminal> prepared;

    /** Where the reader served before this process took the mail over was ({@link ReaderTerminal#handedOver}), or null. */
    private static volatile String[] handedOver;

    /** This process's reader starts where the one it was served before stopped ({@link HandedOver}). */
    public static void handedOver(String[] place) { handedOver = place == null ? null : place.clone(); }

    static String[] handedOverHere() {
        String[] place = handedOver;
        handedOver = null; // once: the reader it was meant for
        return place;
    }

    /**
     * Paint first: sets up the process's terminal on a thread of its own while the reader's config, store and
     * views are made. Lanterna puts a terminal in raw mode with five runs of stty, a process each, which
     * would otherwise come after all of that. Only for a reader that will certainly run on this terminal
     * and ask nothing at it first (no password prompt); Lanterna restores the terminal at exit if the
     * reader never starts (a mistake in the config).
     */
    public static synchronized void prepareTerminal() {
        if (prepared != null) return;
        prepared = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Terminal> f = prepared;
        Thread t = new Thread(() -> {
            try {
                f.complete(newTerminal());
            } catch (IOException | RuntimeException e) {
                f.completeExceptionally(e);
            }
        }, "postern-terminal-setup");
        t.setDaemon(true);
        t.start();
    }

    /** The terminal {@link #prepareTerminal} set up, once; null when none was (or it failed: made again). */
    private static synchronized Terminal takePrepared() {
        java.util.concurrent.CompletableFuture<Terminal> f = prepared;
        prepared = null;
        if (f == null) return null;
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            org.slf4j.LoggerFactory.getLogger(Tui.class).debug("setting up the terminal ahead", e);
            return null;
        }
    }

    /**
     * What the factory builds off Windows (no native terminal library here), but writing exact bytes: see
     * ExactUnixTerminal.
     */
    private static Terminal newTerminal() throws IOException {
        return System.getProperty("os.name", "").startsWith("Windows")
                ? new DefaultTerminalFactory()
                        .setForceTextTerminal(true)
                        .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP)
                        .createTerminal()
                : new ExactUnixTerminal(System.in, screenOutput(), dev.postern.model.TerminalCharset.of(dev.postern.model.HomeEnv.process()));
    }

    /**
     * Where the screen's bytes go: the process's stdout, buffered until Lanterna flushes (at the end of each
     * frame, on entering and leaving the screen). System.out flushes every write, and Lanterna writes each
     * character on its own: a screen of 80x24 was some 2,000 write calls, each waking the terminal, and the
     * first frame with rows took 0.2-0.4 s to reach the terminal on a loaded machine.
     */
    static java.io.OutputStream screenOutput() {
        return new ScreenOutput(new java.io.FileOutputStream(java.io.FileDescriptor.out));
    }

    /**
     * Buffered until flushed, except a cursor position report request (CSI 6n), which Lanterna writes and then
     * waits for the terminal's answer without flushing (how it learns the screen's size): it goes out at once.
     */
    static final class ScreenOutput extends java.io.BufferedOutputStream {
        ScreenOutput(java.io.OutputStream out) {
            super(out, 1 << 16);
        }

        /** Size queries sent: their answers are awaited at the end (KeyInput.awaitAnswers). */
        private volatile int asked;

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            super.write(b, off, len);
            if (len >= 3 && b[off + len - 3] == '[' && b[off + len - 2] == '6' && b[off + len - 1] == 'n') {
                flush();
                asked++;
            }
        }

        int asked() { return asked; }
    }

    /** Runs the client on {@code terminal} (which the caller keeps owning) until the user quits. */
    public static void run(MailController c, String account, String folder, Terminal terminal) {
        run(c, account, folder, terminal, Palette.fromEnvironment(dev.postern.model.HomeEnv.process()), KeyMap.defaults(),
                dev.postern.model.Zones.clock());
    }

    static void run(MailController c, String account, String folder, Terminal terminal, Palette palette,
                    KeyMap keys, Clock clock) {
        run(c, account, folder, terminal, new TuiOptions(palette, keys, null, null, null), clock);
    }

    /** Runs the client on {@code terminal} (which the caller keeps owning) with these options until the user quits. */
    public static void run(MailController c, String account, String folder, Terminal terminal, TuiOptions options,
                           Clock clock) {
        run(c, account, folder, terminal, options, clock, ReaderTerminal.OWN);
    }

    /**
     * As {@link #run(MailController, String, String, Terminal, TuiOptions, Clock)}, where the programs the reader
     * runs for its user ($EDITOR, a link's browser, a pipe) go to {@code at}: a reader served to another
     * postern's terminal ({@link RelayTerminal}) runs them there. One more reader on the same controller: each
     * has its own folder, cursor and views, and every one hears the controller's events.
     */
    public static void run(MailController c, String account, String folder, Terminal terminal, TuiOptions options,
                           Clock clock, ReaderTerminal at) {
        run(c, account, folder, terminal, options, clock, at, new java.util.concurrent.atomic.AtomicReference<>());
    }

    /** As above, the reader's views in {@code shown} once made (a test's {@link #ending}). */
    static void run(MailController c, String account, String folder, Terminal terminal, TuiOptions options,
                    Clock clock, ReaderTerminal at, java.util.concurrent.atomic.AtomicReference<Shown> shown) {
        TerminalScreen screen;
        try {
            screen = new TerminalScreen(terminal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TerminalGuard guard = new TerminalGuard(screen, null);
        try {
            run(c, account, folder, screen, guard, options, clock, at, shown);
        } finally {
            guard.restore();
        }
    }

    private static void run(MailController c, String account, String folder, TerminalScreen screen,
                            TerminalGuard guard, TuiOptions options, Clock clock, ReaderTerminal at,
                            java.util.concurrent.atomic.AtomicReference<Shown> shown) {
        AutoCloseable subscription = null;
        AutoCloseable stops = null;
        MailUi ui = null;
        try {
            screen.startScreen();
            screen.setCursorPosition(null);
            dev.postern.model.StartupTrace.mark("reader: screen started");
            UiLoop loop = new UiLoop(screen, at);
            if (screen.getTerminal() instanceof RelayTerminal relay) relay.onRepaint(loop::repaintAll);
            stops = JobControl.install(screen.getTerminal(), loop);
            MailUi mail = new MailUi(c, loop, options, new Formats(clock), screen.getTerminalSize());
            ui = mail;
            mail.compose().stateDir(stateDir(options));
            shown.set(new Shown(mail, loop));
            dev.postern.model.StartupTrace.mark("reader: views made");
            // Listeners run on controller threads: they only hand the event over, never touch UI state.
            subscription = c.subscribe(event -> loop.post(() -> mail.onEvent(event)));
            ui.start(account, folder);
            if (at.served()) {
                // What q does first: at 80 columns the longer sentence lost it (hunt33-Z Z12).
                mail.status().notice("q ends this reader only; it is served by the postern that owns the mail (pid "
                        + ProcessHandle.current().pid() + ").");
            } else {
                String kept = DraftOnDisk.unsentNotice(stateDir(options));
                if (kept != null) mail.status().notice(kept);
            }
            String[] place = at.handedOver();
            if (place != null) HandedOver.reopen(mail, c, place, at.served());
            dev.postern.model.StartupTrace.mark("reader: started");
            loop.run(ui);
        } catch (IOException e) {
            // The reader's terminal could not be written or read: it went away (a served reader's client killed while
            // its screen was drawn, a terminal hung up). Nobody is left to tell: 141 and nothing said, as for any reader
            // gone (ARCHITECTURE), not an internal error (hunt36-K, K6).
            org.slf4j.LoggerFactory.getLogger(Tui.class).info("{} went away: {}",
                    at.served() ? "a served reader's client" : "the reader's terminal", e.toString());
            throw new dev.postern.model.OutputFailed(e, true);
        } finally {
            // Restore first: whatever fails below, or the exception on its way out, prints to a sane terminal.
            guard.restore();
            dev.postern.model.StartupTrace.mark("quit: screen restored");
            if (stops != null) {
                try {
                    stops.close();
                } catch (Exception ignored) {
                    // Putting the old SIGTSTP handler back is best effort: the reader is over either way.
                }
            }
            if (ui != null) {
                ui.loop().endChildren(); // a pipe still running ends with the reader (SIGTERM, then SIGKILL), off the screen
                // A send under way is cut first (a served reader's owner goes on), then its outcome decides: ComposeExit.
                String said = ui.compose().lastWords(!at.served(), stateDir(options));
                if (said != null) at.tell(said);
                List<dev.postern.model.MessageRef> open = ui.mode() == ui.pagerMode() ? ui.pagerMode().targets() : List.of();
                at.ended(ui.index().account(), ui.index().folder(), open.isEmpty() ? null : open.get(0));
                ui.close();
            }
            if (subscription != null) {
                try {
                    subscription.close();
                } catch (Exception ignored) {
                    // Unsubscribing is best effort; the loop that would have received events is gone.
                }
            }
        }
    }
}

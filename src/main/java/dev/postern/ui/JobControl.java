package dev.postern.ui;

import com.googlecode.lanterna.terminal.Terminal;
import org.slf4j.LoggerFactory;

/**
 * Ctrl-Z in a reader on its own terminal, as in mutt and vim: the screen is put away and the terminal given back
 * to the shell as it was before the reader (lines, echo), the process stops, and {@code fg} brings the reader back
 * in raw mode with every cell redrawn. Without this the JVM stopped with the terminal raw and the alternate screen
 * up, and came back to a terminal the shell had made cooked again: keys echoed and no screen.
 *
 * <p>The terminal driver sends SIGTSTP ({@code susp}, Lanterna leaves it on: only {@code intr} is undefined) to the
 * foreground process group. The handler hands the stop to the UI thread, which owns the terminal's output; while the
 * screen is stepped aside for another program ($EDITOR), that program has the terminal, so the process just stops
 * as it did before (the editor handles its own Ctrl-Z). A reader served to another postern's terminal needs none of
 * this here: its client stops itself (resident.ReaderClient, the Perl client) and asks for a whole redraw.
 */
final class JobControl {
    private JobControl() {}

    private static final sun.misc.Signal TSTP = new sun.misc.Signal("TSTP");

    /**
     * Takes SIGTSTP for the reader on {@code terminal} until the returned handle is closed (then the handler before
     * it is back); nothing when the terminal is not this process's own or the signal cannot be handled here.
     */
    static AutoCloseable install(Terminal terminal, UiLoop loop) {
        if (!(terminal instanceof ExactUnixTerminal own)) return () -> {};
        sun.misc.SignalHandler before;
        try {
            before = sun.misc.Signal.handle(TSTP, s -> {
                if (loop.steppedAside()) {
                    stopHere(); // another program has the terminal: stop beside it, as without a handler
                } else {
                    loop.post(() -> loop.suspend(() -> toShellAndBack(own)));
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LoggerFactory.getLogger(JobControl.class).debug("no SIGTSTP handler", e);
            return () -> {};
        }
        return () -> sun.misc.Signal.handle(TSTP, before);
    }

    private static final sun.misc.Signal INT = new sun.misc.Signal("INT");

    /**
     * UI thread, screen stepped aside: runs {@code r}, which runs a program at the reader's own {@code terminal}
     * ($EDITOR, a terminal viewer), as mutt runs one: the shell's terminal settings put back for it (lines, echo,
     * Ctrl-C a signal: ExactUnixTerminal.toProgram) and the reader's after, and SIGINT, which Ctrl-C now sends to the
     * whole foreground process group, ignored by the reader meanwhile, so that it ends the program and not the reader.
     * The handler is a Java one, not SIG_IGN, which a program started meanwhile would inherit; its children get the
     * default action at exec. A swap of handlers, not a flag one handler reads: the JVM runs a signal's handler later
     * on a thread of its own, after the program killed by the same Ctrl-C may have ended; the reader's is put back a
     * second after the program's end ({@link QuietSignal#againLater}). Ctrl-Z stops the
     * program and this process beside it ({@link #install}), as before.
     * On another terminal (a served reader's: its client does the same there) {@code r} just runs.
     */
    static void forProgram(Terminal terminal, Runnable r) {
        if (!(terminal instanceof ExactUnixTerminal own)) {
            r.run();
            return;
        }
        int run = QUIET_INT.quiet();
        try {
            own.toProgram();
        } catch (java.io.IOException e) {
            LoggerFactory.getLogger(JobControl.class).debug("terminal settings for a program", e);
        }
        try {
            r.run();
        } finally {
            try {
                own.fromProgram();
            } catch (java.io.IOException e) {
                LoggerFactory.getLogger(JobControl.class).debug("terminal settings after a program", e);
            }
            QUIET_INT.againLater(run, 1000);
        }
    }

    /** SIGINT's quiet spells: the reader's own terminal's programs. */
    private static final QuietSignal QUIET_INT = new QuietSignal(INT);

    /**
     * A signal taken by a handler that does nothing while programs run, its handler before put back a while after the
     * last one ended ({@link #againLater}). One per signal; a test takes one of a signal its JVM was not started
     * ignoring (a JVM started with SIGINT ignored, as a background job is, keeps it so whatever it asks).
     */
    static final class QuietSignal {
        private static final sun.misc.SignalHandler QUIET = s -> {};
        private final sun.misc.Signal signal;
        private final java.util.concurrent.atomic.AtomicInteger programs = new java.util.concurrent.atomic.AtomicInteger();
        /** The handler before the first of programs run one after another: the one {@link #againLater} puts back. */
        private sun.misc.SignalHandler saved;

        QuietSignal(sun.misc.Signal signal) {
            this.signal = signal;
        }

        /**
         * The signal taken by a handler that does nothing, for program number (the result) about to run; the handler it
         * replaces is kept unless it is that same no-op (a program started within the delay of the last one's end).
         */
        synchronized int quiet() {
            int run = programs.incrementAndGet();
            try {
                sun.misc.SignalHandler before = sun.misc.Signal.handle(signal, QUIET);
                if (before != QUIET) saved = before;
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LoggerFactory.getLogger(JobControl.class).debug("no handler for {}", signal, e);
            }
            return run;
        }

        /**
         * The handler before {@link #quiet} back {@code delayMillis} after program {@code run} ended, unless another
         * program started meanwhile, not at once: the JVM runs a signal's handler on a thread of its own, choosing it
         * then, and the Ctrl-C that ended the editor at times reached the handler already put back (the served reader's
         * Java client had this race: ci33c, ci33f). In raw mode Ctrl-C is a key, so only a kill -INT from elsewhere
         * waits. The thread that puts it back, for a test to join.
         */
        Thread againLater(int run, long delayMillis) {
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (this) {
                    if (programs.get() == run && saved != null) {
                        sun.misc.Signal.handle(signal, saved);
                        saved = null;
                    }
                }
            }, "postern-int-again");
            t.setDaemon(true);
            t.start();
            return t;
        }
    }

    /** UI thread, screen stepped aside: the shell's terminal settings, the stop, then the reader's settings again. */
    private static void toShellAndBack(ExactUnixTerminal own) {
        try {
            own.toShell();
        } catch (java.io.IOException e) {
            LoggerFactory.getLogger(JobControl.class).debug("terminal settings before Ctrl-Z", e);
        }
        stopHere();
        try {
            own.fromShell();
        } catch (java.io.IOException e) {
            LoggerFactory.getLogger(JobControl.class).debug("terminal settings after fg", e);
        }
    }

    /**
     * Stops this process, and returns when it is continued ({@code fg}, {@code bg}, SIGCONT): SIGSTOP from a
     * {@code kill}, as mutt does, since the JVM raises only a signal that has a Java handler, and SIGSTOP has no
     * handler to race with.
     */
    static void stopHere() {
        try {
            new ProcessBuilder("kill", "-STOP", Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (java.io.IOException e) {
            LoggerFactory.getLogger(JobControl.class).debug("no kill to stop with", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * The reader's SIGINT handler comes back a while after a program at its terminal ended, not at once: the JVM chooses
 * a signal's handler when its dispatch thread gets to it, and the Ctrl-C that ended $EDITOR could reach the reader's
 * handler put back the moment the editor ended (the reader then quit with the editor: ci33c/ci33f through the Java
 * client, the same code path here). A program started within that while keeps the signal quiet. Tried on SIGWINCH:
 * a JVM started with SIGINT ignored (a background job's, as CI's can be) keeps it ignored whatever it asks.
 */
class JobControlIntTest {
    private static final sun.misc.Signal SIGNAL = new sun.misc.Signal("WINCH");

    /** The handler the signal has now (swapped out and back). */
    private static sun.misc.SignalHandler current() {
        sun.misc.SignalHandler h = sun.misc.Signal.handle(SIGNAL, s -> {});
        sun.misc.Signal.handle(SIGNAL, h);
        return h;
    }

    @Test
    void theReadersHandlerIsBackOnlyAfterTheDelayAndNotWhileAnotherProgramRuns() throws Exception {
        JobControl.QuietSignal quiet = new JobControl.QuietSignal(SIGNAL);
        sun.misc.SignalHandler reader = s -> {};
        sun.misc.SignalHandler before = sun.misc.Signal.handle(SIGNAL, reader);
        try {
            assertSame(reader, current());
            int first = quiet.quiet();
            sun.misc.SignalHandler quietHandler = current();
            assertNotSame(reader, quietHandler);
            Thread back = quiet.againLater(first, 60_000);
            assertSame(quietHandler, current(), "right after the program's end the signal is still quiet");
            back.interrupt();
            back.join();

            // A second program starts before the first one's delay is over: its end decides, and the reader's
            // handler (not the quiet one) is what comes back.
            int second = quiet.quiet();
            quiet.againLater(first, 0).join();
            assertSame(quietHandler, current(), "the first program's delay ended while the second ran");
            quiet.againLater(second, 0).join();
            assertSame(reader, current());
        } finally {
            sun.misc.Signal.handle(SIGNAL, before);
        }
    }
}

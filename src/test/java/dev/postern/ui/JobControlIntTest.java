package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * The reader's SIGINT handler comes back a while after a program at its terminal ended, not at once: the JVM chooses
 * a signal's handler when its dispatch thread gets to it, and the Ctrl-C that ended $EDITOR could reach the reader's
 * handler put back the moment the editor ended (the reader then quit with the editor: ci33c/ci33f through the Java
 * client, the same code path here). A program started within that while keeps SIGINT quiet.
 */
class JobControlIntTest {
    private static final sun.misc.Signal INT = new sun.misc.Signal("INT");

    /** The handler SIGINT has now (swapped out and back). */
    private static sun.misc.SignalHandler current() {
        sun.misc.SignalHandler h = sun.misc.Signal.handle(INT, s -> {});
        sun.misc.Signal.handle(INT, h);
        return h;
    }

    @Test
    void theReadersHandlerIsBackOnlyAfterTheDelayAndNotWhileAnotherProgramRuns() throws Exception {
        sun.misc.SignalHandler reader = s -> {};
        sun.misc.SignalHandler before = sun.misc.Signal.handle(INT, reader);
        try {
            int first = JobControl.quietInt();
            sun.misc.SignalHandler quiet = current();
            org.junit.jupiter.api.Assertions.assertNotSame(reader, quiet);
            Thread back = JobControl.intAgainLater(first, 60_000);
            assertSame(quiet, current(), "right after the program's end SIGINT is still quiet");
            back.interrupt();
            back.join();

            // A second program starts before the first one's delay is over: its end decides, and the reader's
            // handler (not the quiet one) is what comes back.
            int second = JobControl.quietInt();
            JobControl.intAgainLater(first, 0).join();
            assertSame(quiet, current(), "the first program's delay ended while the second ran");
            JobControl.intAgainLater(second, 0).join();
            assertSame(reader, current());
        } finally {
            sun.misc.Signal.handle(INT, before);
        }
    }
}

package dev.postern.store;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;

/**
 * File-channel I/O that a thread's interrupt does not break. A {@link java.nio.channels.FileChannel} is an
 * interruptible channel: a thread whose interrupt flag is set when it begins I/O on one, or is interrupted during
 * it, closes the channel, for every thread that uses it. Threads that read and write the store are interrupted on
 * purpose (a message read cancelled because the reader left it, a pool shut down at quit), and before this an
 * interrupted body read closed the store file's channel, after which every read and write of the store failed
 * ("could not be read or written (ClosedChannelException)") until the process ended. Here the flag is cleared for the
 * I/O and set again after it, for the caller to see; I/O an interrupt ended anyway is done again from the start
 * (the callers' operations are positional or rewrite the whole file, so doing them again is harmless).
 */
final class Uninterruptible {
    private Uninterruptible() {}

    /** The most times one operation is begun again after an interrupt ended it. */
    static final int TRIES = 4;

    interface Io<T> {
        T run() throws IOException;
    }

    /** Runs {@code io} with the interrupt flag cleared, again when an interrupt ended it; the flag is set again after. */
    static <T> T run(Io<T> io) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            for (int i = 1; ; i++) {
                try {
                    return io.run();
                } catch (ClosedByInterruptException e) {
                    Thread.interrupted(); // the interrupt that ended it: kept for the caller, cleared for the next try
                    interrupted = true;
                    if (i >= TRIES) throw e;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}

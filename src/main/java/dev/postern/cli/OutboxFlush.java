package dev.postern.cli;

import java.io.PrintWriter;

/**
 * After a fetch or sync (the network is evidently back) the typed command sends what waits in the outbox of the
 * accounts ({@link dev.postern.command.Flushed}); this says so on stderr. A failure there is one line of warning.
 */
final class OutboxFlush {
    private OutboxFlush() {}

    /** What the typed command's flushes did, on stderr, one line each: sent, still waiting, notes, or why it was not sent. */
    static void print(java.util.List<dev.postern.command.Flushed> flushed, PrintWriter err) {
        for (dev.postern.command.Flushed f : flushed) {
            f.lines().forEach(l -> err.println("postern: " + l));
            err.flush();
        }
    }
}

package dev.postern.resident;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A client's own standard output, written with what the owner's command prints ({@link Wire#OUT}). Its failing ends
 * the client as it ends the command run in process (cli/CommandErrors): quietly with 141 for a reader gone
 * ({@code postern list | head -1}), else one sentence and 74 (a full disk); the client then closes the socket and the
 * owner stops the command as for a client killed. Once the command has said what it did ({@link Wire#DONE}: sent,
 * moved, deleted), a failure is no longer the command's: that is said with what was done, the rest of the output is
 * dropped, and the command's own exit code stands (hunt 34-C, C6: a retried send went twice). Written in
 * {@link Client}'s style (no lambdas, no string concatenation), for the client jar.
 */
final class ClientStdout {
    private final OutputStream to;
    private String done;
    private boolean dropped;
    /** A sync or fetch --json's objects, watched ({@link ClientJson}); null for another command. */
    final ClientJson json;

    ClientStdout(OutputStream to) { this(to, null); }

    ClientStdout(OutputStream to, ClientJson json) {
        this.to = to;
        this.json = json;
    }

    /** {@link Wire#DONE}: what the command did, in its own words. */
    void done(byte[] what) { done = new String(what, StandardCharsets.UTF_8); }

    /**
     * Writes the owner's output: 0 when written (or dropped, after a failure once the command was done), else the
     * status to end the client with (the sentence said for a failure other than a reader gone).
     */
    int relay(byte[] b) {
        if (dropped) return 0;
        try {
            to.write(b);
            if (json != null) json.relayed(b);
            return 0;
        } catch (IOException e) {
            String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
            String failure = new StringBuilder("cannot write to standard output (").append(why).append(").").toString();
            if (done != null) {
                // As cli.CheckedOutput.doneButUnprinted says it in process.
                Client.say(new StringBuilder("postern: ").append(done).append("; could not print that: ").append(failure).toString());
                dropped = true;
                return 0;
            }
            if (dev.postern.cli.Terminals.readerGone(e, 1)) return Client.BROKEN_PIPE;
            Client.say(new StringBuilder("postern: ").append(failure).toString());
            return Client.IOERR;
        }
    }
}

package dev.postern.model;

/**
 * The connection failed while a command was under way (lost, timed out, cut by a faulty answer or by quitting),
 * as opposed to a server that answered and refused. The server may or may not have done what was asked, so a
 * change that meets this is queued and replayed like one made offline, not reported as refused. Exit code 75.
 */
public class LinkDropped extends PosternException {
    private final boolean timedOut;

    public LinkDropped(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** {@code timedOut}: the server sent nothing, or took nothing, or answered too slowly, within the time-out. */
    public LinkDropped(String message, Throwable cause, boolean timedOut) {
        super(ExitCode.TEMPFAIL, message, cause);
        this.timedOut = timedOut;
    }

    /** The link timed out rather than broke: the server went silent or slow, the connection still open. */
    public boolean timedOut() {
        return timedOut;
    }
}

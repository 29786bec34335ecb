package dev.postern.model;

/**
 * The connection failed while a command was under way (lost, timed out, cut by a faulty answer or by quitting),
 * as opposed to a server that answered and refused. The server may or may not have done what was asked, so a
 * change that meets this is queued and replayed like one made offline, not reported as refused. Exit code 75.
 */
public final class LinkDropped extends PosternException {
    public LinkDropped(String message, Throwable cause) {
        super(ExitCode.TEMPFAIL, message, cause);
    }
}

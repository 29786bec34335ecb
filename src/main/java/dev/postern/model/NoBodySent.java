package dev.postern.model;

/**
 * The server answered a body fetch of one message without that message's body (no body, NIL, one it could not
 * parse, one for another message, or two different ones): nothing is stored for it, and a later fetch asks again.
 * The connection is still in step, so a batch counts it against that message and goes on. Exit code 75.
 */
public final class NoBodySent extends PosternException {
    public NoBodySent(String message) {
        super(ExitCode.TEMPFAIL, message);
    }
}

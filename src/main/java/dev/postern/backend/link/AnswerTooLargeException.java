package dev.postern.backend.link;

import java.io.IOException;

/**
 * One answer of the server grew past the cap on a single answer (a literal announcing gigabytes, a line that never
 * ends): the client stopped reading it and closed the connection. The server's fault, not the link's: it is an
 * {@code IOException} so that the protocol code drops the connection as it does for a lost one, and
 * {@code ConnectionErrors} names it for what it is.
 */
public final class AnswerTooLargeException extends IOException {
    /** How the message begins, for the places where only the text survives. */
    public static final String TOO_LARGE = "answer larger than ";

    private final long cap;

    public AnswerTooLargeException(long cap, String what) {
        super(TOO_LARGE + cap + " bytes (" + what + ")");
        this.cap = cap;
    }

    /** The cap the answer went past, in bytes. */
    public long cap() {
        return cap;
    }
}

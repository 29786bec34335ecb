package dev.postern.backend.link;

import java.net.SocketException;

/** The TCP connection failed under a read or write (reset, broken pipe): a network fault, not the server's answer. */
public final class LinkLostException extends SocketException {
    /** How the message begins: "connection lost (Connection reset)". */
    public static final String LOST = "connection lost (";
    /** What it says in brackets when postern itself closed the connection (quitting with a command in hand). */
    public static final String CUT = "closed by postern";
    /** The whole message of {@link #cut()}: "connection lost (closed by postern)". */
    public static final String CUT_MESSAGE = LOST + CUT + ")";

    /** The fault of a connection postern itself closed, or would not open again, on purpose ({@link Links#cut}). */
    public static LinkLostException cut() {
        return new LinkLostException(CUT_MESSAGE, null);
    }

    LinkLostException(String message, Throwable cause) {
        super(message);
        if (cause != null) initCause(cause);
    }
}

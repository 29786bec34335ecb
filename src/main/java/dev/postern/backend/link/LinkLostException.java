package dev.postern.backend.link;

import java.net.SocketException;

/** The TCP connection failed under a read or write (reset, broken pipe): a network fault, not the server's answer. */
public final class LinkLostException extends SocketException {
    /** How the message begins: "connection lost (Connection reset)". */
    public static final String LOST = "connection lost (";

    LinkLostException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}

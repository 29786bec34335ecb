package dev.postern.backend.link;

import java.io.IOException;

/**
 * The server said something no working server says and no client can go along with (an IMAP folder claiming
 * billions of messages): the client stopped and closed the connection. An {@code IOException} so that the protocol
 * code drops the connection as it does for a lost one; {@code ConnectionErrors} names the server as faulty.
 */
public final class ServerFaultException extends IOException {
    /** How the message begins, for the places where only the text survives. */
    public static final String FAULT = "faulty server: ";

    /** {@code what}: what the server did, to follow "the server at host:port". */
    public ServerFaultException(String what) {
        super(FAULT + what);
    }

    /** What the server did, without {@link #FAULT}. */
    public String what() {
        return getMessage().substring(FAULT.length());
    }
}

package dev.postern.model;

/**
 * The server refused a login because the account has as many connections open as it allows (Dovecot's
 * {@code [UNAVAILABLE] Maximum number of connections from user+IP exceeded}, Gmail's {@code Too many simultaneous
 * connections}): the password is right, and it passes once a connection is given up (75). The reader's push gives up
 * its own connection on it, so that the one that shows the mail comes first (hunt37-I I2).
 */
public final class ConnectionLimit extends PosternException {
    public ConnectionLimit(String message, Throwable cause) {
        super(ExitCode.TEMPFAIL, message, cause);
    }

    /** Whether {@code t}, or what it wraps, is such a refusal. */
    public static boolean in(Throwable t) {
        return Causes.find(t, ConnectionLimit.class) != null;
    }
}

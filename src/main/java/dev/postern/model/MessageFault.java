package dev.postern.model;

/**
 * One message of a maildrop the server would not send whole: its answer went past postern's cap on one answer,
 * stopped for longer than the time-out, or broke off with the link (a server that closes the connection on one
 * message it cannot read, as Dovecot does on a size mismatch). The connection was closed for it, as for any {@link LinkDropped}, but the
 * fault is this message's: a fetch records it, connects again and goes on with the others.
 */
public final class MessageFault extends LinkDropped {
    private final int number;
    private final boolean tooLarge;

    /** {@code tooLarge}: the answer passed the cap (it would again); else it timed out (it may not next time). */
    public MessageFault(String message, Throwable cause, int number, boolean tooLarge) {
        this(message, cause, number, tooLarge, !tooLarge);
    }

    /** {@code timedOut}: it stalled; neither that nor {@code tooLarge}: the link broke in the middle of it. */
    public MessageFault(String message, Throwable cause, int number, boolean tooLarge, boolean timedOut) {
        super(message, cause, timedOut);
        this.number = number;
        this.tooLarge = tooLarge;
    }

    /** The message's number in the session that asked for it. */
    public int number() {
        return number;
    }

    /** The answer passed postern's cap on one answer, rather than timing out. */
    public boolean tooLarge() {
        return tooLarge;
    }
}

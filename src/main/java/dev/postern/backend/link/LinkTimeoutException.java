package dev.postern.backend.link;

import java.net.SocketTimeoutException;

/**
 * A time limit of a link ran out: no data for the read time-out, an answer that did not complete within
 * its deadline, or a write the server did not take. A {@link SocketTimeoutException}, so Angus treats it
 * as the time-out it is (it drops the connection), never as IDLE's poll to read again ({@code bytesTransferred} is
 * not 0); the message is ours and names the limit.
 */
public final class LinkTimeoutException extends SocketTimeoutException {
    /** Which limit ran out. */
    public enum Limit { READ, ANSWER, WRITE }

    /** How the messages begin (Angus passes some on only as text; these let them be known again). */
    public static final String NO_DATA = "no data from the server for ";
    public static final String ANSWER_LATE = "no complete answer from the server within ";
    public static final String NOT_TAKEN = "the server took no data for ";
    /**
     * Ends a {@link #NO_DATA} time-out on a connection where nothing at all passed, neither way: no greeting came to a
     * client that sent nothing (no TLS handshake either). A port that speaks TLS from the start waits so for the
     * client's hello (hunt37-I I5: security = "starttls" on port 993).
     */
    public static final String SILENT = " (not a byte since the connection was made)";

    private final Limit limit;

    LinkTimeoutException(Limit limit, String message) {
        super(message);
        this.limit = limit;
        // Not 0: Angus's IDLE reads again after a SocketTimeoutException that transferred nothing (for callers that
        // poll IDLE with a short read time-out; postern wakes IDLE itself, ImapIdle), and once an answer's deadline has
        // passed every read fails at once: the watch's thread spun at full CPU for ever. A limit of postern's that ran
        // out ends the wait, as the time-out it is.
        this.bytesTransferred = 1;
    }

    public Limit limit() { return limit; }
}

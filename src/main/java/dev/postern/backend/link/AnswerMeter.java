package dev.postern.backend.link;

/**
 * Counts what the server sends against {@link AnswerCaps}: the bytes since the last write (a command going out), and
 * the length of the line being read. One per connection, at the layer where the protocol's own bytes pass: the
 * {@link DeadlineSocket} of a plain connection, the TLS socket over it once TLS is on (under TLS the deadline socket
 * sees only records).
 */
final class AnswerMeter {
    private final AnswerCaps caps;
    private final Runnable close;
    private long answer;
    private long line;
    private boolean bulk;
    private boolean statusRead;
    /** The first line the server sent on this connection (its greeting), up to {@link #FIRST_LINE} characters. */
    private final StringBuilder firstLine = new StringBuilder();
    private boolean firstLineDone;
    private static final int FIRST_LINE = 512;
    /** The status line of the answer being read, as far as it came, and the last one that was a POP3 refusal. */
    private final StringBuilder status = new StringBuilder();
    private boolean statusDone;
    private String lastRefusal = "";
    private String lastStatus = "";

    AnswerMeter(AnswerCaps caps, Runnable close) {
        this.caps = caps;
        this.close = close;
    }

    /** A command went out: a new answer begins. */
    synchronized void wrote(byte[] b, int off, int len) {
        started();
        bulk = caps.bulk(b, off, len);
    }

    /** The connection was made: the greeting is an answer like any other. */
    synchronized void started() {
        answer = 0;
        line = 0;
        bulk = false;
        statusRead = false;
        status.setLength(0);
        statusDone = false;
    }

    /** {@code n} bytes came; past a cap the connection is closed and the answer fails. */
    synchronized void received(byte[] b, int off, int n) throws AnswerTooLargeException {
        for (int i = off; i < off + n && !firstLineDone; i++) {
            if (b[i] == '\n' || firstLine.length() >= FIRST_LINE) firstLineDone = true;
            else firstLine.append((char) (b[i] & 0xff));
        }
        for (int i = off; i < off + n && !statusDone; i++) {
            if (b[i] != '\n' && status.length() < FIRST_LINE) {
                status.append((char) (b[i] & 0xff));
            } else if (b[i] == '\n') {
                statusDone = true;
                lastStatus = status.toString().strip();
                if (status.length() >= 4 && status.substring(0, 4).equalsIgnoreCase("-ERR")) lastRefusal = status.toString().strip();
            }
        }
        answer += n;
        if (caps.maxAnswerBytes() > 0 && answer > caps.maxAnswerBytes()) {
            throw trip(AnswerTooLargeException.TOO_MUCH + AnswerTooLargeException.size(caps.maxAnswerBytes())
                    + " in one answer");
        }
        long max = caps.maxLineBytes();
        if (max <= 0 || (bulk && statusRead)) return;
        for (int i = off; i < off + n; i++) {
            if (b[i] == '\n') {
                line = 0;
                statusRead = true;
                if (bulk) return;
            } else if (++line > max) {
                throw trip(AnswerTooLargeException.TOO_MUCH + AnswerTooLargeException.size(max) + " in one line");
            }
        }
    }

    private AnswerTooLargeException trip(String message) {
        close.run();
        return new AnswerTooLargeException(message);
    }

    /**
     * The last status line on this connection that began with -ERR (up to {@link #FIRST_LINE} characters), or "": the
     * words of a POP3 refusal the mail library drops (its STLS refused says only "STLS required but failed").
     */
    synchronized String lastRefusal() {
        return lastRefusal;
    }

    /** The status line of the last answer on this connection whose first line came whole (up to {@link #FIRST_LINE} characters), or "". */
    synchronized String lastStatus() {
        return lastStatus;
    }

    /** The first line the server sent on this connection, as far as it came (its greeting): its words for a refusal. */
    synchronized String firstLine() {
        return firstLine.toString().strip();
    }
}

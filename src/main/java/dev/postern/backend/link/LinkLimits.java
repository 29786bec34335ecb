package dev.postern.backend.link;

import java.time.Duration;

/**
 * The time limits of every connection of an account, beyond the per-read time-out the socket already has.
 *
 * @param answer            how long an answer may take from the moment its command went out (or the connection
 *                          was made, for a greeting) until it is complete, before the size allowance below
 * @param minBytesPerSecond the slowest rate an answer may arrive at: each byte received adds 1/rate s to the
 *                          answer's deadline, so a large message on a slow but working link finishes, and a
 *                          server that trickles a byte at a time does not hold the command forever
 * @param write             how long one write may wait for the server to take the bytes
 * @param caps              how much one answer may carry ({@link AnswerCaps#NONE}: no limit)
 */
public record LinkLimits(Duration answer, long minBytesPerSecond, Duration write, AnswerCaps caps) {
    /** The rate used when the config does not name one: 1 KiB/s, slower than any link mail is read over. */
    public static final long DEFAULT_MIN_BYTES_PER_SECOND = 1024;

    public LinkLimits {
        if (minBytesPerSecond < 1) throw new IllegalArgumentException("minBytesPerSecond < 1");
        if (caps == null) caps = AnswerCaps.NONE;
    }

    /** Limits with no cap on the answers' size. */
    public LinkLimits(Duration answer, long minBytesPerSecond, Duration write) {
        this(answer, minBytesPerSecond, write, AnswerCaps.NONE);
    }

    /** These limits with {@code c} as the caps on the answers' size. */
    public LinkLimits capped(AnswerCaps c) {
        return new LinkLimits(answer, minBytesPerSecond, write, c);
    }

    /** The limits for an account whose time-out is {@code timeout}: an answer may take that long plus its size allowance. */
    public static LinkLimits of(Duration timeout) {
        return new LinkLimits(timeout, DEFAULT_MIN_BYTES_PER_SECOND, timeout);
    }
}

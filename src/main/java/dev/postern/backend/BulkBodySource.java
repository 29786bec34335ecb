package dev.postern.backend;

import java.util.Collection;
import java.util.function.BiConsumer;

/** Whole messages by the batch (one command for many), for a full sync that keeps every body offline. */
public interface BulkBodySource {

    /**
     * Hands {@code sink} the exact RFC 822 bytes of each UID the folder still has, with one command and
     * without setting \Seen. UIDs the folder no longer has are skipped. The caller bounds the batch (it
     * is held in memory).
     */
    void raws(String folder, long uidValidity, Collection<Long> uids, BiConsumer<Long, byte[]> sink);

    /**
     * The largest message {@link #raws} may be asked for: one answer carries a whole message, and an answer larger
     * than the connection's cap ends it as a faulty server's would. A larger message is left for reading, which
     * fetches it in parts; asked for here, every sync would fail on it and blame the server.
     */
    default long largestWhole() {
        return Long.MAX_VALUE;
    }
}

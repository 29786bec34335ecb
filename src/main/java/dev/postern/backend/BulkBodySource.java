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
}

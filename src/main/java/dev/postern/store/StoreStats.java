package dev.postern.store;

/**
 * What the store holds and what it costs on disk.
 *
 * @param messages     cached envelopes (every account, folder and UIDVALIDITY)
 * @param withBody     of those, how many have their body cached
 * @param blobs        distinct bodies stored
 * @param logicalBytes raw size summed over every message with a cached body (what one file per message costs)
 * @param rawBytes     raw size summed over distinct bodies (after dedup, before compression)
 * @param storedBytes  bytes of the stored blob records (after dedup and compression)
 * @param fileBytes    size of the store file on disk (envelopes, indexes and free space included)
 */
public record StoreStats(long messages, long withBody, long blobs, long logicalBytes, long rawBytes,
        long storedBytes, long fileBytes) {

    /** How many times over the cached messages would take the space of their distinct bodies; 1 = no sharing. */
    public double dedupRatio() {
        return rawBytes == 0 ? 1.0 : (double) logicalBytes / rawBytes;
    }

    /** Raw bytes of the distinct bodies per stored byte; 1 = no compression. */
    public double compressionRatio() {
        return storedBytes == 0 ? 1.0 : (double) rawBytes / storedBytes;
    }
}

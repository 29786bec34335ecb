package dev.postern.controller;

import dev.postern.index.MailIndex;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Looking after the offline store ({@code postern store stats|verify|compact|reindex}): its figures, a check
 * of every body, envelope and the search index, a compaction, a rebuilt index. Each runs off the caller's
 * thread; a controller without a store it can look after fails with one sentence.
 */
public interface StoreUpkeep {
    /**
     * What the store holds and what it costs on disk: cached envelopes, how many with their body, distinct
     * bodies, raw bytes summed over messages with a body (before dedup) and over distinct bodies, bytes of the
     * stored body records (compressed), the file's size (-1 when unknown).
     */
    record Figures(long messages, long withBody, long blobs, long logicalBytes, long rawBytes, long storedBytes, long fileBytes) {
        /** How many times over the cached messages would take the space of their distinct bodies; 1 = no sharing. */
        public double dedupRatio() { return rawBytes == 0 ? 1.0 : (double) logicalBytes / rawBytes; }

        /** Raw bytes of the distinct bodies per stored byte; 1 = no compression. */
        public double compressionRatio() { return storedBytes == 0 ? 1.0 : (double) rawBytes / storedBytes; }
    }

    /**
     * One damaged body ({@code hash}) or record (null hash), in words, and the cached messages it concerns;
     * {@code mendedByFetching}: fetching the body again mends it (it is damaged or missing: opening one of the messages,
     * or syncing its folder, does), except for {@code localOnly}, those of the messages kept only here.
     */
    record Damage(String hash, String problem, List<MessageRef> messages, boolean mendedByFetching, List<MessageRef> localOnly) {
        public Damage {
            messages = List.copyOf(messages);
            localOnly = List.copyOf(localOnly);
        }

        public Damage(String hash, String problem, List<MessageRef> messages) {
            this(hash, problem, messages, false, List.of());
        }
    }

    /** What a check found: the damage, how many distinct bodies were checked, and the search index's check (if it has one). */
    record Check(List<Damage> damage, int bodies, Optional<MailIndex.Verification> index) {
        public Check {
            damage = List.copyOf(damage);
        }

        /**
         * The index claims to be current but disagrees with the store, or does not open (one of another postern's format,
         * as an upgrade leaves it, is not damage: the next open rebuilds it).
         */
        public boolean indexDamaged() {
            return index.map(v -> !v.opens() && !v.otherPostern() || (v.current() && !v.agrees())).orElse(false);
        }
    }

    /** The store file's size before and after a compaction. */
    record Compacted(long before, long after) {}

    /** How many messages the rebuilt search index holds, and how long the rebuild took. */
    record Reindexed(int messages, Duration took) {}

    default CompletableFuture<Figures> storeStats() { return CompletableFuture.failedFuture(noUpkeep()); }

    /** Re-hashes bodies, decodes envelopes, checks reference counts and the search index; changes nothing. */
    default CompletableFuture<Check> verifyStore() { return CompletableFuture.failedFuture(noUpkeep()); }

    /**
     * Rewrites the store without the space deleted messages left behind. It needs the store to itself: a
     * postern that holds it for others (the reader, the shell, a daemon) refuses (75) and says how to run it.
     */
    default CompletableFuture<Compacted> compactStore() { return CompletableFuture.failedFuture(noUpkeep()); }

    /**
     * {@code postern store adopt -a ACCOUNT}: takes the account's stored mail as of the mailbox its config names now (the
     * same mailbox under a new host or login name), where postern refused the account because they differ; the sentence
     * that says so.
     */
    default CompletableFuture<String> adoptMailbox(String account) { return CompletableFuture.failedFuture(noUpkeep()); }

    /** Closing (the process ends): a compaction under way stops and leaves the store as it was; waits for that. */
    default void close() {}

    /** Whether work is under way that {@link #close} stops and that will say so (a compaction). */
    default boolean busy() { return false; }

    /**
     * Lets the local search index catch up with the store in the background now, if it is behind (a crash, a short
     * command that set its catch-up aside, a store written by an older postern); returns at once. For the processes
     * that keep the store open: the reader behind its first screen, the daemon after its warm-up (README).
     */
    default void catchUpSearchIndex() {}

    /** Rebuilds the local search index from the store. */
    default CompletableFuture<Reindexed> reindexStore() { return CompletableFuture.failedFuture(noUpkeep()); }

    private static PosternException noUpkeep() {
        return new PosternException(ExitCode.SOFTWARE, "this store does not support maintenance commands.");
    }
}

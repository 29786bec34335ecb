package dev.postern.controller;

import dev.postern.index.MailIndex;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.store.BlobDamage;
import dev.postern.store.MapDbStore;
import dev.postern.store.StoreStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@link StoreUpkeep} over the one store file: figures, check and index rebuild on the open store, each on a
 * thread of its own (they walk the whole store); compaction, which rewrites the file and so needs it closed,
 * only where nothing else holds the store (a batch command's own process), after giving it up.
 */
public final class StoreCare implements StoreUpkeep {
    private final MapDbStore store;
    private final MailIndex index;
    private final Path dataDir;
    private final BooleanSupplier heldForOthers;
    private final Runnable giveUpStore;
    /** How long {@link #close} waits for a compaction to stop and remove its copy (it stops at its next record). */
    static final long STOP_WAIT_SECONDS = 30;
    private volatile boolean stopping;
    private volatile CompletableFuture<Compacted> compacting;

    /**
     * @param index         the search index that follows the store, or null when it has none
     * @param heldForOthers true while this process holds the store for others (the reader, the shell, a daemon)
     * @param giveUpStore   closes the store in this process, so that compaction can open it alone
     */
    public StoreCare(MapDbStore store, MailIndex index, Path dataDir, BooleanSupplier heldForOthers, Runnable giveUpStore) {
        this.store = store;
        this.index = index;
        this.dataDir = dataDir;
        this.heldForOthers = heldForOthers;
        this.giveUpStore = giveUpStore;
    }

    @Override
    public CompletableFuture<Figures> storeStats() {
        return off("postern-store-stats", () -> {
            StoreStats s = store.stats();
            return new Figures(s.messages(), s.withBody(), s.blobs(), s.logicalBytes(), s.rawBytes(), s.storedBytes(), s.fileBytes());
        });
    }

    @Override
    public CompletableFuture<Check> verifyStore() {
        return off("postern-store-verify", () -> {
            List<BlobDamage> found = store.verify();
            List<Damage> damage = found.stream().map(d -> new Damage(d.hash(), d.problem(), d.messages(), d.mendedByFetching(),
                    d.messages().stream().filter(this::localOnly).toList())).toList();
            int bodies;
            try {
                bodies = store.blobCount();
            } catch (PosternException unreadable) { // the body table itself is damaged: verify has said so, table by table
                bodies = -1;
            }
            return new Check(damage, bodies, Optional.ofNullable(index).map(MailIndex::verify));
        });
    }

    /** Kept only here (no server copy to fetch again); a mark that cannot be read counts as not. */
    private boolean localOnly(dev.postern.model.MessageRef ref) {
        try {
            return store.isDetached(ref);
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    @Override
    public CompletableFuture<Compacted> compactStore() {
        if (heldForOthers.getAsBoolean()) {
            return CompletableFuture.failedFuture(new PosternException(ExitCode.TEMPFAIL, "compacting rewrites the store, which this"
                    + " postern (the reader, the shell or a daemon) holds open for others; quit it (a daemon: `postern daemon stop`)"
                    + " and run `postern store compact` again."));
        }
        CompletableFuture<Compacted> f = off("postern-store-compact", () -> {
            if (stopping) throw new dev.postern.model.Work.Cancelled("interrupted: the store was not compacted; nothing was changed.");
            giveUpStore.run();
            long[] sizes = MapDbStore.compact(dataDir, () -> stopping);
            return new Compacted(sizes[0], sizes[1]);
        });
        compacting = f;
        return f;
    }

    /**
     * The process is ending (Ctrl-C or SIGTERM on {@code postern store compact}: the shutdown hook closes the
     * controller): a compaction under way stops at its next record, deletes its partial copy and releases the data
     * directory's lock, leaving the store as it was; this waits for that (up to {@link #STOP_WAIT_SECONDS}). Before,
     * the process ended under it, leaving the copy and its journal beside the store and saying nothing.
     */
    @Override
    public boolean busy() {
        CompletableFuture<Compacted> f = compacting;
        return f != null && !f.isDone();
    }

    @Override
    public void close() {
        stopping = true;
        CompletableFuture<Compacted> f = compacting;
        if (f == null) return;
        try {
            f.get(STOP_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // stopped (its Work.Cancelled goes to the command), failed, or still tidying up: the process ends
        }
    }

    @Override
    public CompletableFuture<Reindexed> reindexStore() {
        if (index == null) return CompletableFuture.failedFuture(new PosternException(ExitCode.SOFTWARE, "this store has no search index."));
        return off("postern-store-reindex", () -> {
            long start = System.nanoTime();
            int n = index.rebuild();
            return new Reindexed(n, Duration.ofNanos(System.nanoTime() - start));
        });
    }

    @Override
    public void catchUpSearchIndex() {
        if (index != null) index.catchUpIfBehind(); // on the index's own worker; nothing opened when it is current
    }

    /** Runs {@code work} on a daemon thread of its own: maintenance is rare and walks the whole store. */
    private static <T> CompletableFuture<T> off(String name, Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.start();
        });
    }
}

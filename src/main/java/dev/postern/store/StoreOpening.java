package dev.postern.store;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.mapdb.Atomic;
import org.mapdb.DB;

import static dev.postern.store.StoreGuard.isDamage;
import static dev.postern.store.StoreGuard.rootMessage;

/**
 * How {@link MapDbStore} opens, so that a store always opens again after a crash or a full disk: the data
 * directory's lock, a new store made atomically, a journal left by a killed postern finished first, a
 * cut-off or unreadable store moved aside (never deleted) with one sentence, and a failure of the system
 * (space, permissions) or a store from a newer postern left alone and reported.
 */
final class StoreOpening {
    static final String LOCK_NAME = "store.lock";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MapDbStore.class);

    /** MapDB grows its file by whole 1 MiB steps; that is what a cut-off (truncated) store fails. */
    static final long GROWTH_STEP = 1L << 20;

    private StoreOpening() {}

    /**
     * Opens {@code dataDir/store.db}, so that a store always opens again after a crash or a full disk:
     * <ul>
     * <li>a missing store is made atomically (see {@link StoreFiles#createAtomically}): never half-made;
     * <li>an empty or all-zero file (a crash before its first commit, by an older postern) held nothing and
     *     is replaced without a word beyond the log;
     * <li>a store that does not open because its bytes are damaged is moved aside as
     *     {@code store.db.damaged-<time>} (kept, never deleted: it may hold the only copy of an outbox,
     *     queued offline actions, or POP3 mail already deleted on the server), {@code notices} is told so
     *     in one sentence naming those, and a new store is made to be filled from the server;
     * <li>a store that does not open for a reason of the system (no space, permissions) is left alone and
     *     reported (exit 74), and one from a newer postern is left alone and reported (exit 65).
     * </ul>
     * {@code locked} runs as soon as this process holds the data directory's lock, before the (slower)
     * open itself: a login started ahead waits only for that (see AppContext.prestart). The lock is taken
     * once and released on every path that does not return a store.
     */
    static MapDbStore open(Path dataDir, Runnable locked, Consumer<String> notices) {
        Path file = dataDir.resolve(MapDbStore.FILE_NAME).toAbsolutePath();
        StoreFiles.createPrivateDirectory(dataDir);
        ProcessLock held = ProcessLock.acquire(dataDir.resolve(LOCK_NAME).toAbsolutePath(), file);
        try {
            // The store may change from here on: a listing kept beside it is no longer to be believed.
            ListingCache.forget(dataDir);
            SearchSnapshot.forget(dataDir); // and a search may no longer answer without it
            locked.run();
            MapDbStore store = openHeld(file, notices);
            store.holdLock(held);
            return store;
        } catch (Throwable e) {
            held.release();
            throw e;
        }
    }

    private static MapDbStore openHeld(Path file, Consumer<String> notices) {
        StoreFiles.removeLeftovers(file);
        // A compaction's copy (and its logs) left by a postern killed while compacting: never the store, and
        // never one still being written, since a compaction holds this lock until its copy is renamed.
        StoreFiles.removeStray(StoreFiles.sibling(file, StoreFiles.COMPACT_SUFFIX), "compacting the store");
        if (Files.exists(file) && StoreFiles.neverCommitted(file)) {
            LOG.info("the store {} never held a commit (a postern stopped while creating it); making it anew", file);
            try {
                Files.delete(file);
            } catch (IOException e) {
                throw openFailure(file, new java.io.UncheckedIOException(e));
            }
        }
        if (!Files.exists(file)) create(file);
        try {
            return openExisting(file);
        } catch (Damaged d) {
            Path aside = StoreFiles.moveAside(file);
            String notice = "the store " + file + " was damaged (" + d.why + ") and was moved aside to " + aside
                    + "; a new store was made and is filled from the server on the next sync, but what only the old"
                    + " one held (messages waiting in the outbox, offline actions not yet sent, POP3 mail already"
                    + " deleted from the server, local-only copies) is not in it: keep " + aside.getFileName();
            LOG.warn(notice, d.getCause());
            notices.accept(notice);
            create(file);
            try {
                return openExisting(file);
            } catch (Damaged again) {
                throw new PosternException(ExitCode.IOERR, "the store " + file + " was made anew but does not open ("
                        + again.why + "); check the disk and free space, then retry", again.getCause());
            }
        }
    }

    private static void create(Path file) {
        StoreFiles.createAtomically(file, "the store", db -> {
            checkFormat(file, db);
            new MapDbStore(file, db);
        });
    }

    /** A store whose bytes do not open: moved aside, never reported as a system failure. */
    private static final class Damaged extends RuntimeException {
        final String why;

        Damaged(String why, Throwable cause) {
            super(why, cause, false, false);
            this.why = why;
        }
    }

    private static MapDbStore openExisting(Path file) {
        DB db = null;
        try {
            StoreFiles.makeAllPrivate(file);
            // A commit that a killed postern left half-copied is finished first, from its journal.
            JournaledVolume.recover(file);
            StoreFiles.removeOldLogs(file);
            // The store's volume (FileVolume) keeps the file in whole 1 MiB slices, as MapDB's mapped volume
            // did, and grows it in slices. So a file that is not in that shape is first opened (and its
            // log replayed) through MapDB's plain file I/O, which leaves a damaged file as it was.
            checkLength(file);
            // A file of whole slices with no log to replay is one that the store's volume leaves as it
            // is, so the first open (a third of the open's time) is skipped for it.
            if (!inShape(file)) StoreFiles.open(file).close();
            db = StoreFiles.openCached(file);
            java.util.Set<String> before = names(db);
            boolean raised = checkFormat(file, db);
            MapDbStore store = new MapDbStore(file, db);
            // Commit (an fsync) only what the open created: a collection a newer version added, or the format
            // mark raised from an older postern's (one commit: all of it or, killed before, none of it).
            // Reopening a store of this format writes nothing.
            if (raised || !before.equals(names(db))) db.commit();
            store.guard().committed(); // nothing of the open is uncommitted: a first commit with nothing written is free
            return store;
        } catch (Damaged | PosternException e) {
            closeQuietly(db);
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(db);
            if ((isDamage(e) || !StoreFiles.fromTheSystem(e)) && !diskNearlyFull(file)) throw new Damaged(StoreGuard.damageInWords(e), e);
            throw openFailure(file, e);
        }
    }

    /**
     * A full disk can make MapDB fail the way damage does ("Get/Set beyond file size"): a sound store must
     * not be moved aside for it, so below a few MiB free the failure is reported as the system's.
     */
    private static boolean diskNearlyFull(Path file) {
        try {
            return Files.getFileStore(file).getUsableSpace() < 4 * GROWTH_STEP;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A store whose length is not a whole number of MapDB's growth steps was cut off (a copy that stopped
     * short, a full disk during a copy, an older postern killed while creating it). Checked before MapDB
     * opens it, because MapDB would first grow the file back to a step, changing it before it is moved aside.
     */
    private static void checkLength(Path file) {
        long size;
        try {
            if (!Files.isRegularFile(file)) return;
            size = Files.size(file);
        } catch (IOException e) {
            return; // opening it will say what is wrong
        }
        if (size % GROWTH_STEP != 0) {
            throw new Damaged("it is cut off: " + size + " bytes, not a whole number of MiB", null);
        }
    }

    /** Whether the file is whole slices with no old log beside it: one the store's volume opens as it is. */
    private static boolean inShape(Path file) {
        try {
            long size = Files.size(file);
            if (size == 0 || size % GROWTH_STEP != 0) return false;
            return StoreFiles.walFiles(file).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static java.util.Set<String> names(DB db) {
        java.util.Set<String> names = new java.util.HashSet<>();
        db.getAllNames().forEach(names::add);
        return names;
    }

    /**
     * Refuses a store of a newer format (65, before anything is read or written), and marks one of an older format
     * (or none, a new store) with this postern's {@link MapDbStore#FORMAT}: from this open on the store may hold
     * records an older postern cannot read, and one since da36c688 then refuses the whole store in one sentence
     * instead of failing command by command. Returns whether the mark was changed (the caller commits it: the
     * store's journal makes that commit whole, so a kill leaves the old mark or the new one, never half of one).
     */
    static boolean checkFormat(Path file, DB db) {
        Atomic.Integer format = db.atomicInteger("postern.format").createOrOpen();
        int found = format.get();
        if (found > MapDbStore.FORMAT) {
            throw new PosternException(ExitCode.DATAERR, "the store " + file + " was written by a newer postern (format "
                    + found + "); upgrade postern to read it");
        }
        if (found == MapDbStore.FORMAT) return false;
        if (found != 0) {
            LOG.info("the store {} was of format {} (an older postern's); marked as format {}: an older postern now refuses it",
                    file, found, MapDbStore.FORMAT);
        }
        format.set(MapDbStore.FORMAT);
        return true;
    }

    /**
     * When the store began to record arrivals: set at the first open by a postern that records them (store format 3),
     * a new store's or an older one's, and kept after (a compaction copies it). An envelope stored before it has none,
     * and is aged from this moment (retention never deletes it sooner than its days after the upgrade).
     */
    static java.time.Instant arrivalsKnown(DB db) {
        Atomic.Long since = db.atomicLong("arrivalsKnown").createOrOpen();
        if (since.get() == 0) since.set(java.time.Instant.now().getEpochSecond()); // committed with the open
        return java.time.Instant.ofEpochSecond(since.get());
    }

    static PosternException openFailure(Path file, RuntimeException e) {
        if (isDamage(e)) {
            return new PosternException(ExitCode.DATAERR, "the store " + file + " is damaged and cannot be opened ("
                    + StoreGuard.damageInWords(e) + "); move it aside so postern creates a new one, or restore it from a backup", e);
        }
        return new PosternException(ExitCode.IOERR, "the store " + file + " cannot be opened (" + rootMessage(e)
                + "); " + SystemCause.advice(e, "check free disk space and the file's permissions") + ", then retry", e);
    }

    private static void closeQuietly(DB db) {
        if (db == null) return;
        try {
            db.close();
        } catch (RuntimeException ignored) {
            // Already failing with a better message; a second error would hide it.
        }
    }
}

package dev.postern.store;

import java.io.File;
import java.nio.file.Path;
import org.mapdb.CC;
import org.mapdb.DB;
import org.mapdb.StoreWAL;
import org.mapdb.volume.ByteArrayVol;
import org.mapdb.volume.RandomAccessFileVol;
import org.mapdb.volume.Volume;
import org.mapdb.volume.VolumeFactory;

/**
 * Opens a MapDB file the way {@code DBMaker.fileDB(f).transactionEnable().fileLockDisable()} would, with
 * the store file's volume wrapped in a {@link JournaledVolume} (commits all-or-nothing) and MapDB's own
 * write-ahead log kept in memory (MapDB never reads it back after a crash). DBMaker offers no way to pass a volume factory to a transactional store, so the store and the
 * {@link DB} are built here with DBMaker's own defaults.
 */
final class StoreVolumes {
    private StoreVolumes() {}

    /**
     * Opens or creates {@code file}; {@code cached} selects {@link FileVolume} (positional I/O with a cache of hot
     * pages, in whole 1 MiB slices) over MapDB's plain {@code RandomAccessFileVol} (which sizes the file to the byte).
     */
    static DB open(Path file, boolean cached) {
        return open(file, cached, true);
    }

    /** As {@link #open(Path, boolean)}; {@code nodeCache} false leaves out the {@link NodeCache} (for its test). */
    static DB open(Path file, boolean cached, boolean nodeCache) {
        return open(file, cached, nodeCache, true);
    }

    /**
     * A file no one sees until it is whole ({@link StoreFiles#createAtomically} builds it under a temporary name, forces it
     * to disk and renames it into place): through plain file I/O, with no journal and no fsync at its commits. The
     * journal makes a commit whole against a kill in a file that is already the store; here a kill leaves only the
     * temporary file, which the next run removes. Making a store took three journaled commits, each a journal written
     * and forced, the directory and the file synced: 11 fsyncs before a first run's store opened, where this file's
     * one force and the directory's after the rename are what makes it durable.
     */
    static DB openUnjournaled(Path file) {
        return open(file, false, true, false);
    }

    private static DB open(Path file, boolean cached, boolean nodeCache, boolean journaled) {
        boolean existed = file.toFile().exists();
        StoreWAL store = store(file, cached, journaled);
        return new DB(nodeCache ? new NodeCache(store) : store, existed, true, Thread.currentThread().getContextClassLoader(), 0);
    }

    private static StoreWAL store(Path file, boolean cached, boolean journaled) {
        String name = file.toFile().getPath();
        Lz4Library.loadUnlinked(); // before DB's class is first used: it loads MapDB's CC, which loads lz4-java's native copy
        VolumeFactory base = cached ? FileVolumeFactory.INSTANCE : RandomAccessFileVol.FACTORY;
        return StoreWAL.make(name, new Factory(base, name, journaled), -1L, true, CC.STORE_DIRECT_CONC_SHIFT, 0L, 0L,
                false, false, false, true, false);
    }

    /** Makes {@link FileVolume}s. */
    private static final class FileVolumeFactory extends VolumeFactory {
        static final FileVolumeFactory INSTANCE = new FileVolumeFactory();

        @Override
        public Volume makeVolume(String file, boolean readOnly, long fileLockWait, int sliceShift, long initSize, boolean fixedSize) {
            return new FileVolume(new File(file), readOnly, sliceShift, initSize, FileVolume.CACHE_PAGES);
        }

        @Override
        public boolean exists(String file) {
            return file != null && new File(file).exists();
        }

        @Override
        public boolean handlesReadonly() {
            return true;
        }
    }

    private static final class Factory extends VolumeFactory {
        private final VolumeFactory base;
        private final String main;
        private final boolean journaled;

        Factory(VolumeFactory base, String main, boolean journaled) {
            this.base = base;
            this.main = main;
            this.journaled = journaled;
        }

        @Override
        public Volume makeVolume(String file, boolean readOnly, long fileLockWait, int sliceShift, long initSize, boolean fixedSize) {
            if (main.equals(file) && !journaled) {
                createPrivate(Path.of(file));
                return new ForwardingVolume(base.makeVolume(file, readOnly, fileLockWait, sliceShift, initSize, fixedSize), false);
            }
            if (main.equals(file)) {
                Path path = Path.of(file);
                JournaledVolume.recover(path);
                createPrivate(path);
                return new JournaledVolume(base.makeVolume(file, readOnly, fileLockWait, sliceShift, initSize, fixedSize),
                        JournaledVolume.journalOf(path));
            }
            // MapDB's write-ahead log: a commit's records wait here until the commit copies them into the
            // store file. MapDB never reads it back after a crash (the journal is what makes commits whole),
            // so it lives in memory: no file to create, fsync and delete at every commit, and no disk space
            // beyond the journal's (on a nearly full disk a log file beside the journal did not fit).
            return new ByteArrayVol(sliceShift, 0);
        }

        @Override
        public boolean exists(String file) {
            return file != null && new File(file).exists();
        }

        @Override
        public boolean handlesReadonly() {
            return base.handlesReadonly();
        }
    }


    /** A new store file is created owner-only (0600) before MapDB opens it, whatever the umask says. */
    private static void createPrivate(Path file) {
        if (!StoreFiles.posix() || java.nio.file.Files.exists(file)) return;
        try {
            java.nio.file.Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (java.io.IOException e) {
            // MapDB's own open of it says what is wrong
        }
    }
}

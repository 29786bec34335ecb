package dev.postern.store;

import java.nio.file.Path;

/**
 * The lock on {@code store.lock} beside the store: the one lock on the data directory (MapDB's own is
 * off, see {@link StoreFiles}). It says at once whether another process has the store. Taken once per
 * process: a second open in the same process is refused as "in use" (exit 75) without the
 * OverlappingFileLockException a second lock would meet. Released on close and on every failed open;
 * the system drops it when a process dies.
 */
final class ProcessLock {
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Path lockFile;
    private final java.nio.channels.FileChannel channel;
    private boolean released;

    private ProcessLock(Path lockFile, java.nio.channels.FileChannel channel) {
        this.lockFile = lockFile;
        this.channel = channel;
    }

    static ProcessLock acquire(Path lockFile, Path store) {
        if (!HELD.add(lockFile)) {
            // Never a second OS lock from one process (an OverlappingFileLockException): the holder here
            // is as busy as another process would be, and in-process tests stand in for one this way.
            throw new StoreLockedException("the store " + store + " is in use: this postern process already has it"
                    + " open; close it and retry", null);
        }
        java.nio.channels.FileChannel ch = null;
        try {
            ch = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE);
            StoreFiles.makePrivate(lockFile);
            java.nio.channels.FileLock l = ch.tryLock();
            if (l == null) throw StoreLockedException.of(store, null);
            return new ProcessLock(lockFile, ch);
        } catch (java.io.IOException e) {
            closeChannel(ch);
            HELD.remove(lockFile);
            throw StoreOpening.openFailure(store, new java.io.UncheckedIOException(e));
        } catch (RuntimeException | Error e) {
            closeChannel(ch);
            HELD.remove(lockFile);
            throw e;
        }
    }

    synchronized void release() {
        if (released) return;
        released = true;
        closeChannel(channel);
        HELD.remove(lockFile);
    }

    private static void closeChannel(java.nio.channels.FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close(); // releases the lock
        } catch (java.io.IOException e) {
            // nothing left to release
        }
    }
}

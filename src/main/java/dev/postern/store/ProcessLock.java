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
            if (l == null) throw StoreLockedException.of(store, holder(lockFile), null);
            sign(ch);
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

    /** What this process is, in a user's words ("postern sync", "the reader"): written in the lock for others to name. */
    private static volatile String self; // null: says nothing (a test's JVM, a library use)

    /** Sets {@link #self}; called once, early, by the entry point that knows the command line. */
    static void describeSelf(String what) {
        if (what != null && !what.isBlank()) self = what;
    }

    /**
     * The holder's name in the lock file ("12345 postern sync"), for another process refused the lock to say who has
     * the store (hunt 32-V, B5: "in use by another postern process; close it", when the user had opened nothing: cron
     * had). Best effort: a lock whose file cannot be written is held all the same.
     */
    private static void sign(java.nio.channels.FileChannel ch) {
        try {
            ch.truncate(0); // an earlier holder's name goes, whatever this one says
            String what = self;
            if (what == null) return;
            ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + " " + what + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0);
        } catch (java.io.IOException | RuntimeException e) {
            // unnamed then: the sentence says "another postern process"
        }
    }

    /** "postern sync (pid 12345)" from the holder's lock file, or null when it names no live process. */
    static String holder(Path lockFile) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(lockFile)) {
            String text = new String(in.readNBytes(200), java.nio.charset.StandardCharsets.UTF_8);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,10}) ([a-z][a-z -]{0,40})\n").matcher(text);
            if (!m.lookingAt()) return null;
            long pid = Long.parseLong(m.group(1));
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return m.group(2).strip() + " (pid " + pid + ")";
            return null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
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

package dev.postern.resident;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The reader started while a batch command that serves nobody (a cron {@code postern sync}) holds the store (hunt 32-V,
 * B5): it says whom it waits for and opens once the store is free, where it exited 75 with "in use" before. A batch
 * command ends by itself, so waiting is enough; q or Ctrl-C gives up meanwhile, answered within {@link #STEP_MS}: the
 * terminal leaves line mode (its settings put back on every way out) so q needs no Enter, and Ctrl-C stays a signal.
 */
final class StoreWait {
    /** How often the lock and the keys are looked at: well within the 200 ms a key's answer may take. */
    static final long STEP_MS = 40;
    /** What {@link #until} returns when the store is free (or an owner serves): decide again. */
    static final int FREE = -1;

    private StoreWait() {}

    /**
     * Before the reader decides whether to be served or to open the store: when a live batch command that serves
     * nobody holds {@code dataDir}'s store (no owner's socket, store.lock held by the process its file names, not a
     * reader, shell or daemon), {@link #until} it lets go; {@link #FREE} at once otherwise.
     */
    static int forBatch(Path dataDir) {
        String holder = batchHolder(dataDir);
        return holder == null ? FREE : until(dataDir, holder);
    }

    /**
     * The live batch command that serves nobody and holds {@code dataDir}'s store ("postern sync (pid N)"): no owner's
     * socket, store.lock held by the process its file names, not a reader, shell or daemon; null when there is none.
     */
    static String batchHolder(Path dataDir) {
        if (java.nio.file.Files.exists(SocketFiles.socketFor(dataDir))) return null; // an owner serves, or is the lock's
        Path lock = dataDir.resolve("store.lock");
        long pid = SocketFiles.lockHolder(lock);
        if (pid <= 0) return null;
        String holder = dev.postern.store.StoreHolder.of(lock); // "postern sync (pid N)"
        if (holder == null || !holder.endsWith("(pid " + pid + ")") || !holder.startsWith("postern ")
                || dev.postern.model.StoreInUseException.servesOthers(holder)) return null;
        return holder;
    }

    /**
     * A daemon about to take the store: while a batch command holds it ({@link #batchHolder}), waits for it to end (a
     * cron sync ends by itself; the daemon has no terminal to give up from, SIGTERM ends it meanwhile) and says so once
     * through {@code say}. Where {@code daemon run} exited 75 after the store's own wait with advice to start a daemon.
     */
    static void daemonWaits(Path dataDir, java.util.function.Consumer<String> say) throws InterruptedException {
        String holder = batchHolder(dataDir);
        if (holder == null) return;
        say.accept("waiting for " + holder + " to finish with the store in " + dataDir + "; the daemon serves then.");
        while (SocketFiles.lockHeld(dataDir.resolve("store.lock")) && batchHolder(dataDir) != null) Thread.sleep(200);
    }

    /** Waits while {@code holder} holds {@code dataDir}'s store: {@link #FREE} once it does not, 0 when q gave up. */
    private static int until(Path dataDir, String holder) {
        Client.say("postern: waiting for " + holder + " to finish with the store in " + dataDir
                + "; the reader opens then (q or Ctrl-C gives up).");
        String saved = Stty.run(true, "-g");
        java.util.concurrent.atomic.AtomicBoolean changed = new java.util.concurrent.atomic.AtomicBoolean();
        Thread restore = new Thread(() -> { // Ctrl-C: SIGINT ends the JVM
            dev.postern.model.StartupTrace.mark("reader: interrupted while waiting for the store");
            put(saved, changed);
        }, "postern-wait-restore");
        if (!dev.postern.model.ShutdownHooks.add(restore)) return 130;
        changed.set(saved != null && !saved.isBlank()); // before the change: a Ctrl-C amid it still puts them back
        boolean keys = changed.get() && Stty.run(false, "-icanon", "-echo", "min", "1") != null;
        // Marked once q and Ctrl-C are taken as said: before the hook a Ctrl-C ended the JVM without it (ci34c).
        dev.postern.model.StartupTrace.mark("reader: waiting for the store");
        InputStream tty = new FileInputStream(FileDescriptor.in);
        try {
            while (SocketFiles.lockHeld(dataDir.resolve("store.lock"))) {
                while (keys && tty.available() > 0) {
                    int c = tty.read();
                    if (c == 'q' || c == 'Q' || c < 0) {
                        dev.postern.model.StartupTrace.mark("reader: q while waiting for the store");
                        put(saved, changed);
                        dev.postern.model.StartupTrace.mark("reader: gave up waiting for the store");
                        return 0;
                    }
                }
                Thread.sleep(STEP_MS);
            }
            dev.postern.model.StartupTrace.mark("reader: the store is free");
            return FREE;
        } catch (IOException e) {
            return FREE; // no keys to read: the reader's own start says what it can
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            put(saved, changed);
            try {
                Runtime.getRuntime().removeShutdownHook(restore);
            } catch (IllegalStateException e) {
                // ending: the hook ran
            }
        }
    }

    /** The terminal's settings as they were before the wait, once. */
    private static void put(String saved, java.util.concurrent.atomic.AtomicBoolean changed) {
        if (changed.getAndSet(false)) Stty.run(false, saved.strip());
    }
}

package dev.postern.ui;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The screen's store reads, on one thread of their own: the index's visible page and count, the sidebar's
 * folders and counts, the status bar's queued changes, the envelope a key acts on. The UI thread keeps the
 * last answers (its snapshot) and paints from them; it never waits here, so a slow or locked store delays
 * what is shown, never the keys or a frame.
 *
 * <p>A keyed read replaces a read with the same key that has not started yet (only the newest index window
 * matters when the user holds j down). Answers are handed to {@code post}, which runs them on the UI thread.
 */
final class StoreReader implements AutoCloseable {
    private final Consumer<Runnable> post;
    private final Consumer<RuntimeException> failed;
    private final ExecutorService thread;
    private final Map<String, Runnable> waiting = new HashMap<>(); // guarded by itself

    /**
     * {@code post}: runs an answer on the UI thread; {@code failed}: told (on the UI thread) of a read that
     * threw, so the reader says so once rather than going blank.
     */
    StoreReader(Consumer<Runnable> post, Consumer<RuntimeException> failed) {
        this.post = post;
        this.failed = failed;
        this.thread = IdleEndingWorker.named("postern-ui-store-read");
    }

    /** Reads with {@code read} off the UI thread, then runs {@code apply} with the answer on it. */
    <T> void read(String key, Supplier<T> read, Consumer<T> apply) {
        Runnable job = () -> {
            T value;
            try {
                value = read.get();
            } catch (RuntimeException e) {
                post.accept(() -> failed.accept(e));
                return;
            }
            post.accept(() -> apply.accept(value));
        };
        synchronized (waiting) {
            boolean queued = waiting.containsKey(key);
            waiting.put(key, job);
            if (queued) return; // the queued task runs the newest job for this key
        }
        try {
            thread.execute(() -> {
                Runnable newest;
                synchronized (waiting) {
                    newest = waiting.remove(key);
                }
                if (newest != null) newest.run();
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            synchronized (waiting) {
                waiting.remove(key);
            }
        }
    }

    /** One read that is never replaced by another; the future completes on the read thread. */
    <T> CompletableFuture<T> submit(Supplier<T> read) {
        try {
            return CompletableFuture.supplyAsync(read, thread);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            return CompletableFuture.failedFuture(closed);
        }
    }

    /**
     * Lets a read under way finish (never interrupted: an interrupt closes a store's file channel) and
     * drops those not started; the thread is a daemon, so a read stuck on a locked store never holds up exit.
     */
    @Override
    public void close() {
        synchronized (waiting) {
            waiting.clear();
        }
        thread.shutdown();
    }
}

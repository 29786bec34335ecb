package dev.postern.index;

import java.util.concurrent.TimeUnit;

/**
 * A spell during which the index cannot be written, from its first failure to the catch-up that ends it: a full disk
 * (Lucene then closes its writer for good: a "tragic" event), an index that does not open. It is said once in the
 * log when it begins and once when it ends; the failures between go to the debug log only (a daemon kept logging
 * "this IndexWriter is closed" at every commit, hunt 33-Y, Y5). Attempts to mend it are spaced out: the first
 * {@code firstMs} after the failure, each next one twice as late, at most {@link #LAST_MS}. The index worker's only.
 */
final class IndexOutage {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MailIndex.class);
    static final long FIRST_MS = 2_000;
    static final long LAST_MS = 60_000;
    private final long firstMs;
    private boolean on;
    private long waitMs;
    private long nextNanos;
    private long sinceNanos;
    private volatile int begun;
    private boolean asked;

    IndexOutage(long firstMs) {
        this.firstMs = firstMs;
    }

    /**
     * The index in {@code path} failed with {@code e} ({@code tragedy}: what closed its writer for good, named rather than
     * "this IndexWriter is closed"): said when it begins an outage, only in the debug log within one. Either way the next
     * attempt is set.
     */
    void failed(java.nio.file.Path path, Exception e, Throwable tragedy) {
        if (failed()) {
            log.warn("the search index {} could not be written ({}); local searches scan the store until it is opened again and"
                    + " caught up, tried from {} s on", path, dev.postern.store.StoreFiles.rootMessage(tragedy != null ? tragedy : e),
                    (leftMs() + 999) / 1000);
        } else {
            log.debug("the search index still cannot be written", e);
        }
    }

    /** A failure: true when it begins an outage, false within one. Either way the next attempt is set. */
    boolean failed() {
        long now = System.nanoTime();
        boolean begins = !on;
        if (begins) {
            on = true;
            sinceNanos = now;
            waitMs = firstMs;
            begun++;
        } else {
            waitMs = Math.min(waitMs * 2, Math.max(firstMs, LAST_MS));
        }
        nextNanos = now + TimeUnit.MILLISECONDS.toNanos(waitMs);
        return begins;
    }

    /** Has {@code repair} run on {@code worker} when the next attempt is due, unless one is on its way already. */
    void ask(java.util.concurrent.Executor worker, Runnable repair) {
        if (asked) return;
        asked = true;
        java.util.concurrent.CompletableFuture.delayedExecutor(leftMs(), TimeUnit.MILLISECONDS, worker).execute(() -> {
            asked = false;
            repair.run();
        });
    }

    boolean on() {
        return on;
    }

    /** Whether the next attempt to mend it is due. */
    boolean due() {
        return on && System.nanoTime() - nextNanos >= 0;
    }

    /** Milliseconds until the next attempt (0 when due). */
    long leftMs() {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(nextNanos - System.nanoTime()));
    }

    /** The index is written and caught up again: the outage ends, and is said to. */
    void ended() {
        if (!on) return;
        on = false;
        log.info("the search index is written again, after {} s; caught up with the store",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sinceNanos));
    }

    /** How many outages began (each said once in the log). */
    int begun() {
        return begun;
    }
}

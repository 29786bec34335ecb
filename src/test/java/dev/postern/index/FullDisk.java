package dev.postern.index;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;

/**
 * A disk that fills on demand, under the index's writer: while {@link #full} is set, a new file of the kinds it
 * names (a merge's, a flush's, any) cannot be made, as on a full disk ("No space left on device").
 */
final class FullDisk {
    final AtomicBoolean full = new AtomicBoolean();
    /** How many files the full disk refused. */
    final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
    private final Predicate<IOContext> hits;
    /** When set, a refused file's thread waits here before it fails (a merge then fails when the test says). */
    private final java.util.concurrent.CountDownLatch held;

    private FullDisk(Predicate<IOContext> hits, java.util.concurrent.CountDownLatch held) {
        this.hits = hits;
        this.held = held;
    }

    private FullDisk(Predicate<IOContext> hits) {
        this(hits, null);
    }

    /** Only merges meet the full disk, and each waits for {@link #release} before it fails. */
    static FullDisk forMergesHeld() {
        return new FullDisk(c -> c.context == IOContext.Context.MERGE, new java.util.concurrent.CountDownLatch(1));
    }

    void release() {
        held.countDown();
    }

    /** Only merges meet the full disk (flushes and commits still write). */
    static FullDisk forMerges() {
        return new FullDisk(c -> c.context == IOContext.Context.MERGE);
    }

    /** Every file the writer makes meets the full disk. */
    static FullDisk forAll() {
        return new FullDisk(c -> true);
    }

    Directory over(Directory in) {
        return new FilterDirectory(in) {
            @Override
            public IndexOutput createOutput(String name, IOContext context) throws IOException {
                if (full.get() && hits.test(context)) throw refusal();
                return super.createOutput(name, context);
            }

            @Override
            public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
                if (full.get() && hits.test(context)) throw refusal();
                return super.createTempOutput(prefix, suffix, context);
            }
        };
    }

    private IOException refusal() {
        refused.incrementAndGet();
        if (held != null) {
            try {
                held.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new IOException("No space left on device");
    }
}

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
    private final Predicate<IOContext> hits;

    private FullDisk(Predicate<IOContext> hits) {
        this.hits = hits;
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
                if (full.get() && hits.test(context)) throw new IOException("No space left on device");
                return super.createOutput(name, context);
            }

            @Override
            public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
                if (full.get() && hits.test(context)) throw new IOException("No space left on device");
                return super.createTempOutput(prefix, suffix, context);
            }
        };
    }
}

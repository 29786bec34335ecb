package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.thread.IndexOrder;
import dev.postern.thread.SortKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The first threads toggle in a 20,000-message folder only arranges (the folder was read ahead when it
 * opened), and toggling back to an order already built reuses it.
 */
class ArrangerCacheTest {
    private final AtomicInteger wholeFolderReads = new AtomicInteger();
    private final InMemoryMailController c = new InMemoryMailController() {
        @Override
        public List<Envelope> page(String account, String folder, int offset, int limit) {
            if (offset == 0 && limit > 100) wholeFolderReads.incrementAndGet();
            return super.page(account, folder, offset, limit);
        }
    };

    @Test
    void theFolderIsReadAheadAndOrdersAreKept() throws Exception {
        c.addFolder("work", "INBOX", 20_000);
        Arranger arranger = new Arranger(c);
        arranger.prefetch("work", "INBOX", null);
        IndexView.Arrangement threads = IndexView.Arrangement.DEFAULT.withThreaded(true);
        IndexOrder first = arranger.build("work", "INBOX", threads).get();
        assertEquals(20_000, first.size());
        assertEquals(1, wholeFolderReads.get(), "the read ahead served the first toggle");
        IndexOrder bySubject = arranger.build("work", "INBOX", threads.withKey(SortKey.SUBJECT)).get();
        assertNotSame(first, bySubject);
        assertSame(first, arranger.build("work", "INBOX", threads).get(), "toggling back reuses the order built");
        assertEquals(1, wholeFolderReads.get());

        arranger.forget(); // mail came or went
        IndexOrder rebuilt = arranger.build("work", "INBOX", threads).get();
        assertNotSame(first, rebuilt);
        assertEquals(2, wholeFolderReads.get());
    }

    @Test
    void aFolderTooBigToHoldIsNotReadAhead() throws Exception {
        c.addFolder("work", "INBOX", Arranger.PREFETCH_LIMIT + 1);
        Arranger arranger = new Arranger(c);
        arranger.prefetch("work", "INBOX", null);
        arranger.build("work", "INBOX", IndexView.Arrangement.DEFAULT.withKey(SortKey.SUBJECT)).get();
        assertTrue(wholeFolderReads.get() == 1, "read once, for the toggle only");
    }
}

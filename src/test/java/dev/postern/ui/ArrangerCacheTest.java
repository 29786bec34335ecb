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
        Arrangement threads = Arrangement.DEFAULT.withThreaded(true);
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
    void aFolderTooBigToHoldIsNotReadAheadAndItsHeapIsGivenBackOncePerOrderBuilt() throws Exception {
        c.addFolder("work", "INBOX", Arranger.PREFETCH_LIMIT + 1);
        AtomicInteger givenBack = new AtomicInteger();
        Arranger arranger = new Arranger(c, givenBack::incrementAndGet);
        arranger.prefetch("work", "INBOX", null);
        Arrangement bySubject = Arrangement.DEFAULT.withKey(SortKey.SUBJECT);
        arranger.build("work", "INBOX", bySubject).get();
        assertTrue(wholeFolderReads.get() == 1, "read once, for the toggle only");
        arranger.build("work", "INBOX", bySubject).get(); // a kept order, queued behind the collection: it has run
        assertEquals(1, givenBack.get(), "one collection after the big arrangement, its scratch dead");
        Arrangement threads = Arrangement.DEFAULT.withThreaded(true);
        arranger.build("work", "INBOX", threads).get();
        arranger.build("work", "INBOX", threads).get();
        assertEquals(2, givenBack.get(), "another order built");
        arranger.build("work", "INBOX", bySubject).get();
        arranger.build("work", "INBOX", threads).get();
        assertEquals(2, givenBack.get(), "kept orders are found, nothing to give back");
    }

    @Test
    void aFolderReadAheadArrangesWithoutAFullCollection() throws Exception {
        c.addFolder("work", "INBOX", 2_000);
        AtomicInteger givenBack = new AtomicInteger();
        Arranger arranger = new Arranger(c, givenBack::incrementAndGet);
        arranger.build("work", "INBOX", Arrangement.DEFAULT.withThreaded(true)).get();
        assertEquals(0, givenBack.get(), "a small folder's scratch is not worth a pause");
    }
}

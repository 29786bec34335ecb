package dev.postern.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.QueryParser;
import dev.postern.store.MapDbStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader quit ({@code q}) while the index worker had work in hand: the screen went at once, but the process (and
 * the data directory's lock, which the next cron `postern` meets) ended 0.4-0.9 s later, waiting for that work: the
 * first look at the index's commit point (Lucene's classes loading on a loaded machine), an open, a comparison with
 * the store, a commit's fsync (hunt 39-Y, Y5). A hasty close now leaves the work in hand to end with the process, as a
 * kill would, and the next open catches up: search is never wrong.
 */
class IndexHastyCloseTest {
    @TempDir Path dir;

    /** A disk whose fsync, once {@link #stall} is set, waits until {@link #go} (a disk slow under load, made certain). */
    private static final class SlowSync {
        final AtomicBoolean stall = new AtomicBoolean();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch go = new CountDownLatch(1);

        Directory over(Directory in) {
            return new FilterDirectory(in) {
                @Override
                public void sync(Collection<String> names) throws IOException {
                    if (stall.get()) {
                        entered.countDown();
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    super.sync(names);
                }
            };
        }
    }

    @Test
    void aHastyCloseDoesNotWaitForTheWorkersCommitAndTheNextOpenCatchesUp() throws Exception {
        List<byte[]> mail = IndexedMail.generated(50);
        SlowSync disk = new SlowSync();
        AtomicBoolean quitting = new AtomicBoolean();
        MapDbStore store = MapDbStore.open(dir);
        try {
            MailIndex index = MailIndex.attach(dir, store, disk::over, quitting::get);
            IndexedMail.store(store, mail.subList(0, 30), 1, 30);
            assertTrue(index.awaitCurrent(60_000));
            disk.stall.set(true);
            IndexedMail.store(store, mail.subList(30, 40), 31, 10); // committed to the index after the quiet spell: stalls
            assertTrue(disk.entered.await(60, TimeUnit.SECONDS), "the worker's commit reached the disk");
            IndexedMail.store(store, mail.subList(40, 50), 41, 10); // handed to the worker behind the stalled commit
            quitting.set(true);
            assertTimeoutPreemptively(Duration.ofSeconds(20), store::close,
                    "the reader's quit waited for the index worker's commit in hand");
        } finally {
            disk.go.countDown(); // the process would have ended here; the test's lets the worker finish and let go
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("postern-index")) t.join(60_000);
            }
            store.close();
        }
        try (MapDbStore reopened = MapDbStore.open(dir)) {
            MailIndex index = MailIndex.attach(dir, reopened, MailIndex.BURST, () -> {}, () -> false);
            MailIndex.Verification before = index.verify();
            assertFalse(before.current(), "the commit on disk does not claim what was set aside: " + before);
            assertTrue(index.awaitCurrent(60_000), "the next open catches up");
            for (String q : List.of("subject:the", "body:postern", "seen")) {
                var query = QueryParser.parse(q);
                var found = index.search(IndexedMail.ACCOUNT, IndexedMail.FOLDER, IndexedMail.UIDVALIDITY, query);
                assertTrue(found.isPresent(), q);
                assertEquals(IndexedMail.scan(reopened, query), IndexedMail.sorted(found.get()), q);
            }
            MailIndex.Verification after = index.verify();
            assertTrue(after.current() && after.agrees() && after.indexed() == 50, after.toString());
        }
    }
}

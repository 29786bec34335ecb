package dev.postern.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.Query;
import dev.postern.model.QueryParser;
import dev.postern.store.MapDbStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index that meets a full disk in an owner that goes on (a daemon, the reader) mends itself: Lucene closes its
 * writer for good at the failed write, and the index worker used to keep that closed writer, failing every later
 * commit ("this IndexWriter is closed") until the owner was restarted (hunt 33-Y, Y5). Now the writer is dropped and
 * the index opened again once the disk has room, and caught up with everything the store committed meanwhile; the
 * outage is one warning, however many commits fail in it. Searches scan meanwhile, so they are right throughout.
 */
class IndexFullDiskTest {
    @TempDir Path dir;

    private static final List<Query> QUERIES = List.of(QueryParser.parse("body:postern"), QueryParser.parse("subject:report"),
            QueryParser.parse("seen"), QueryParser.parse("text:a"), QueryParser.parse("flagged or from:example"));

    private static void same(MapDbStore store, MailIndex index, String when) {
        IndexedMail.Scan scan = new IndexedMail.Scan(store);
        for (Query q : QUERIES) {
            Optional<List<Envelope>> found = index.search(IndexedMail.ACCOUNT, IndexedMail.FOLDER, IndexedMail.UIDVALIDITY, q);
            assertTrue(found.isPresent(), when + ": the index answers " + q);
            assertEquals(scan.found(q), IndexedMail.byUid(found.get()), when + ": " + q);
        }
    }

    @Test
    void anIndexAFullDiskClosedIsOpenedAgainAndCatchesUp() throws Exception {
        FullDisk disk = FullDisk.forAll();
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex index = MailIndex.attach(dir, store, disk::over, 1);
            List<byte[]> mail = IndexedMail.generated(90);
            IndexedMail.store(store, mail.subList(0, 30), 1, 30);
            assertTrue(index.awaitCurrent(60_000));

            disk.full.set(true);
            IndexedMail.store(store, mail.subList(30, 60), 31, 10); // three commits the index cannot write
            assertFalse(index.verify().current(), "the index's commit met the full disk");
            for (Query q : QUERIES) {
                assertEquals(Optional.empty(), index.search(IndexedMail.ACCOUNT, IndexedMail.FOLDER, IndexedMail.UIDVALIDITY, q),
                        "searches scan while the index cannot be written");
            }

            disk.full.set(false);
            IndexedMail.store(store, mail.subList(60, 90), 61, 30);
            assertTrue(index.awaitCurrent(60_000), "the index is opened again and catches up");
            same(store, index, "after the full disk");
            MailIndex.Verification v = index.verify();
            assertTrue(v.current() && v.agrees() && v.indexed() == 90, v.toString());
            assertEquals(1, index.outage.begun(), "one outage, said once");
        }
    }

    /**
     * A merge that met a full disk closed the writer after the last write: the first search that finds it so has the
     * worker begin the outage (it used to log a warning at every search, and wait for a write to notice), and the
     * index is opened again and caught up with no store commit to prompt it.
     */
    @Test
    void aSearchThatFindsTheWriterClosedByAMergeHasItMended() throws Exception {
        FullDisk disk = FullDisk.forMergesHeld();
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex index = MailIndex.attach(dir, store, disk::over, 1);
            List<byte[]> mail = IndexedMail.generated(40);
            IndexedMail.store(store, mail.subList(0, 5), 1, 5);
            assertTrue(index.awaitCurrent(60_000));
            disk.full.set(true);
            // One segment a commit (verify commits what was applied): past ten of them a merge runs, on the full disk,
            // and waits there until every commit is done.
            for (int n = 5; n < mail.size() && disk.refused.get() == 0; n++) {
                IndexedMail.store(store, mail.subList(n, n + 1), n + 1, 1);
                index.verify();
            }
            assertTrue(disk.refused.get() > 0, "a merge met the full disk");
            disk.full.set(false);
            disk.release();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("Lucene Merge Thread")) t.join(60_000); // the merge failed: the writer is closed
            }
            assertEquals(0, index.outage.begun(), "no write has met the closed writer yet");
            index.search(IndexedMail.ACCOUNT, IndexedMail.FOLDER, IndexedMail.UIDVALIDITY, QUERIES.get(0));
            index.verify(); // behind whatever the search handed the worker
            assertEquals(1, index.outage.begun(), "the search had the worker begin the outage");
            assertTrue(index.awaitCurrent(60_000), "the index is opened again and catches up");
            same(store, index, "after the merge that met the full disk");
        }
    }

    /** `store reindex` in an owner whose index a full disk closed opens it again rather than failing on the closed writer. */
    @Test
    void reindexMendsAnIndexAFullDiskClosed() throws Exception {
        FullDisk disk = FullDisk.forAll();
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex index = MailIndex.attach(dir, store, disk::over, 3_600_000); // no attempt of its own meanwhile
            List<byte[]> mail = IndexedMail.generated(60);
            IndexedMail.store(store, mail.subList(0, 30), 1, 30);
            assertTrue(index.awaitCurrent(60_000));
            disk.full.set(true);
            IndexedMail.store(store, mail.subList(30, 60), 31, 30);
            assertFalse(index.verify().current(), "the index's commit met the full disk");
            disk.full.set(false);
            assertEquals(60, index.rebuild());
            assertTrue(index.awaitCurrent(60_000));
            same(store, index, "after the reindex");
        }
    }
}

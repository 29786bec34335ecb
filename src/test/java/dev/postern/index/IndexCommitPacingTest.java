package dev.postern.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.QueryParser;
import dev.postern.store.MapDbStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index commits to disk after a quiet spell rather than after every store commit: searches in the
 * process answer from what was applied at once, and the commit on disk catches up with the store without
 * the index being closed.
 */
class IndexCommitPacingTest {
    @TempDir Path dir;

    @Test
    void appliedMessagesAreSearchableAtOnceAndCommittedAfterAQuietSpell() throws Exception {
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex index = MailIndex.attach(dir, store);
            List<byte[]> messages = IndexedMail.generated(120);
            IndexedMail.store(store, messages, 1, 20); // six store commits in a row, as a listing makes them
            assertTrue(index.awaitCurrent(60_000), "the index follows the store's commits");
            for (String q : List.of("subject:the", "from:example", "body:and")) {
                var query = QueryParser.parse(q);
                var found = index.search(IndexedMail.ACCOUNT, IndexedMail.FOLDER, IndexedMail.UIDVALIDITY, query);
                assertTrue(found.isPresent(), "the index answers " + q + " before its next commit to disk");
                assertEquals(IndexedMail.scan(store, query), IndexedMail.sorted(found.get()), q);
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!index.verify().current() && System.nanoTime() < deadline) Thread.sleep(100);
            MailIndex.Verification v = index.verify();
            assertTrue(v.current(), "the commit on disk reaches the store's change counter while the index is open");
            assertTrue(v.agrees(), v.toString());
            assertEquals(120, v.indexed());
        }
    }

    @Test
    void aBurstOfMessagesEndsWithOneCollectionAndASmallOneWithNone() throws Exception {
        java.util.concurrent.atomic.AtomicInteger collections = new java.util.concurrent.atomic.AtomicInteger();
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex index = MailIndex.attach(dir, store, 100, collections::incrementAndGet);
            IndexedMail.store(store, IndexedMail.generated(150), 1, 30); // five commits in a row: one burst of 150
            assertTrue(index.awaitCurrent(60_000));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (collections.get() == 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(1, collections.get(), "the burst's end gives its garbage back once");
            assertTrue(index.verify().current(), "after the quiet spell's commit");

            IndexedMail.store(store, IndexedMail.generated(40), 151, 20); // under the burst size
            assertTrue(index.awaitCurrent(60_000));
            deadline = System.nanoTime() + 30_000_000_000L;
            while (!index.verify().current() && System.nanoTime() < deadline) Thread.sleep(100);
            Thread.sleep(2_500); // past the quiet spell that follows
            assertEquals(1, collections.get(), "40 messages are no burst");
        }
    }
}

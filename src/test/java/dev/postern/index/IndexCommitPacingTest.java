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
}

package dev.postern.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.QueryParser;
import dev.postern.store.MapDbStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader quit while the index had a backlog (a listing into an empty store hands it thousands of messages): the
 * backlog is set aside, not indexed on the user's time, and the next open catches up, so search is never wrong. A
 * batch command's close (no haste) still indexes everything it was handed.
 */
class IndexSetAsideAtQuitTest {
    @TempDir Path dir;

    private static final int MESSAGES = 6_000;

    @Test
    void aBacklogIsSetAsideAtAHastyQuitAndCaughtUpAtTheNextOpen() throws Exception {
        List<byte[]> messages = IndexedMail.generated(MESSAGES);
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex index = MailIndex.attach(dir, store, MailIndex.BURST, () -> {}, () -> true);
            IndexedMail.store(store, messages, 1, 500); // twelve commits, as a listing makes them; the store closes the index
        }
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex index = MailIndex.attach(dir, store, MailIndex.BURST, () -> {}, () -> false);
            MailIndex.Verification before = index.verify();
            assertFalse(before.current(), "the commit on disk does not claim the store's change counter: " + before);
            assertTrue(before.indexed() < MESSAGES, "the backlog was set aside, not indexed at quitting: " + before);
            assertTrue(index.awaitCurrent(120_000), "the next open catches up");
            var query = QueryParser.parse("subject:the");
            var found = index.search(IndexedMail.ACCOUNT, IndexedMail.FOLDER, IndexedMail.UIDVALIDITY, query);
            assertTrue(found.isPresent());
            assertEquals(IndexedMail.scan(store, query), IndexedMail.sorted(found.get()));
        }
    }

    @Test
    void aBatchCommandsCloseIndexesEverythingItWasHanded() throws Exception {
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex index = MailIndex.attach(dir, store, MailIndex.BURST, () -> {}, () -> false);
            IndexedMail.store(store, IndexedMail.generated(1_500), 1, 500);
        }
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex index = MailIndex.attach(dir, store, MailIndex.BURST, () -> {}, () -> false);
            MailIndex.Verification v = index.verify();
            assertTrue(v.agrees(), v.toString());
            assertEquals(1_500, v.indexed());
        }
    }
}

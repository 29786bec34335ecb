package dev.postern.store;

import static dev.postern.store.TestEnvelopes.envelope;
import static dev.postern.store.TestEnvelopes.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.MessageRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code store compact} killed by kill -9 left its copy, {@code store.db.compact} (and its logs), beside the store
 * until the next compaction: a second copy of all the mail, taking disk space. The store's next open removes it,
 * under the data directory's lock, which a compaction holds until its copy is renamed into place.
 */
class CompactLeftoverTest {
    @TempDir Path dir;

    @Test
    void theCopyOfAKilledCompactionIsRemovedWhenTheStoreIsNextOpened() throws Exception {
        MessageRef r = ref("work", "INBOX", 9, 1);
        try (MapDbStore store = MapDbStore.open(dir)) {
            store.putEnvelopes(List.of(envelope(r, null, false)));
            store.commit();
        }
        // What a kill -9 in the middle of the copy leaves: the half-written copy and its log.
        Path copy = dir.resolve("store.db.compact");
        Files.write(copy, new byte[1 << 20]);
        Files.write(dir.resolve("store.db.compact.wal.0"), new byte[4096]);
        try (MapDbStore store = MapDbStore.open(dir)) {
            assertFalse(Files.exists(copy), "the killed compaction's copy is still there");
            assertFalse(Files.exists(dir.resolve("store.db.compact.wal.0")), "its log is still there");
            assertTrue(store.envelope(r).isPresent(), "the store itself is untouched");
        }
        long[] sizes = MapDbStore.compact(dir);
        assertTrue(sizes[1] > 0);
        assertFalse(Files.exists(copy));
        try (MapDbStore store = MapDbStore.open(dir)) {
            assertEquals(r, store.envelope(r).orElseThrow().ref());
        }
    }
}

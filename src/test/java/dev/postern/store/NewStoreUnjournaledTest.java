package dev.postern.store;

import static dev.postern.store.TestEnvelopes.envelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a new store is built under a temporary name that no one opens until it is whole, forced to disk and
 * renamed into place ({@link StoreFiles#createAtomically}), so its commits need no journal: making one took three
 * journaled commits (a journal written and forced, the directory and the file synced, each), 11 fsyncs on the way to a
 * first run's first screen. What the directory sees while a store is made is watched here: no journal is ever
 * created; the store it leaves opens, keeps a commit (journaled, as every commit of a store in place) and verifies.
 */
class NewStoreUnjournaledTest {
    @TempDir Path dir;

    @Test
    void aNewStoreIsMadeWithoutAJournalAndIsAStore() throws Exception {
        List<String> created = new ArrayList<>();
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            MapDbStore.open(dir).close();
            // The rename into place is the last creation: the events come in order, on the watch's own thread.
            long end = System.nanoTime() + 20_000_000_000L;
            while (!created.contains(MapDbStore.FILE_NAME) && System.nanoTime() < end) {
                WatchKey key = watch.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (key == null) continue;
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.kind() == StandardWatchEventKinds.OVERFLOW) throw new AssertionError("the directory's events overflowed");
                    created.add(e.context().toString());
                }
                key.reset();
            }
        }
        assertTrue(created.contains(MapDbStore.FILE_NAME), "the store was never seen made: " + created);
        assertTrue(created.contains(MapDbStore.FILE_NAME + StoreFiles.NEW_SUFFIX), "not made under its temporary name: " + created);
        assertFalse(created.stream().anyMatch(n -> n.endsWith(JournaledVolume.SUFFIX)), "a journal while the store was made: " + created);
        assertFalse(Files.exists(dir.resolve(MapDbStore.FILE_NAME + StoreFiles.NEW_SUFFIX)));
        try (MapDbStore s = MapDbStore.open(dir)) {
            s.putEnvelopes(List.of(envelope("a", "INBOX", 1, 42, 10, false)));
            s.commit();
        }
        try (MapDbStore s = MapDbStore.open(dir)) {
            assertEquals(1, s.count("a", "INBOX"));
            assertTrue(s.verify().isEmpty(), "a new store verifies");
        }
    }
}

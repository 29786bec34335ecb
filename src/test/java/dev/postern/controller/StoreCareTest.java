package dev.postern.controller;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.store.MapDbStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Store maintenance through the controller's capability: figures and checks on the open store; compaction only when it may close it. */
class StoreCareTest {
    @TempDir Path dir;

    private static void seed(MapDbStore s) {
        byte[] body = "Subject: hi\r\n\r\nhello\r\n".getBytes(UTF_8);
        for (String folder : List.of("INBOX", "Archive")) {
            MessageRef r = new MessageRef("work", folder, 1, 1);
            s.putEnvelopes(List.of(new Envelope(r, "<a@x>", Instant.EPOCH, "a@x", null, null, "hi", body.length, Flags.NONE, null, null, null)));
            s.attachBody(r, body);
        }
        s.commit();
    }

    @Test
    void aPosternHoldingTheStoreForOthersRefusesToCompactAndKeepsItOpen() {
        AtomicBoolean gaveUp = new AtomicBoolean();
        try (MapDbStore store = MapDbStore.open(dir)) {
            seed(store);
            StoreCare care = new StoreCare(store, null, dir, () -> true, () -> gaveUp.set(true));
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, () -> care.compactStore().join());
            PosternException p = (PosternException) e.getCause();
            assertEquals(ExitCode.TEMPFAIL, p.exitCode());
            assertTrue(p.getMessage().contains("holds open for others") && p.getMessage().contains("postern daemon stop"), p.getMessage());
            assertFalse(gaveUp.get(), "the store was given up although others hold it");
            assertEquals(2, care.storeStats().join().messages(), "the store is still open and read");
        }
    }

    @Test
    void aBatchProcessGivesItsStoreUpAndCompacts() {
        MapDbStore store = MapDbStore.open(dir);
        seed(store);
        StoreCare care = new StoreCare(store, null, dir, () -> false, store::close);
        StoreUpkeep.Figures f = care.storeStats().join();
        assertEquals(2, f.messages());
        assertEquals(1, f.blobs());
        assertEquals(2.0, f.dedupRatio());
        assertTrue(care.verifyStore().join().damage().isEmpty());
        StoreUpkeep.Compacted c = care.compactStore().join(); // would be refused as "in use" had the store stayed open
        assertTrue(c.before() > 0 && c.after() > 0, c.toString());
        try (MapDbStore again = MapDbStore.open(dir)) {
            assertEquals(2, again.stats().messages(), "the compacted store holds what it held");
        }
    }

    @Test
    void aStoreWithoutASearchIndexSaysSoOnReindex() {
        try (MapDbStore store = MapDbStore.open(dir)) {
            StoreCare care = new StoreCare(store, null, dir, () -> false, store::close);
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, () -> care.reindexStore().join());
            assertEquals("this store has no search index.", e.getCause().getMessage());
        }
    }
}

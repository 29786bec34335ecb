package dev.postern.store;

import static dev.postern.store.TestEnvelopes.envelope;
import static dev.postern.store.TestEnvelopes.ref;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.DamagedBody;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * A body damaged on disk is mended by storing the same bytes again, which is what postern's advice (open the message
 * again, sync its folder) does; verify records the damaged messages so that a sync knows which to fetch.
 */
class DamagedBodyMendTest {
    @TempDir Path dir;

    private final MessageRef a = ref("work", "INBOX", 7, 11), b = ref("home", "Saved", 3, 5), ok = ref("work", "INBOX", 7, 12);

    /** Two messages sharing one body, whose stored bytes are then damaged behind postern's back; returns its hash. */
    private String damagedStore() {
        String hash;
        try (MapDbStore store = MapDbStore.open(dir)) {
            store.putEnvelopes(List.of(envelope(a, null, false), envelope(b, null, false), envelope(ok, null, false)));
            hash = store.attachBody(a, StoreMaintenanceTest.message(1));
            store.attachBody(b, StoreMaintenanceTest.message(1));
            store.attachBody(ok, StoreMaintenanceTest.message(2));
            store.commit();
        }
        damage(dir, hash);
        return hash;
    }

    static void damage(Path dir, String hash) {
        try (DB db = DBMaker.fileDB(dir.resolve("store.db").toFile()).transactionEnable().make()) {
            var blobs = db.treeMap("blobs", Serializer.STRING, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().open();
            byte[] packed = blobs.get(hash);
            packed[packed.length / 2] ^= 0x55;
            blobs.put(hash, packed);
            db.commit();
        }
    }

    @Test
    void storingTheSameBodyAgainMendsTheDamagedCopyForEveryMessageThatNamesIt() {
        String hash = damagedStore();
        try (MapDbStore store = MapDbStore.open(dir)) {
            DamagedBody e = assertThrows(DamagedBody.class, () -> store.body(a));
            assertEquals(ExitCode.DATAERR, e.exitCode());
            assertEquals(hash, e.hash());
            assertTrue(e.getMessage().contains("opening the message fetches it again"), e.getMessage());

            assertEquals(hash, store.attachBody(a, StoreMaintenanceTest.message(1)));
            store.commit();
        }
        try (MapDbStore store = MapDbStore.open(dir)) {
            assertArrayEquals(StoreMaintenanceTest.message(1), store.body(a).orElseThrow());
            assertArrayEquals(StoreMaintenanceTest.message(1), store.body(b).orElseThrow(), "one blob for both messages");
            assertEquals(List.of(), store.verify());
            assertEquals(2, store.blobRefCount(hash));
        }
    }

    @Test
    void verifyRecordsTheDamagedMessagesUntilTheirBodyIsStoredAgain() {
        damagedStore();
        try (MapDbStore store = MapDbStore.open(dir)) {
            List<BlobDamage> found = store.verify();
            assertEquals(1, found.size(), found.toString());
            assertTrue(found.get(0).mendedByFetching());
        }
        try (MapDbStore store = MapDbStore.open(dir)) {
            assertEquals(Set.of(11L), store.damagedBodies("work", "INBOX", 7), "recorded durably, by folder");
            assertEquals(Set.of(5L), store.damagedBodies("home", "Saved", 3));
            store.attachBody(b, StoreMaintenanceTest.message(1));
            store.commit();
            assertEquals(Set.of(), store.damagedBodies("work", "INBOX", 7), "the body is whole again for both");
            assertEquals(Set.of(), store.damagedBodies("home", "Saved", 3));
        }
    }

    @Test
    void aRemovedMessageIsForgotten() {
        damagedStore();
        try (MapDbStore store = MapDbStore.open(dir)) {
            store.markDamaged(List.of(a, ok));
            store.removeEnvelopes(List.of(a));
            store.commit();
            assertEquals(Set.of(12L), store.damagedBodies("work", "INBOX", 7));
        }
    }
}

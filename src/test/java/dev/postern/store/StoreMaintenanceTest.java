package dev.postern.store;

import static dev.postern.store.TestEnvelopes.envelope;
import static dev.postern.store.TestEnvelopes.ref;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.MessageRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/** stats, verify and compact on real MapDB files. */
class StoreMaintenanceTest {
    @TempDir Path dir;

    static byte[] message(int i) {
        return ("From: a@x\r\nMessage-ID: <m" + i + "@x>\r\nSubject: report " + i + "\r\n\r\n"
                + ("quarterly figures line for message " + i + "\r\n").repeat(200)).getBytes(UTF_8);
    }

    @Test
    void statsCountMessagesBlobsAndRatios() {
        try (MapDbStore store = MapDbStore.open(dir)) {
            MessageRef a = ref("work", "INBOX", 1, 1), b = ref("work", "Archive", 1, 1), c = ref("home", "INBOX", 1, 1);
            MessageRef d = ref("work", "INBOX", 1, 2), headerOnly = ref("work", "INBOX", 1, 3);
            store.putEnvelopes(List.of(envelope(a, null, false), envelope(b, null, false), envelope(c, null, false),
                    envelope(d, null, false), envelope(headerOnly, null, false)));
            for (MessageRef r : List.of(a, b, c)) store.attachBody(r, message(1));
            store.attachBody(d, message(2));
            store.commit();

            StoreStats s = store.stats();
            assertEquals(5, s.messages());
            assertEquals(4, s.withBody());
            assertEquals(2, s.blobs());
            long raw = message(1).length + message(2).length;
            assertEquals(raw, s.rawBytes());
            assertEquals(3L * message(1).length + message(2).length, s.logicalBytes());
            assertTrue(s.storedBytes() < raw / 5, "repetitive text compresses well: " + s);
            assertEquals((double) s.logicalBytes() / raw, s.dedupRatio(), 1e-9);
            assertTrue(s.compressionRatio() > 5);
            assertTrue(s.fileBytes() > 0);
            assertTrue(store.verify().isEmpty());
        }
    }

    @Test
    void verifyNamesTheMessagesOfADamagedBlob() throws Exception {
        String hash;
        try (MapDbStore store = MapDbStore.open(dir)) {
            MessageRef a = ref("work", "INBOX", 7, 11), b = ref("home", "Saved", 3, 5), ok = ref("work", "INBOX", 7, 12);
            store.putEnvelopes(List.of(envelope(a, null, false), envelope(b, null, false), envelope(ok, null, false)));
            hash = store.attachBody(a, message(1));
            store.attachBody(b, message(1));
            store.attachBody(ok, message(2));
            store.commit();
        }
        // Damage on disk: the blob record's bytes change behind postern's back.
        try (DB db = DBMaker.fileDB(dir.resolve("store.db").toFile()).transactionEnable().make()) {
            var blobs = db.treeMap("blobs", Serializer.STRING, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().open();
            byte[] packed = blobs.get(hash);
            packed[packed.length / 2] ^= 0x55;
            blobs.put(hash, packed);
            db.commit();
        }
        try (MapDbStore store = MapDbStore.open(dir)) {
            List<BlobDamage> damage = store.verify();
            assertEquals(1, damage.size(), damage.toString());
            assertEquals(hash, damage.get(0).hash());
            assertEquals(List.of(ref("home", "Saved", 3, 5), ref("work", "INBOX", 7, 11)),
                    damage.get(0).messages().stream().sorted(java.util.Comparator.comparing(MessageRef::account)).toList());
            assertTrue(damage.get(0).problem().contains("damaged"), damage.get(0).problem());
        }
    }

    @Test
    void verifyFindsAReferenceCountThatDisagreesWithTheEnvelopes() throws Exception {
        String hash;
        try (MapDbStore store = MapDbStore.open(dir)) {
            MessageRef a = ref("work", "INBOX", 1, 1);
            store.putEnvelopes(List.of(envelope(a, null, false)));
            hash = store.attachBody(a, message(3));
            store.commit();
        }
        try (DB db = DBMaker.fileDB(dir.resolve("store.db").toFile()).transactionEnable().make()) {
            db.treeMap("blobRefs", Serializer.STRING, Serializer.LONG).open().put(hash, 4L);
            db.commit();
        }
        try (MapDbStore store = MapDbStore.open(dir)) {
            List<BlobDamage> damage = store.verify();
            assertEquals(1, damage.size());
            assertTrue(damage.get(0).problem().contains("reference count is 4 but 1"), damage.get(0).problem());
        }
    }

    @Test
    void compactGivesBackTheSpaceOfDeletedMessagesAndKeepsTheRest() throws Exception {
        Random random = new Random(5);
        List<MessageRef> refs = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        try (MapDbStore store = MapDbStore.open(dir)) {
            for (int i = 1; i <= 300; i++) {
                MessageRef r = ref("work", "INBOX", 9, i);
                store.putEnvelopes(List.of(envelope(r, null, i % 2 == 0)));
                byte[] body = new byte[20_000]; // incompressible, so the file is dominated by bodies
                random.nextBytes(body);
                store.attachBody(r, body);
                refs.add(r);
                bodies.add(body);
            }
            store.putFolderState("work", "INBOX", new FolderState(9, 301, 0, 0));
            store.commit();
            store.removeEnvelopes(refs.subList(0, 270));
            store.enqueue(new PendingAction(0, "work", PendingAction.Kind.FLAG, "INBOX", 9, List.of(299L), "seen", null, 1));
            store.commit();
        }
        long before = Files.size(dir.resolve("store.db"));
        long[] sizes = MapDbStore.compact(dir);
        assertEquals(before, sizes[0]);
        assertTrue(sizes[1] < before / 3, "compacted " + before + " -> " + sizes[1]);
        assertFalse(Files.exists(dir.resolve("store.db.compact")));
        try (MapDbStore store = MapDbStore.open(dir)) {
            assertEquals(30, store.count("work", "INBOX"));
            assertEquals(15, store.unread("work", "INBOX"));
            for (int i = 270; i < 300; i++) assertArrayEquals(bodies.get(i), store.body(refs.get(i)).orElseThrow());
            assertEquals(30, store.page("work", "INBOX", 0, 50).size());
            assertTrue(store.verify().isEmpty());
            assertEquals(30, store.stats().blobs());
            // The offline queue survives, and its ids keep ascending (the sequence was copied too).
            List<PendingAction> queued = store.pending("work");
            assertEquals(1, queued.size());
            PendingAction next = store.enqueue(new PendingAction(0, "work", PendingAction.Kind.FLAG, "INBOX", 9,
                    List.of(298L), "seen", null, 2));
            assertTrue(next.id() > queued.get(0).id(), "ids after compaction: " + queued.get(0).id() + " then " + next.id());
        }
    }

    /**
     * Compaction copies into collections MapDB holds only weakly: with collections running (as in any process that
     * has read mail) they were collected before the copy reached them, came back with MapDB's default serializers,
     * and every compaction failed with a ClassCastException (exit 70), leaving a second copy of the store behind.
     */
    @Test
    void compactWorksWhileTheCollectorRuns() throws Exception {
        List<MessageRef> refs = new ArrayList<>();
        try (MapDbStore store = MapDbStore.open(dir)) {
            for (int i = 1; i <= 3000; i++) {
                MessageRef r = ref("work", "INBOX", 9, i);
                refs.add(r);
                store.putEnvelopes(List.of(envelope(r, null, i % 2 == 0)));
                store.attachBody(r, ("body " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            store.commit();
        }
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread collector = new Thread(() -> {
            while (running.get()) System.gc();
        });
        collector.start();
        try {
            MapDbStore.compact(dir);
        } finally {
            running.set(false);
            collector.join();
        }
        assertFalse(Files.exists(dir.resolve("store.db.compact")));
        try (MapDbStore store = MapDbStore.open(dir)) {
            assertEquals(3000, store.count("work", "INBOX"));
            assertEquals("body 1234", new String(store.body(refs.get(1233)).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(store.verify().isEmpty());
        }
    }
}

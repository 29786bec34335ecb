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
 * A message no document holds is added without a delete of its key ({@link KeysWritten}: the keys written since an
 * open that found no document), every other write replaces by key: whatever the order of listings, re-listings,
 * removals and full disks, no message is held twice (a search answers each message once, as the scan does).
 */
class IndexAddsTest {
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
    void anEmptyIndexAddsNewMessagesAndReplacesWhatItWroteBefore() {
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex index = MailIndex.attach(dir, store);
            List<byte[]> mail = IndexedMail.generated(90);
            IndexedMail.store(store, mail.subList(0, 60), 1, 20);
            assertTrue(index.awaitCurrent(60_000));
            assertEquals(60, index.documentsAdded(), "each new message added without a delete of its key");

            // Listed again (a listing cut off and resumed from the folder's start), removed and stored again, then new mail.
            IndexedMail.store(store, mail.subList(0, 30), 1, 30);
            store.removeEnvelopes(List.of(IndexedMail.ref(5), IndexedMail.ref(6)));
            store.commit();
            IndexedMail.store(store, mail.subList(4, 6), 5, 2);
            IndexedMail.store(store, mail.subList(60, 90), 61, 15);
            assertTrue(index.awaitCurrent(60_000));
            assertEquals(90, index.documentsAdded(), "only the 30 new messages added; the rest replaced");
            same(store, index, "after the re-listing");
            MailIndex.Verification v = index.verify();
            assertTrue(v.current() && v.agrees() && v.indexed() == 90, v.toString());
        }
    }

    @Test
    void anIndexThatHeldDocumentsAtItsOpenOnlyReplaces() {
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex.attach(dir, store);
            IndexedMail.store(store, IndexedMail.generated(30), 1, 30);
        } // the store's close commits the index
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex index = MailIndex.attach(dir, store);
            List<byte[]> mail = IndexedMail.generated(60);
            IndexedMail.store(store, mail.subList(0, 60), 1, 20);
            assertTrue(index.awaitCurrent(60_000));
            assertEquals(0, index.documentsAdded(), "an index that held documents at its open replaces by key");
            same(store, index, "after the second listing");
        }
    }

    @Test
    void aFullDiskAndTheCatchUpAfterItHoldNoMessageTwice() throws Exception {
        FullDisk disk = FullDisk.forAll();
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex index = MailIndex.attach(dir, store, disk::over, 1);
            List<byte[]> mail = IndexedMail.generated(120);
            IndexedMail.store(store, mail.subList(0, 30), 1, 30);
            assertTrue(index.awaitCurrent(60_000));
            disk.full.set(true);
            IndexedMail.store(store, mail.subList(30, 60), 31, 10); // added in memory, lost with the writer
            IndexedMail.store(store, mail.subList(0, 20), 1, 10);   // listed again meanwhile
            assertFalse(index.verify().current(), "the index's commit met the full disk");
            disk.full.set(false);
            IndexedMail.store(store, mail.subList(60, 120), 61, 30); // the reopen and catch-up
            assertTrue(index.awaitCurrent(60_000), "the index is opened again and catches up");
            List<Envelope> renamed = new java.util.ArrayList<>(); // a searched field changed: each written again
            for (long uid = 1; uid <= 120; uid++) {
                Envelope e = store.envelope(IndexedMail.ref(uid)).orElseThrow();
                renamed.add(new Envelope(e.ref(), e.messageId(), e.date(), e.from(), e.to(), e.cc(), "Weekly report " + uid, e.size(),
                        e.flags(), e.inReplyTo(), e.references(), e.bodyHash()));
            }
            store.putEnvelopes(renamed);
            store.commit();
            assertTrue(index.awaitCurrent(60_000));
            same(store, index, "after the full disk");
            MailIndex.Verification v = index.verify();
            assertTrue(v.current() && v.agrees() && v.indexed() == 120, v.toString());
            assertTrue(index.documentsAdded() >= 60, "messages new to the index were added: " + index.documentsAdded());
        }
    }

    /** store verify's guard for the adds: a document that holds a key another one holds too is extra, not hidden by a map. */
    @Test
    void verifyCountsADocumentHeldTwice() throws Exception {
        try (MapDbStore store = MapDbStore.open(dir)) {
            IndexedMail.store(store, IndexedMail.generated(5), 1, 5);
            Path path = dir.resolve(MailIndex.DIR);
            try (LuceneIndex l = LuceneIndex.open(path)) {
                for (long uid = 1; uid <= 5; uid++) {
                    Envelope e = store.envelope(IndexedMail.ref(uid)).orElseThrow();
                    l.put(e, null, LuceneIndex.key(e.ref()), true);
                }
                Envelope again = store.envelope(IndexedMail.ref(3)).orElseThrow();
                l.put(again, null, LuceneIndex.key(again.ref()), true); // what a wrong add would leave
                l.commit(store.changeSeq(), store.storeId());
            }
            MailIndex.Verification v = IndexDiff.verify(path, store);
            assertEquals(1, v.extra(), v.toString());
            assertFalse(v.agrees(), v.toString());
        }
    }

    @Test
    void keysThatShareAHashOrOverflowTheSetAreNeverSaidAbsent() {
        KeysWritten w = new KeysWritten();
        assertTrue(w.add("a"));
        assertFalse(w.add("a"));
        for (int i = 0; i < KeysWritten.MAX - 1; i++) assertTrue(w.add("k" + i), "key " + i);
        assertTrue(w.full());
        assertFalse(w.add("one more"), "a full set says nothing is absent");
        assertFalse(w.add("k7"));
    }
}

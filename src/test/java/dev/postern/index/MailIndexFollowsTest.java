package dev.postern.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.Query;
import dev.postern.model.QueryParser;
import dev.postern.store.MapDbStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index kept open between searches (as a resident owner keeps it) answers every search after a store
 * commit with that commit in it: new mail, removed mail, and envelopes that changed in what is not searched
 * (flags, dates), which the index keeps beside each document and answers with instead of the store's.
 */
class MailIndexFollowsTest {
    @TempDir Path dir;

    private static final List<Query> QUERIES = List.of(QueryParser.parse("body:postern"), QueryParser.parse("subject:report"),
            QueryParser.parse("seen"), QueryParser.parse("-seen body:the"), QueryParser.parse("flagged or from:example"),
            QueryParser.parse("since:2023-01-02 body:line"), QueryParser.parse("text:a"));

    private static void same(MapDbStore store, MailIndex index, String when) {
        IndexedMail.Scan scan = new IndexedMail.Scan(store);
        for (Query q : QUERIES) {
            // No wait for the index here: a search after a commit waits for that commit itself.
            Optional<List<Envelope>> found = index.search(IndexedMail.ACCOUNT, IndexedMail.FOLDER, IndexedMail.UIDVALIDITY, q);
            assertTrue(found.isPresent(), when + ": the index answers " + q);
            assertEquals(scan.found(q), IndexedMail.byUid(found.get()), when + ": " + q);
        }
    }

    /** An index attached to {@code store}, which is then filled with {@code mail} (UIDs from 1), current and checked. */
    private MailIndex filled(MapDbStore store, List<byte[]> mail, int batch) {
        MailIndex index = MailIndex.attach(dir, store);
        IndexedMail.store(store, mail, 1, batch);
        assertTrue(index.awaitCurrent(60_000));
        same(store, index, "first fill");
        return index;
    }

    @Test
    void aKeptIndexSeesEachCommitOfTheStore() {
        try (MapDbStore store = MapDbStore.open(dir)) {
            List<byte[]> mail = IndexedMail.generated(120);
            MailIndex index = filled(store, mail.subList(0, 80), 40);

            IndexedMail.store(store, mail.subList(80, 120), 81, 40);
            same(store, index, "new mail committed");

            for (long uid = 1; uid <= 120; uid += 2) {
                Envelope e = store.envelope(IndexedMail.ref(uid)).orElseThrow();
                store.updateFlags(e.ref(), e.flags().has(Flag.SEEN) ? Flags.of(Flag.FLAGGED) : Flags.of(Flag.SEEN));
            }
            store.commit();
            same(store, index, "flags changed");

            // The same envelope again with only its date changed: what a header refresh may do.
            List<Envelope> redated = new java.util.ArrayList<>();
            for (long uid = 3; uid <= 120; uid += 3) {
                Envelope e = store.envelope(IndexedMail.ref(uid)).orElseThrow();
                redated.add(new Envelope(e.ref(), e.messageId(), Instant.parse("2023-01-01T00:00:00Z").plusSeconds(uid * 7200), e.from(),
                        e.to(), e.cc(), e.subject(), e.size() + 1, e.flags(), e.inReplyTo(), e.references(), e.bodyHash()));
            }
            store.putEnvelopes(redated);
            store.commit();
            same(store, index, "dates and sizes changed");

            store.removeEnvelopes(List.of(IndexedMail.ref(2), IndexedMail.ref(50), IndexedMail.ref(99)));
            store.commit();
            same(store, index, "messages removed");

            MailIndex.Verification v = index.verify();
            assertTrue(v.current() && v.agrees(), v.toString());
        }
    }

    /**
     * The index takes each commit's envelopes as the store handed them over, not read back: when one transaction
     * writes a message several times (subject then flags, flags then subject, removed then stored again, stored
     * then removed, flags then date), what it indexes must be the last of them, as the store holds it.
     */
    @Test
    void severalWritesToOneMessageInOneCommitAreIndexedAsTheLast() {
        try (MapDbStore store = MapDbStore.open(dir)) {
            List<byte[]> mail = IndexedMail.generated(60);
            MailIndex index = filled(store, mail.subList(0, 50), 50);

            for (long uid = 1; uid <= 10; uid++) { // a searched field, then the flags
                Envelope e = store.envelope(IndexedMail.ref(uid)).orElseThrow();
                store.putEnvelopes(List.of(withSubject(e, "Quarterly report " + uid)));
                store.updateFlags(e.ref(), e.flags().has(Flag.SEEN) ? Flags.of(Flag.FLAGGED) : Flags.of(Flag.SEEN, Flag.FLAGGED));
            }
            for (long uid = 11; uid <= 20; uid++) { // the flags, then a searched field from a header refresh (no body named: the store keeps it)
                Envelope e = store.envelope(IndexedMail.ref(uid)).orElseThrow();
                store.updateFlags(e.ref(), Flags.of(Flag.FLAGGED));
                store.putEnvelopes(List.of(withSubject(store.envelope(e.ref()).orElseThrow(), "Annual report " + uid).withBodyHash(null)));
            }
            List<Envelope> back = new java.util.ArrayList<>(); // removed (its body with it), then stored again with new flags
            for (long uid = 21; uid <= 25; uid++) back.add(store.envelope(IndexedMail.ref(uid)).orElseThrow().withFlags(Flags.of(Flag.SEEN)).withBodyHash(null));
            store.removeEnvelopes(back.stream().map(Envelope::ref).toList());
            store.putEnvelopes(back);
            for (long uid = 26; uid <= 30; uid++) { // the flags, then the date and size: both unsearched
                Envelope e = store.envelope(IndexedMail.ref(uid)).orElseThrow();
                store.updateFlags(e.ref(), Flags.of(Flag.SEEN));
                Envelope f = store.envelope(e.ref()).orElseThrow();
                store.putEnvelopes(List.of(new Envelope(f.ref(), f.messageId(), Instant.parse("2023-01-02T00:00:00Z").plusSeconds(uid),
                        f.from(), f.to(), f.cc(), f.subject(), f.size() + 5, f.flags(), f.inReplyTo(), f.references(), f.bodyHash())));
            }
            IndexedMail.store(store, mail.subList(50, 55), 51, 50); // stored (committed), then removed in the next commit
            store.putEnvelopes(List.of(withSubject(store.envelope(IndexedMail.ref(51)).orElseThrow(), "Short-lived report")));
            store.removeEnvelopes(List.of(IndexedMail.ref(51), IndexedMail.ref(52)));
            store.commit();
            same(store, index, "one commit writing messages several times");
            for (Query q : List.of(QueryParser.parse("subject:report"), QueryParser.parse("flagged"), QueryParser.parse("seen"))) {
                assertTrue(!index.search(IndexedMail.ACCOUNT, IndexedMail.FOLDER, IndexedMail.UIDVALIDITY, q).orElseThrow().isEmpty(),
                        "the test's writes are found by " + q);
            }
            MailIndex.Verification v = index.verify();
            assertTrue(v.current() && v.agrees(), v.toString());
        }
    }

    private static Envelope withSubject(Envelope e, String subject) {
        return new Envelope(e.ref(), e.messageId(), e.date(), e.from(), e.to(), e.cc(), subject, e.size(), e.flags(),
                e.inReplyTo(), e.references(), e.bodyHash());
    }

    /**
     * An empty store's index needs no catch-up: its first listing's every message is indexed once, as its commit is
     * applied. The catch-up indexed the first batches read back from the store, and their commits then indexed them
     * again (a 20k listing into an empty data directory: a walk of the store and hundreds of documents twice).
     */
    @Test
    void anEmptyStoresFirstListingIndexesEachMessageOnce() {
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex index = filled(store, IndexedMail.generated(60), 20);
            assertEquals(60, index.documentsWritten(), "documents written for 60 messages listed in 3 commits");
            MailIndex.Verification v = index.verify();
            assertTrue(v.current() && v.agrees(), v.toString());
        }
    }

    /** A store emptied (its messages removed, not a new file) with an index that still holds them: caught up, not taken as level. */
    @Test
    void anIndexHoldingMessagesOfAnEmptiedStoreIsCaughtUp() {
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex.attach(dir, store);
            IndexedMail.store(store, IndexedMail.generated(30), 1, 30);
        } // the store's close commits the index
        // The store's messages go while no index follows it (another build, a crash before the index's commit).
        try (MapDbStore store = MapDbStore.open(dir)) {
            store.removeEnvelopes(store.uids(IndexedMail.ACCOUNT, IndexedMail.FOLDER, IndexedMail.UIDVALIDITY).stream()
                    .map(IndexedMail::ref).toList());
            store.commit();
        }
        try (MapDbStore store = MapDbStore.open(dir)) {
            assertTrue(store.holdsNoMessages());
            MailIndex index = MailIndex.attach(dir, store);
            IndexedMail.store(store, IndexedMail.generated(10), 1, 10);
            assertTrue(index.awaitCurrent(60_000));
            same(store, index, "after the catch-up");
            MailIndex.Verification v = index.verify();
            assertTrue(v.current() && v.agrees() && v.indexed() == 10, v.toString());
        }
    }

    @Test
    void preparedIndexOpensWithoutASearch() throws Exception {
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex.attach(dir, store);
            IndexedMail.store(store, IndexedMail.generated(30), 1, 30);
        }
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex index = MailIndex.attach(dir, store);
            Thread.sleep(300);
            assertTrue(!index.current(), "an index opens only when asked");
            index.prepare(); // what search --local asks for while its command line is parsed
            long end = System.nanoTime() + 60_000_000_000L;
            while (!index.current() && System.nanoTime() < end) Thread.sleep(20);
            assertTrue(index.current(), "the prepared index opened and is current, before any search");
            same(store, index, "after prepare");
        }
    }
}

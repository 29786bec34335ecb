package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listing kept beside the store ({@link ListingCache}) is believed only while it is exactly what the store
 * holds: written at a clean close when nothing was written after it was read; gone the moment any process opens
 * the store; refused when the store's files changed, or its own bytes are torn.
 */
class ListingCacheTest {
    @TempDir Path dir;

    private static Envelope envelope(int i, Flags flags) {
        return new Envelope(new MessageRef("work", "INBOX", 9, i), "<m" + i + "@x>", Instant.ofEpochSecond(1_700_000_000L + 60L * i),
                "Sénder " + i + " <s@x>", List.of("to@x"), List.of(), "Subject \u65e5\u672c " + i, 100 + i, flags, null, List.of(), null);
    }

    private List<Envelope> seed(MapDbStore store, int n) {
        List<Envelope> all = new ArrayList<>();
        for (int i = 1; i <= n; i++) all.add(envelope(i, i % 2 == 0 ? Flags.NONE.with(Flag.SEEN) : Flags.NONE));
        store.putEnvelopes(all);
        store.commit();
        return store.page("work", "INBOX", 0, n);
    }

    private static List<Boolean> marks(int n) {
        List<Boolean> m = new ArrayList<>();
        for (int i = 0; i < n; i++) m.add(i == 1);
        return m;
    }

    @Test
    void aListingReadAfterTheLastWriteIsKeptAtCloseAndReadBackWhole() throws Exception {
        List<Envelope> rows;
        try (MapDbStore store = MapDbStore.open(dir)) {
            rows = seed(store, 5);
            long mark = store.listingMark();
            assertTrue(mark >= 0);
            store.keepListing(mark, new ListingCache.Listing("work", "INBOX", 5, rows.subList(0, 3), marks(3)));
            assertFalse(Files.exists(dir.resolve(ListingCache.FILE_NAME)), "written at the close, not before");
        }
        Optional<ListingCache.Listing> kept = ListingCache.read(dir, "work", "INBOX");
        assertTrue(kept.isPresent());
        assertEquals(rows.subList(0, 3), kept.get().envelopes());
        assertEquals(marks(3), kept.get().localOnly());
        assertEquals(5, kept.get().total());
        assertEquals(3, kept.get().envelopes().size(), "the first three of five");
        assertTrue(ListingCache.read(dir, "work", "Other").isEmpty());
        assertTrue(ListingCache.read(dir, "home", "INBOX").isEmpty());
    }

    @Test
    void openingTheStoreDeletesTheListingBeforeAnythingCanChange() throws Exception {
        keep(3);
        assertTrue(ListingCache.read(dir, "work", "INBOX").isPresent());
        MapDbStore store = MapDbStore.open(dir);
        try {
            // A process killed from here on (never closing) leaves no listing behind it.
            assertFalse(Files.exists(dir.resolve(ListingCache.FILE_NAME)));
            store.updateFlags(new MessageRef("work", "INBOX", 9, 1), Flags.NONE.with(Flag.FLAGGED));
            store.commit();
        } finally {
            store.close();
        }
        assertTrue(ListingCache.read(dir, "work", "INBOX").isEmpty(), "nothing listed in that process, nothing kept");
    }

    @Test
    void aWriteAfterTheMarkOrAfterTheKeepingOrUncommittedMeansNothingIsKept() throws Exception {
        try (MapDbStore store = MapDbStore.open(dir)) {
            List<Envelope> rows = seed(store, 4);
            long mark = store.listingMark();
            store.updateFlags(rows.get(0).ref(), Flags.NONE.with(Flag.FLAGGED)); // between the mark and the keeping
            store.commit();
            store.keepListing(mark, new ListingCache.Listing("work", "INBOX", 4, rows, marks(4)));
        }
        assertTrue(ListingCache.read(dir, "work", "INBOX").isEmpty(), "a write between the mark and the keeping");

        try (MapDbStore store = MapDbStore.open(dir)) {
            List<Envelope> rows = store.page("work", "INBOX", 0, 4);
            store.keepListing(store.listingMark(), new ListingCache.Listing("work", "INBOX", 4, rows, marks(4)));
            store.updateFlags(rows.get(1).ref(), Flags.NONE.with(Flag.ANSWERED)); // after it, before the close
            store.commit();
        }
        assertTrue(ListingCache.read(dir, "work", "INBOX").isEmpty(), "a write after the keeping");

        try (MapDbStore store = MapDbStore.open(dir)) {
            store.putEnvelopes(List.of(envelope(9, Flags.NONE))); // not committed: a listing of it is not the store's
            assertEquals(-1, store.listingMark());
            List<Envelope> rows = store.page("work", "INBOX", 0, 5);
            store.keepListing(store.listingMark(), new ListingCache.Listing("work", "INBOX", 5, rows, marks(5)));
        }
        assertTrue(ListingCache.read(dir, "work", "INBOX").isEmpty(), "a listing read over an uncommitted write");
    }

    @Test
    void aStoreWhoseFilesChangedOrATornListingIsNotBelieved() throws Exception {
        keep(3);
        Path store = dir.resolve(MapDbStore.FILE_NAME);
        FileTime was = Files.getLastModifiedTime(store);
        // A postern that knows nothing of the listing (an older one) writes the store without deleting it.
        Files.setLastModifiedTime(store, FileTime.fromMillis(was.toMillis() + 1));
        assertTrue(ListingCache.read(dir, "work", "INBOX").isEmpty(), "the store changed under it");
        Files.setLastModifiedTime(store, was);
        assertTrue(ListingCache.read(dir, "work", "INBOX").isPresent());
        // A log beside the store (a commit left to replay) is a change of the store too.
        Path journal = dir.resolve(MapDbStore.FILE_NAME + JournaledVolume.SUFFIX);
        Files.write(journal, new byte[] {1});
        assertTrue(ListingCache.read(dir, "work", "INBOX").isEmpty(), "a journal appeared");
        Files.delete(journal);
        assertTrue(ListingCache.read(dir, "work", "INBOX").isPresent());

        Path listing = dir.resolve(ListingCache.FILE_NAME);
        byte[] whole = Files.readAllBytes(listing);
        for (int at : new int[] {0, 12, whole.length / 2, whole.length - 1}) {
            byte[] bad = whole.clone();
            bad[at] ^= 0x20;
            Files.write(listing, bad);
            assertTrue(ListingCache.read(dir, "work", "INBOX").isEmpty(), "a byte changed at " + at);
        }
        try (RandomAccessFile f = new RandomAccessFile(listing.toFile(), "rw")) {
            f.write(whole);
            f.setLength(whole.length - 3);
        }
        assertTrue(ListingCache.read(dir, "work", "INBOX").isEmpty(), "torn");
        Files.write(listing, whole);
        assertTrue(ListingCache.read(dir, "work", "INBOX").isPresent());
    }

    private void keep(int n) {
        try (MapDbStore store = MapDbStore.open(dir)) {
            List<Envelope> rows = store.count("work", "INBOX") == 0 ? seed(store, n) : store.page("work", "INBOX", 0, n);
            store.keepListing(store.listingMark(), new ListingCache.Listing("work", "INBOX", n, rows, marks(n)));
        }
    }
}

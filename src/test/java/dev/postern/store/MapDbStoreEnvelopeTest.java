package dev.postern.store;

import static dev.postern.store.TestEnvelopes.envelope;
import static dev.postern.store.TestEnvelopes.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbStoreEnvelopeTest {
    @TempDir Path dir;
    MapDbStore store;

    @BeforeEach
    void open() {
        store = MapDbStore.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void reopen() {
        store.close();
        store = MapDbStore.open(dir);
    }

    /**
     * Hunt 38-T, T1: the first arrival recorded stands. A POP3 message fetched again (a damaged body) is not "arrived now",
     * an envelope made anew without one (a placeholder, a server that sent no INTERNALDATE) does not lose it, and one
     * stored without it (before postern kept arrivals) takes the first it is given.
     */
    @Test
    void aStoredArrivalIsKeptWhenTheEnvelopeIsReplaced() {
        MessageRef r = ref("pop", "INBOX", 1, 7);
        Instant first = Instant.parse("2026-12-01T08:00:00Z");
        store.putEnvelopes(List.of(envelope(r, Instant.EPOCH, false)));
        store.putEnvelopes(List.of(envelope(r, Instant.EPOCH, false).withArrived(first)));
        store.commit();
        assertEquals(first, store.envelope(r).orElseThrow().arrived(), "one without an arrival takes the first given");
        store.putEnvelopes(List.of(envelope(r, Instant.EPOCH, true).withArrived(first.plusSeconds(86_400))));
        store.putEnvelopes(List.of(envelope(r, Instant.EPOCH, true)));
        store.commit();
        reopen();
        assertEquals(first, store.envelope(r).orElseThrow().arrived());
        assertTrue(store.envelope(r).orElseThrow().flags().has(Flag.SEEN), "the rest of the new envelope is taken");
        store.updateFlags(r, Flags.NONE);
        store.commit();
        assertEquals(first, store.envelope(r).orElseThrow().arrived(), "a flag change keeps it");
    }

    @Test
    void aFolderReadWholeAroundTheMappingGivesWhatScreenPagesGive() {
        List<Envelope> all = new ArrayList<>();
        for (int i = 1; i <= 4_500; i++) {
            all.add(new Envelope(ref("work", "INBOX", 9, i), "<m" + i + "@x>", Instant.ofEpochSecond(1_700_000_000L + 60L * i),
                    "Sender " + (i % 7) + " <s@x>", List.of("to@x"), List.of(), "Subject " + i, 100 + i, Flags.NONE, null, List.of(), null));
        }
        store.putEnvelopes(all.subList(0, 3_000));
        store.commit();
        store.putEnvelopes(all.subList(3_000, 4_500)); // not committed yet: a read must see these too
        List<Envelope> small = new ArrayList<>();
        for (int off = 0; off < 4_500; off += 20) small.addAll(store.page("work", "INBOX", off, 20));
        List<Envelope> bulk = store.page("work", "INBOX", 0, MapDbStore.BULK_PAGE + 2_500); // read with plain reads
        assertEquals(4_500, bulk.size());
        assertEquals(small, bulk);
        assertEquals(all.get(4_499), bulk.get(0), "newest first, the uncommitted included");
        store.commit();
        reopen();
        assertEquals(small, store.page("work", "INBOX", 0, 5_000));
    }

    @Test
    void everyEnvelopeFieldSurvivesCommitAndReopen() {
        MessageRef ref = ref("work ✉", "Boîte/Entrée", 77, 4_000_000_000L);
        Envelope full = new Envelope(ref, "<id@例え.jp>", Instant.ofEpochSecond(1_700_000_000L, 123_456_789),
                "Zoë \"Z\" <z@example.org>", List.of("a@x", "b@y", "ünï@code"), List.of("cc@x"),
                "Grüße 🎉 — \u0000 nul and lone \uD800 surrogate", 123_456_789_012L,
                new Flags(EnumSet.of(Flag.SEEN, Flag.FLAGGED, Flag.DRAFT), Set.of("$Label1", "projekt-ä")),
                "<parent@x>", List.of("<r1@x>", "<r2@x>"), null);
        MessageRef bareRef = ref("work ✉", "Boîte/Entrée", 77, 1);
        Envelope bare = new Envelope(bareRef, null, null, "", List.of(), List.of(), "", 0, Flags.NONE, null, List.of(), null);
        Envelope negative = new Envelope(ref("work ✉", "Boîte/Entrée", 77, 2), "<old@x>",
                Instant.parse("1901-12-13T20:45:52Z"), "x", List.of(), List.of(), "old", 1, Flags.NONE, null, List.of(), null);

        store.putEnvelopes(List.of(full, bare, negative));
        store.commit();
        reopen();

        assertEquals(Optional.of(full), store.envelope(ref));
        assertEquals(Optional.of(bare), store.envelope(bareRef));
        assertEquals(Optional.of(negative), store.envelope(negative.ref()));
        assertEquals(Optional.empty(), store.envelope(ref("work ✉", "Boîte/Entrée", 78, 1)));
    }

    @Test
    void updateFlagsReplacesFlagsAndMovesTheUnreadCount() {
        store.putFolderState("acct", "INBOX", new FolderState(1, 10, 0, 0));
        store.putEnvelopes(List.of(envelope("acct", "INBOX", 1, 1, 100, false), envelope("acct", "INBOX", 1, 2, 200, false)));
        assertEquals(2, store.unread("acct", "INBOX"));

        Flags seenAndKeyword = new Flags(EnumSet.of(Flag.SEEN, Flag.ANSWERED), Set.of("$Work"));
        store.updateFlags(ref("acct", "INBOX", 1, 1), seenAndKeyword);
        store.updateFlags(ref("acct", "INBOX", 1, 99), Flags.of(Flag.SEEN)); // not cached: no-op

        assertEquals(seenAndKeyword, store.envelope(ref("acct", "INBOX", 1, 1)).orElseThrow().flags());
        assertEquals(2, store.count("acct", "INBOX"));
        assertEquals(1, store.unread("acct", "INBOX"));
        assertEquals(Optional.empty(), store.envelope(ref("acct", "INBOX", 1, 99)));

        store.updateFlags(ref("acct", "INBOX", 1, 1), Flags.NONE);
        assertEquals(2, store.unread("acct", "INBOX"));
    }

    @Test
    void pageIsNewestFirstByDateThenUidWithUndatedLast() {
        store.putFolderState("acct", "INBOX", new FolderState(5, 0, 0, 0));
        store.putEnvelopes(List.of(
                envelope("acct", "INBOX", 5, 1, 300, false),
                envelope("acct", "INBOX", 5, 2, 100, false),
                envelope(ref("acct", "INBOX", 5, 3), null, false),
                envelope("acct", "INBOX", 5, 4, 300, false),
                envelope("acct", "INBOX", 5, 5, -50, false),
                envelope(ref("acct", "INBOX", 5, 6), null, false),
                envelope("acct", "INBOX", 5, 7, 200, false),
                envelope("acct", "INBOX", 4, 8, 999, false),   // old UIDVALIDITY: not in the page
                envelope("acct", "Other", 5, 9, 999, false))); // other folder

        assertEquals(List.of(4L, 1L, 7L, 2L, 5L, 6L, 3L), uidsOf(store.page("acct", "INBOX", 0, 100)));
        assertEquals(List.of(7L, 2L, 5L), uidsOf(store.page("acct", "INBOX", 2, 3)));
        assertEquals(List.of(6L, 3L), uidsOf(store.page("acct", "INBOX", 5, 3)));
        assertEquals(List.of(3L), uidsOf(store.page("acct", "INBOX", 6, 50)));
        assertEquals(List.of(), store.page("acct", "INBOX", 7, 50));
        assertEquals(List.of(), store.page("acct", "INBOX", 0, 0));
        assertEquals(List.of(), store.page("acct", "Nowhere", 0, 10));
    }

    /**
     * Pages of many rows with close UIDs are read in one walk of their UID range, sparse ones a row at a time:
     * both give exactly the rows, in order, of a newest-first sort, skipping removed UIDs and other folders.
     */
    @Test
    void largePagesDenseAndSparseHoldTheSameRowsAsTheOrder() {
        store.putFolderState("acct", "INBOX", new FolderState(5, 0, 0, 0));
        List<dev.postern.model.Envelope> all = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (long uid = 1; uid <= 300; uid++) { // dense: dates mostly rise with UIDs, some out of order
            all.add(envelope("acct", "INBOX", 5, uid, uid * 10 + (uid % 7 == 0 ? -random.nextInt(500) : 0), false));
        }
        for (long uid = 1_000; uid <= 100_000; uid += 997) all.add(envelope("acct", "INBOX", 5, uid, uid, false)); // sparse
        store.putEnvelopes(all);
        store.putEnvelopes(List.of(envelope("acct", "INBOX", 4, 150, 99_999, false), envelope("acct", "INBOY", 5, 151, 99_999, false)));
        store.removeEnvelopes(List.of(ref("acct", "INBOX", 5, 40), ref("acct", "INBOX", 5, 41)));
        all.removeIf(e -> e.ref().uid() == 40 || e.ref().uid() == 41);
        List<Long> order = all.stream().sorted(java.util.Comparator
                        .comparing((dev.postern.model.Envelope e) -> e.date()).reversed()
                        .thenComparing(e -> -e.ref().uid()))
                .map(e -> e.ref().uid()).toList();
        assertEquals(order, uidsOf(store.page("acct", "INBOX", 0, 1_000)));
        for (int offset = 0; offset < order.size(); offset += 37) {
            int end = Math.min(order.size(), offset + 50);
            assertEquals(order.subList(offset, end), uidsOf(store.page("acct", "INBOX", offset, 50)), "offset " + offset);
        }
    }

    @Test
    void pageFollowsADateChangeOfAReplacedEnvelope() {
        store.putEnvelopes(List.of(envelope("a", "F", 1, 1, 100, false), envelope("a", "F", 1, 2, 200, false)));
        store.putEnvelopes(List.of(envelope("a", "F", 1, 1, 300, false)));
        assertEquals(List.of(1L, 2L), uidsOf(store.page("a", "F", 0, 10)));
        assertEquals(2, store.count("a", "F"));
    }

    @Test
    void countAndUnreadFollowPutReplaceAndRemove() {
        store.putFolderState("a", "INBOX", new FolderState(9, 0, 0, 0));
        List<Envelope> batch = new ArrayList<>();
        for (int uid = 1; uid <= 10; uid++) batch.add(envelope("a", "INBOX", 9, uid, uid, uid % 3 == 0));
        store.putEnvelopes(batch);
        assertEquals(10, store.count("a", "INBOX"));
        assertEquals(7, store.unread("a", "INBOX"));

        store.putEnvelopes(List.of(envelope("a", "INBOX", 9, 1, 1, true))); // replaced, now seen
        assertEquals(10, store.count("a", "INBOX"));
        assertEquals(6, store.unread("a", "INBOX"));

        store.removeEnvelopes(List.of(ref("a", "INBOX", 9, 2), ref("a", "INBOX", 9, 3), ref("a", "INBOX", 9, 404)));
        assertEquals(8, store.count("a", "INBOX"));
        assertEquals(5, store.unread("a", "INBOX"));

        store.commit();
        reopen();
        assertEquals(8, store.count("a", "INBOX"));
        assertEquals(5, store.unread("a", "INBOX"));
        assertEquals(new TreeSet<>(List.of(1L, 4L, 5L, 6L, 7L, 8L, 9L, 10L)), store.uids("a", "INBOX", 9));
    }

    @Test
    void countIsForTheUidValidityOfTheFolderState() {
        store.putEnvelopes(List.of(envelope("a", "INBOX", 1, 1, 1, false), envelope("a", "INBOX", 1, 2, 2, false),
                envelope("a", "INBOX", 2, 1, 1, true)));
        assertEquals(1, store.count("a", "INBOX"), "without state, the newest UIDVALIDITY counts");
        store.putFolderState("a", "INBOX", new FolderState(1, 3, 0, 0));
        assertEquals(2, store.count("a", "INBOX"));
        assertEquals(2, store.unread("a", "INBOX"));
        assertEquals(List.of(2L, 1L), uidsOf(store.page("a", "INBOX", 0, 10)));
        store.putFolderState("a", "INBOX", new FolderState(3, 3, 0, 0));
        assertEquals(0, store.count("a", "INBOX"));
        assertEquals(List.of(), store.page("a", "INBOX", 0, 10));
        assertEquals(0, store.count("a", "Unknown"));
    }

    @Test
    void foldersAreSortedByNameAndKeptPerAccount() {
        store.putFolder(new Folder("a", "Sent", '/', 3, 0, Set.of("\\Sent")));
        store.putFolder(new Folder("a", "INBOX", '/', 10, 2, Set.of()));
        store.putFolder(new Folder("a", "Archive/2024", '/', 5, 5, Set.of("\\HasNoChildren", "\\Archive")));
        store.putFolder(new Folder("ab", "Zzz", (char) 0, 1, 1, Set.of()));
        store.putFolder(new Folder("a", "INBOX", '.', 11, 3, Set.of("\\Marked"))); // replaces
        store.commit();
        reopen();

        assertEquals(List.of(
                new Folder("a", "Archive/2024", '/', 5, 5, Set.of("\\HasNoChildren", "\\Archive")),
                new Folder("a", "INBOX", '.', 11, 3, Set.of("\\Marked")),
                new Folder("a", "Sent", '/', 3, 0, Set.of("\\Sent"))), store.folders("a"));
        assertEquals(List.of(new Folder("ab", "Zzz", (char) 0, 1, 1, Set.of())), store.folders("ab"));
        assertEquals(List.of(), store.folders("b"));
    }

    @Test
    void folderStateRoundTrips() {
        assertEquals(Optional.empty(), store.folderState("a", "INBOX"));
        FolderState state = new FolderState(4_294_967_295L, 12345, 987_654_321_012L, 1_700_000_000_000L);
        store.putFolderState("a", "INBOX", state);
        store.commit();
        reopen();
        assertEquals(Optional.of(state), store.folderState("a", "INBOX"));
        assertEquals(Optional.empty(), store.folderState("a", "INBOX2"));
    }

    @Test
    void removeFolderClearsThatFolderOnly() {
        for (String folder : List.of("INBOX", "INBOX2", "INB")) {
            store.putFolder(new Folder("a", folder, '/', 2, 2, Set.of()));
            store.putFolderState("a", folder, new FolderState(7, 3, 0, 0));
            store.putEnvelopes(List.of(envelope("a", folder, 7, 1, 1, false), envelope("a", folder, 7, 2, 2, false),
                    envelope("a", folder, 6, 1, 1, false)));
        }
        store.putFolder(new Folder("b", "INBOX", '/', 1, 1, Set.of()));
        store.putFolderState("b", "INBOX", new FolderState(7, 3, 0, 0));
        store.putEnvelopes(List.of(envelope("b", "INBOX", 7, 1, 1, false)));

        store.removeFolder("a", "INBOX");

        assertEquals(List.of("INB", "INBOX2"), store.folders("a").stream().map(Folder::name).toList());
        assertEquals(Optional.empty(), store.folderState("a", "INBOX"));
        assertTrue(store.uids("a", "INBOX", 7).isEmpty());
        assertTrue(store.uids("a", "INBOX", 6).isEmpty());
        assertEquals(0, store.count("a", "INBOX"));
        assertFalse(store.envelope(ref("a", "INBOX", 6, 1)).isPresent());
        for (String folder : List.of("INBOX2", "INB")) {
            assertEquals(2, store.count("a", folder));
            assertEquals(List.of(2L, 1L), uidsOf(store.page("a", folder, 0, 10)));
            assertEquals(new TreeSet<>(List.of(1L)), store.uids("a", folder, 6));
        }
        assertEquals(1, store.count("b", "INBOX"));
        assertEquals(1, store.folders("b").size());
    }

    static List<Long> uidsOf(List<Envelope> page) {
        return page.stream().map(e -> e.ref().uid()).toList();
    }
}

package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * A folder read page after page, newest first (as {@code list} prints a big folder, and the address book and the
 * unified inbox read theirs): each page goes on from where the last one ended, and a page read after the store
 * changed (a write, a rollback) is the page a fresh read gives.
 */
class EnvelopePagesTest {
    private static final int N = 3_000;
    private static final int PAGE = 100;

    @TempDir Path dir;

    /** Read from an end, the walk stepped over the pages before each page: 24,000 keys here, 2.5 million at 100k. */
    @Test
    void aFolderReadPageAfterPageWalksEachKeyOnce() {
        DB db = DBMaker.heapDB().make();
        try {
            EnvelopeTable table = new EnvelopeTable(db.treeMap("envelopes", PackedKeys.INSTANCE, Serializer.BYTE_ARRAY).createOrOpen(),
                    db.treeSet("envelopesByDate", PackedKeys.INSTANCE).createOrOpen(),
                    db.treeMap("folderCounters", Serializer.BYTE_ARRAY, Serializer.LONG_ARRAY).createOrOpen());
            List<Envelope> all = new ArrayList<>();
            for (long uid = 1; uid <= N; uid++) all.add(ScaleFolder.envelope(uid, N));
            table.putAll(all);
            List<Long> read = new ArrayList<>();
            for (int offset = 0; offset < N; offset += PAGE) {
                read.addAll(MapDbStoreEnvelopeTest.uidsOf(table.page(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER,
                        ScaleFolder.UID_VALIDITY, offset, PAGE)));
            }
            assertEquals(ScaleFolder.expectedOrder(N), read);
            assertEquals(N, table.keysWalked(), "by-date keys walked for " + N + " rows read in pages of " + PAGE);
        } finally {
            db.close();
        }
    }

    @Test
    void aPageAfterAWriteOrARollbackIsWhatAFreshReadGives() {
        try (MapDbStore store = MapDbStore.open(dir)) {
            ScaleFolder.fill(store, 300, 300);
            List<Long> expected = ScaleFolder.expectedOrder(300);
            assertEquals(expected.subList(0, PAGE), uids(store.page(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER, 0, PAGE)));

            // A message newer than all: every later row moves down one.
            store.putEnvelopes(List.of(newest(1_000)));
            List<Long> withNewest = new ArrayList<>(expected);
            withNewest.add(0, 1_000L);
            assertEquals(withNewest.subList(PAGE, 2 * PAGE), uids(store.page(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER, PAGE, PAGE)));

            // Read with the newest in it, then rolled back: the next page is the committed folder's again.
            assertEquals(withNewest.subList(0, PAGE), uids(store.page(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER, 0, PAGE)));
            store.rollback();
            assertEquals(expected.subList(PAGE, 2 * PAGE), uids(store.page(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER, PAGE, PAGE)));

            // A message removed between two pages.
            assertEquals(expected.subList(0, PAGE), uids(store.page(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER, 0, PAGE)));
            store.removeEnvelopes(List.of(new MessageRef(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER, ScaleFolder.UID_VALIDITY,
                    expected.get(0))));
            assertEquals(expected.subList(PAGE + 1, 2 * PAGE + 1),
                    uids(store.page(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER, PAGE, PAGE)));
        }
    }

    private static Envelope newest(long uid) {
        MessageRef ref = new MessageRef(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER, ScaleFolder.UID_VALIDITY, uid);
        return new Envelope(ref, "<" + uid + "@scale.example>", Instant.ofEpochSecond(ScaleFolder.BASE_SECOND + 10_000_000L),
                "Sender <s@example.org>", List.of(), List.of(), "newest", 100, Flags.NONE, null, List.of(), null);
    }

    private static List<Long> uids(List<Envelope> page) {
        return MapDbStoreEnvelopeTest.uidsOf(page);
    }
}

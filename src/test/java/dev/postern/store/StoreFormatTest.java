package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DB;

/**
 * The store's format mark ({@code postern.format}, {@link MapDbStore#FORMAT}) says which postern may read it. It is raised
 * whenever postern writes a record or key an older postern would misread or fail on, so that an older one (every build
 * since da36c688 checks the mark) refuses the whole store in one sentence rather than failing command by command
 * (hunt35-B B4: a message typed into an older `send` was lost) or sending the outbox again on every flush (B6).
 */
class StoreFormatTest {
    @TempDir Path dir;

    /**
     * What a store of each format holds, as {@link #holds()} says it. A new record version, blob marker or key form
     * changes {@link #holds()}: then raise {@link MapDbStore#FORMAT} and add its line here (the previous line stays, as
     * history), unless every older postern still reads the store right (say why in ARCHITECTURE.md, "The store's format").
     */
    private static final Map<Integer, String> LEDGER = Map.of(
            1, "(before session 34: outbox records v1-v2, queue records v1, queue keys in the locale's digits)",
            2, "envelope 1, folder 1, uidl 1, bodies mark 1, blob 0/1, outbox 3, queue 2,"
                    + " envelope key 016105494e424f588000000000000007800000000000002a,"
                    + " queue key 01611330303030303030303030303030303030303132",
            3, "envelope 2, folder 1, uidl 1, bodies mark 1, blob 0/1, outbox 3, queue 2,"
                    + " envelope key 016105494e424f588000000000000007800000000000002a,"
                    + " queue key 01611330303030303030303030303030303030303132",
            4, "envelope 2, folder 1, uidl 1, bodies mark 1, blob 0/1, outbox 3, queue 3,"
                    + " envelope key 016105494e424f588000000000000007800000000000002a,"
                    + " queue key 01611330303030303030303030303030303030303132");

    /** The record versions and key forms this postern writes, with its default locale set to one of other digits. */
    private static String holds() {
        Locale was = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("ar-EG"));
        try {
            HexFormat hex = HexFormat.of();
            return "envelope " + EnvelopeCodec.VERSION + ", folder " + FolderCodec.VERSION + ", uidl " + UidlCodec.VERSION
                    + ", bodies mark " + BodiesMark.VERSION + ", blob " + BlobStore.STORED + "/" + BlobStore.DEFLATED
                    + ", outbox " + OutboxEntry.VERSION + ", queue " + PendingCodec.VERSION
                    + ", envelope key " + hex.formatHex(KeyCodec.envelope(new MessageRef("a", "INBOX", 7, 42)))
                    + ", queue key " + hex.formatHex(KeyCodec.folder("a", QueueTables.key(12)));
        } finally {
            Locale.setDefault(was);
        }
    }

    @Test
    void whatThisPosternWritesIsWhatItsFormatSays() {
        assertEquals(LEDGER.get(MapDbStore.FORMAT), holds(), "postern writes records or keys of another form than format "
                + MapDbStore.FORMAT + " says: if an older postern cannot read them, raise MapDbStore.FORMAT and add a line"
                + " to LEDGER (ARCHITECTURE.md, \"The store's format\")");
        assertEquals(MapDbStore.FORMAT, LEDGER.size(), "every format has its line in LEDGER");
    }

    private Path storeFile() {
        return dir.resolve(MapDbStore.FILE_NAME).toAbsolutePath();
    }

    private static int markOf(Path file) {
        DB db = StoreFiles.open(file);
        try {
            return db.atomicInteger("postern.format").createOrOpen().get();
        } finally {
            db.close();
        }
    }

    private void mark(int format) {
        DB db = StoreFiles.open(storeFile());
        db.atomicInteger("postern.format").createOrOpen().set(format);
        db.commit();
        db.close();
    }

    private static OutboxEntry mail() {
        return new OutboxEntry(0, "a", "me@x", List.of("you@x"), "Subject: s\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII),
                1000, "not sent yet");
    }

    /**
     * A store an older postern wrote (format 1) opens as before, keeps what it held, and is marked with this postern's
     * format in the open itself: a postern killed right after the open (here: the file copied while it is open, as a
     * kill -9 leaves it) has already said so, before it wrote a record the older one cannot read.
     */
    @Test
    void aStoreOfTheOlderFormatOpensAndIsMarkedWithThisOnesAtTheOpen() throws IOException {
        try (MapDbStore s = MapDbStore.open(dir)) {
            s.putEnvelopes(List.of(TestEnvelopes.envelope("a", "INBOX", 1, 42, 10, false)));
            s.enqueueOutgoing(mail());
            s.commit();
        }
        mark(1);
        assertEquals(1, markOf(storeFile()));

        Path killed = Files.createDirectories(dir.resolve("killed")).resolve(MapDbStore.FILE_NAME);
        try (MapDbStore s = MapDbStore.open(dir)) {
            Files.copy(storeFile(), killed);
            assertEquals(1, s.count("a", "INBOX"));
            assertEquals(1, s.outbox("a").size());
        }
        assertEquals(MapDbStore.FORMAT, markOf(killed), "the mark is committed by the open, before any other write");
        assertEquals(MapDbStore.FORMAT, markOf(storeFile()));

        byte[] before = Files.readAllBytes(storeFile());
        try (MapDbStore s = MapDbStore.open(dir)) {
            assertEquals(1, s.count("a", "INBOX"));
        }
        assertArrayEquals(before, Files.readAllBytes(storeFile()), "a store of this format is reopened without a write");
    }

    /**
     * Hunt 38-T, T1: a store of format 2 holds envelopes without an arrival (version 1 records). Opened by this postern it
     * is marked 3 and records when it began to keep arrivals; its old envelopes read as before, without one, and are aged
     * from that moment (Retention), so no rule deletes one sooner than its days after the upgrade.
     */
    @Test
    void aFormatTwoStoreKeepsItsEnvelopesAndRecordsWhenArrivalsBegan() throws IOException {
        MessageRef ref = new MessageRef("a", "INBOX", 1, 42);
        dev.postern.model.Envelope old = TestEnvelopes.envelope(ref, java.time.Instant.parse("1970-01-01T00:00:07Z"), true);
        try (MapDbStore s = MapDbStore.open(dir)) {
            s.putEnvelopes(List.of(old));
            java.util.Map<byte[], byte[]> records = s.db().get("envelopes");
            records.put(KeyCodec.envelope(ref), EnvelopeCodecTest.versionOne(old));
            s.commit();
        }
        DB db = StoreFiles.open(storeFile());
        db.atomicInteger("postern.format").createOrOpen().set(2);
        db.atomicLong("arrivalsKnown").createOrOpen().set(0); // a format 2 store never had it
        db.commit();
        db.close();

        java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        java.time.Instant since;
        try (MapDbStore s = MapDbStore.open(dir)) {
            assertEquals(old, s.envelope(ref).orElseThrow());
            since = s.arrivalsKnownSince();
            org.junit.jupiter.api.Assertions.assertFalse(since.isBefore(before), since + " is before the open");
        }
        assertEquals(MapDbStore.FORMAT, markOf(storeFile()));
        try (MapDbStore s = MapDbStore.open(dir)) {
            assertEquals(since, s.arrivalsKnownSince(), "recorded once, at the upgrade");
        }
        MapDbStore.compact(dir);
        try (MapDbStore s = MapDbStore.open(dir)) {
            assertEquals(since, s.arrivalsKnownSince(), "a compaction keeps it");
            assertEquals(old, s.envelope(ref).orElseThrow());
        }
    }

    /** A store marked with a newer format (3, from a postern after this one) is refused whole, in one sentence, unchanged. */
    @Test
    void aStoreOfANewerFormatIsRefusedInOneSentence() throws IOException {
        try (MapDbStore s = MapDbStore.open(dir)) {
            s.enqueueOutgoing(mail());
            s.commit();
        }
        mark(MapDbStore.FORMAT + 1);
        byte[] before = Files.readAllBytes(storeFile());

        PosternException e = assertThrows(PosternException.class, () -> MapDbStore.open(dir));
        assertEquals(ExitCode.DATAERR, e.exitCode());
        assertEquals("the store " + storeFile() + " was written by a newer postern (format " + (MapDbStore.FORMAT + 1)
                + "); upgrade postern to read it", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(storeFile()));
    }
}

package dev.postern.store;

import static dev.postern.store.TestEnvelopes.envelope;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;

/**
 * A store always opens again: whatever a crash, a full disk or damage left in the data directory, the next
 * open gives a working store, says so in one sentence when something may be lost to it, and keeps the old
 * file. Each case starts from files on disk as a crash would leave them.
 */
class StoreRecoveryTest {
    @TempDir Path dir;
    private final List<String> notices = new ArrayList<>();

    private MapDbStore open() {
        return MapDbStore.open(dir, () -> { }, notices::add);
    }

    private Path storeFile() {
        return dir.resolve(MapDbStore.FILE_NAME).toAbsolutePath();
    }

    /** The store opens, takes a write and keeps it across a reopen: it is a store, not just a file. */
    private void assertWorks() {
        try (MapDbStore s = open()) {
            s.putEnvelopes(List.of(envelope("a", "INBOX", 1, 42, 10, false)));
            s.commit();
        }
        try (MapDbStore s = open()) {
            assertEquals(1, s.count("a", "INBOX"));
            assertTrue(s.verify().isEmpty(), "a fresh store verifies");
            s.removeEnvelopes(List.of(TestEnvelopes.ref("a", "INBOX", 1, 42)));
            s.commit();
        }
    }

    private List<Path> movedAside() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("store.db.damaged-")).sorted().toList();
        }
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anEmptyStoreFileNeverHeldACommitAndIsMadeAnewWithoutANotice() throws IOException {
        Files.createDirectories(dir);
        Files.createFile(storeFile());

        assertWorks();

        assertEquals(List.of(), notices);
        assertEquals(List.of(), movedAside(), "an empty file holds nothing to keep");
    }

    @Test
    void aFileOfZerosNeverHeldACommitAndIsMadeAnewWithoutANotice() throws IOException {
        Files.createDirectories(dir);
        Files.write(storeFile(), new byte[300_000]);

        assertWorks();

        assertEquals(List.of(), notices);
        assertEquals(List.of(), movedAside());
    }

    /**
     * An older postern killed while MapDB made the file left it cut anywhere: each cut opens (recognised as
     * never committed when it holds nothing, else moved aside with a notice, its bytes kept).
     */
    @Test
    void aFreshStoreCutAtAnyOffsetOpensAgain() throws IOException {
        Path fresh = dir.resolve("fresh");
        Files.createDirectories(fresh);
        // As MapDB alone makes a store (what postern did before creation was atomic): header first, in place.
        DB db = DBMaker.fileDB(fresh.resolve("store.db").toFile()).transactionEnable().fileMmapEnable().fileLockDisable().make();
        db.commit();
        db.close();
        byte[] whole = Files.readAllBytes(fresh.resolve("store.db"));
        int nonZero = 0;
        while (whole[nonZero] == 0) nonZero++;

        for (int cut : new int[] {0, 1, 8, 16, 64, 4096, 300_000, whole.length / 2, whole.length - 1}) {
            notices.clear();
            for (Path p : names().stream().map(dir::resolve).toList()) if (Files.isRegularFile(p)) Files.delete(p);
            byte[] torn = Arrays.copyOf(whole, cut);
            Files.write(storeFile(), torn);

            assertWorks();

            List<Path> aside = movedAside();
            if (cut <= nonZero) {
                assertEquals(List.of(), notices, "cut at " + cut + ": nothing in it, nothing to say");
                assertEquals(List.of(), aside);
            } else {
                assertEquals(1, notices.size(), "cut at " + cut + ": " + notices);
                assertEquals(1, aside.size(), "cut at " + cut);
                assertArrayEquals(torn, Files.readAllBytes(aside.get(0)), "the moved-aside file is kept as it was");
            }
        }
    }

    @Test
    void leftoversOfAnInterruptedCreationAreRemoved() throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("store.db.new"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("store.db.new.wal.0"), new byte[] {4, 5, 6});
        // A log with no store beside it belongs to no store: replayed into a new file it would scribble on it.
        byte[] junk = new byte[8192];
        new Random(3).nextBytes(junk);
        Files.write(dir.resolve("store.db.wal.0"), junk);

        assertWorks();

        assertEquals(List.of(), notices);
        assertEquals(List.of("store.db", "store.lock"), names());
    }

    /**
     * A MapDB log file an older postern left beside a committed store (torn by a kill, or whole): MapDB never
     * read it back, and the log now lives in memory, so it is removed at open and changes nothing.
     */
    @Test
    void anOldWriteAheadLogFileBesideACommittedStoreIsRemovedAndChangesNothing() throws Exception {
        try (MapDbStore s = open()) {
            List<dev.postern.model.Envelope> many = new ArrayList<>();
            for (int i = 0; i < 200; i++) many.add(envelope("a", "INBOX", 1, 1000 + i, 10, false));
            s.putEnvelopes(many);
            s.commit();
        }
        byte[] junk = new byte[300_000];
        new java.util.Random(3).nextBytes(junk);
        for (byte[] log : List.of(junk, Arrays.copyOf(junk, 20), new byte[0])) {
            Files.write(dir.resolve("store.db.wal.0"), log);
            Files.write(dir.resolve("store.db.wal.1"), log);
            try (MapDbStore s = open()) {
                assertEquals(200, s.count("a", "INBOX"));
                assertEquals(List.of(), s.verify());
            }
            assertEquals(List.of(), notices, "an old log is not damage");
            assertFalse(Files.exists(dir.resolve("store.db.wal.0")) || Files.exists(dir.resolve("store.db.wal.1")));
        }
    }

    @Test
    void aStoreDamagedAfterCommitsIsMovedAsideWithOneSentenceNamingWhatOnlyItHeld() throws IOException {
        try (MapDbStore s = open()) {
            s.putEnvelopes(List.of(envelope("a", "INBOX", 1, 1, 10, false)));
            s.enqueueOutgoing(new OutboxEntry(0, "a", "me@x", List.of("you@x"),
                    "Subject: s\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII), 1L, "refused"));
            s.commit();
        }
        byte[] damaged = Files.readAllBytes(storeFile());
        for (int i = 0; i < 64; i++) damaged[i] ^= (byte) 0x5A; // the header: MapDB refuses the file
        Files.write(storeFile(), damaged);

        try (MapDbStore s = open()) {
            assertEquals(0, s.count("a", "INBOX"), "a new, empty store");
            assertEquals(List.of(), s.outbox("a"));
        }

        assertEquals(1, notices.size(), notices.toString());
        List<Path> aside = movedAside();
        assertEquals(1, aside.size());
        String notice = notices.get(0);
        assertTrue(notice.startsWith("the store " + storeFile() + " was damaged ("), notice);
        assertTrue(notice.contains("moved aside to " + aside.get(0)), notice);
        assertTrue(notice.contains("outbox") && notice.contains("offline actions") && notice.contains("POP3 mail"), notice);
        assertFalse(notice.contains("\n"), "one sentence, one line");
        assertArrayEquals(damaged, Files.readAllBytes(aside.get(0)), "kept, byte for byte");

        notices.clear();
        assertWorks();
        assertEquals(List.of(), notices, "said once: the next open is a plain open");
        assertEquals(1, movedAside().size());
    }

    @Test
    void aStoreFromANewerPosternIsLeftAloneAndReported() throws IOException {
        try (MapDbStore s = open()) {
            s.commit();
        }
        DB db = StoreFiles.open(storeFile());
        db.atomicInteger("postern.format").createOrOpen().set(MapDbStore.FORMAT + 1);
        db.commit();
        db.close();
        byte[] before = Files.readAllBytes(storeFile());

        PosternException e = assertThrows(PosternException.class, this::open);
        assertEquals(ExitCode.DATAERR, e.exitCode());
        assertTrue(e.getMessage().contains("newer postern"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(storeFile()));
        assertEquals(List.of(), movedAside());

        // The failed open let go of the lock: the same process meets the same answer, not "in use".
        PosternException again = assertThrows(PosternException.class, this::open);
        assertTrue(again.getMessage().contains("newer postern"), again.getMessage());
    }

    /**
     * The root of "another postern is using the data directory" after a damaged open: MapDB keeps its file
     * lock when its open throws. postern turns MapDB's lock off (store.lock is the one lock), so a second
     * attempt in the same process meets the file's real problem.
     */
    @Test
    void aFailedMapDbOpenLeavesNoLockBehind() throws IOException {
        Files.createDirectories(dir);
        Files.write(storeFile(), new byte[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7});
        for (int attempt = 0; attempt < 2; attempt++) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> StoreFiles.open(storeFile()));
            assertFalse(e instanceof DBException.FileLocked, "attempt " + attempt + ": " + e);
        }
    }

    @Test
    void aSecondOpenInTheSameProcessSaysSoAndTheFirstKeepsWorking() {
        try (MapDbStore s = open()) {
            PosternException e = assertThrows(PosternException.class, this::open);
            assertEquals(ExitCode.TEMPFAIL, e.exitCode());
            assertEquals("the store " + storeFile() + " is in use: this postern process already has it open; close it and retry",
                    e.getMessage());
            assertFalse(e.getCause() instanceof java.nio.channels.OverlappingFileLockException);
            s.putEnvelopes(List.of(envelope("a", "INBOX", 1, 1, 10, false)));
            s.commit();
        }
        try (MapDbStore s = open()) {
            assertEquals(1, s.count("a", "INBOX"), "the refused open released nothing of the first");
        }
    }

    @Test
    void everyFileTheStoreWritesIsPrivate() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(StoreFiles.posix());
        try (MapDbStore s = open(); TextCache cache = TextCache.open(dir)) {
            s.putEnvelopes(List.of(envelope("a", "INBOX", 1, 1, 10, false)));
            s.attachBody(TestEnvelopes.ref("a", "INBOX", 1, 1), new byte[100_000]);
            s.commit();
            cache.put("k", new byte[10]);
        }
        // A log left by a crash is made private before it is replayed.
        Files.write(dir.resolve("store.db.wal.0"), new byte[0]);
        Files.setPosixFilePermissions(dir.resolve("store.db.wal.0"), PosixFilePermissions.fromString("rw-r--r--"));
        StoreFiles.makeAllPrivate(storeFile());
        assertEquals("rw-------", mode(dir.resolve("store.db.wal.0")));
        Files.delete(dir.resolve("store.db.wal.0"));

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        for (String name : List.of("store.db", "store.lock", TextCache.FILE_NAME)) {
            assertEquals("rw-------", mode(dir.resolve(name)), name);
        }
        // A compacted store replaces the file: private too.
        MapDbStore.compact(dir);
        assertEquals("rw-------", mode(storeFile()));
    }

    @Test
    void aMovedAsideStoreAndItsReplacementArePrivate() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(StoreFiles.posix());
        Files.createDirectories(dir);
        byte[] garbage = new byte[1 << 20];
        new Random(5).nextBytes(garbage);
        Files.write(storeFile(), garbage);
        Files.setPosixFilePermissions(storeFile(), PosixFilePermissions.fromString("rw-r--r--"));

        open().close();

        assertEquals("rw-------", mode(storeFile()));
        assertEquals("rw-------", mode(movedAside().get(0)));
    }

    @Test
    void anEmptyOrDamagedTextCacheIsStartedAfreshInTheSameProcess() throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(TextCache.FILE_NAME);
        for (byte[] bad : List.of(new byte[0], new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9})) {
            Files.write(file, bad);
            try (TextCache cache = TextCache.open(dir)) {
                cache.put("k", new byte[] {1});
            }
            try (TextCache cache = TextCache.open(dir)) {
                assertArrayEquals(new byte[] {1}, cache.get("k").orElseThrow());
            }
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}

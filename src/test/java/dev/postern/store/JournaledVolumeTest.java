package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DB;
import org.mapdb.Serializer;
import org.mapdb.volume.RandomAccessFileVol;
import org.mapdb.volume.Volume;

/**
 * A commit through {@link JournaledVolume} is all-or-nothing: a process stopped while the pages are copied
 * into the file (MapDB 3.1's own unprotected window) leaves a sealed journal that the next open finishes;
 * one stopped while writing the journal leaves the file as the last commit left it.
 */
class JournaledVolumeTest {
    @TempDir Path dir;

    private static final long SIZE = 1 << 20;

    /** The "kill": a file volume that stops accepting writes after {@code allowed} of them. */
    private static final class Dying extends ForwardingVolume {
        private int allowed;

        Dying(Volume delegate, int allowed) {
            super(delegate, true);
            this.allowed = allowed;
        }

        @Override
        public void putData(long offset, byte[] src, int srcPos, int srcSize) {
            if (allowed-- <= 0) throw new IllegalStateException("killed");
            super.putData(offset, src, srcPos, srcSize);
        }
    }

    private Path fileWith(byte[] content) throws IOException {
        Path file = dir.resolve("store.db");
        Files.write(file, content);
        return file;
    }

    private static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes scattered changes (several pages, page-crossing) into {@code vol} and into {@code expected}. */
    private static void change(Volume vol, byte[] expected) {
        Random r = new Random(7);
        for (int i = 0; i < 200; i++) {
            int at = r.nextInt(expected.length - 9000);
            byte[] b = random(i, 1 + r.nextInt(9000));
            vol.putData(at, b, 0, b.length);
            System.arraycopy(b, 0, expected, at, b.length);
        }
        vol.putLong(8, 0x0102030405060708L);
        for (int i = 0; i < 8; i++) expected[8 + i] = (byte) (i + 1);
    }

    @Test
    void aKillWhileTheCommitIsCopiedInIsFinishedAtTheNextOpen() throws IOException {
        byte[] before = random(1, (int) SIZE);
        Path file = fileWith(before);
        byte[] after = before.clone();
        Dying file0 = new Dying(new RandomAccessFileVol(file.toFile(), false, -1, 0), 20);
        JournaledVolume vol = new JournaledVolume(file0, JournaledVolume.journalOf(file));
        change(vol, after);
        assertEquals(0x0102030405060708L, vol.getLong(8), "reads see the pending commit");
        assertArrayEquals(before, Files.readAllBytes(file), "nothing reaches the file before the commit");

        assertThrows(IllegalStateException.class, vol::sync, "the copy is cut after 20 pages");
        file0.delegate.close();
        byte[] torn = Files.readAllBytes(file);
        assertFalse(java.util.Arrays.equals(before, torn) || java.util.Arrays.equals(after, torn), "the file is torn");
        assertTrue(Files.exists(JournaledVolume.journalOf(file)));

        JournaledVolume.recover(file);
        assertArrayEquals(after, Files.readAllBytes(file), "the next open finishes the commit");
        assertFalse(Files.exists(JournaledVolume.journalOf(file)));
    }

    @Test
    void aJournalCutShortIsDroppedAndTheFileKeepsTheLastCommit() throws IOException {
        byte[] before = random(2, (int) SIZE);
        Path file = fileWith(before);
        JournaledVolume vol = new JournaledVolume(new RandomAccessFileVol(file.toFile(), false, -1, 0),
                JournaledVolume.journalOf(file));
        change(vol, before.clone());
        vol.writeJournal();
        vol.close();
        Path journal = JournaledVolume.journalOf(file);
        long whole = Files.size(journal);
        for (long cut : new long[] {whole - 1, whole - 9, whole / 2, 12}) {
            Path copy = dir.resolve("cut");
            Files.copy(journal, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            Files.move(copy, journal, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            JournaledVolume.recover(file);
            assertArrayEquals(before, Files.readAllBytes(file), "a journal cut at " + cut + " of " + whole + " changes nothing");
            assertFalse(Files.exists(journal));
            vol = new JournaledVolume(new RandomAccessFileVol(file.toFile(), false, -1, 0), journal);
            change(vol, before.clone());
            vol.writeJournal();
            vol.close();
        }
        // a flipped byte in an otherwise whole journal fails its checksum
        byte[] j = Files.readAllBytes(journal);
        j[40] ^= 1;
        Files.write(journal, j);
        JournaledVolume.recover(file);
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aMapDbStoreThroughTheJournalCommitsReopensAndLeavesOnlyItsPrivateFile() throws IOException {
        Path file = dir.resolve("s.db");
        try (DB db = StoreVolumes.open(file, true)) {
            var map = db.treeMap("m", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
            for (int i = 0; i < 2000; i++) map.put("k" + i, random(i, 100 + i % 3000));
            db.commit();
            map.put("uncommitted", new byte[10]);
            db.rollback();
            assertFalse(Files.exists(JournaledVolume.journalOf(file)), "a finished commit leaves no journal");
            assertEquals(List.of(), StoreFiles.walFiles(file), "MapDB's log is in memory: no file beside the store");
            if (StoreFiles.posix()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            }
        }
        try (DB db = StoreVolumes.open(file, false)) {
            var map = db.treeMap("m", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
            assertEquals(2000, map.size());
            assertArrayEquals(random(1234, 100 + 1234 % 3000), map.get("k1234"));
            assertFalse(map.containsKey("uncommitted"));
        }
    }
}

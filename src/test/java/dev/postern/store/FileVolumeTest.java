package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.Serializer;

/**
 * {@link FileVolume} reads what was last written, whether its small cache holds the page or not, and keeps the
 * file in whole 1 MiB slices as MapDB's mapped volume did.
 */
class FileVolumeTest {
    @TempDir Path dir;

    private static final int MIB = 1 << 20;

    private FileVolume volume(Path file, int cachePages) {
        return new FileVolume(file.toFile(), false, 20, 0, cachePages);
    }

    @Test
    void readsSeeEveryWriteThroughTheCacheAndAroundIt() throws IOException {
        Path file = dir.resolve("v.db");
        byte[] expected = new byte[3 * MIB];
        Random r = new Random(5);
        try (FileVolume v = volume(file, 64)) { // a tiny cache: most reads miss, many evict
            v.ensureAvailable(expected.length - 10);
            assertEquals(3 * MIB, v.length(), "grown to whole slices");
            assertEquals(3L * MIB, Files.size(file));
            for (int i = 0; i < 3000; i++) {
                int at = r.nextInt(expected.length - 40_000);
                if (i % 3 == 0) { // read first, so the page is cached before it changes
                    byte[] got = new byte[1 + r.nextInt(100)];
                    v.getData(at, got, 0, got.length);
                    assertArrayEquals(java.util.Arrays.copyOfRange(expected, at, at + got.length), got);
                }
                byte[] b = new byte[1 + r.nextInt(i % 50 == 0 ? 40_000 : 300)];
                r.nextBytes(b);
                v.putData(at, b, 0, b.length);
                System.arraycopy(b, 0, expected, at, b.length);
                long l = r.nextLong();
                int lat = r.nextInt(expected.length - 8);
                v.putLong(lat, l);
                java.nio.ByteBuffer.wrap(expected).putLong(lat, l);
                assertEquals(l, v.getLong(lat));
                int k = r.nextInt(expected.length - 20_000);
                int size = 1 + r.nextInt(i % 7 == 0 ? 20_000 : 64); // small (cached), page-crossing and big (not)
                assertArrayEquals(java.util.Arrays.copyOfRange(expected, k, k + size), read(v, k, size));
                byte[] viaInput = new byte[size];
                v.getDataInput(k, size).readFully(viaInput);
                assertArrayEquals(read(v, k, size), viaInput);
                assertEquals(expected[k], v.getByte(k));
            }
            TreeMap<Long, byte[]> pages = new TreeMap<>();
            for (long p : new long[] {3, 4, 5, 9, 700}) { // a run of three, two single pages
                byte[] page = new byte[FileVolume.PAGE];
                r.nextBytes(page);
                pages.put(p, page);
                System.arraycopy(page, 0, expected, (int) p * FileVolume.PAGE, page.length);
                v.getLong(p * FileVolume.PAGE); // cached before, so the cache must follow
            }
            v.writePages(pages);
            assertArrayEquals(expected, read(v, 0, expected.length));
            for (long p : pages.keySet()) {
                byte[] copy = new byte[FileVolume.PAGE];
                v.copyPage(p, copy);
                assertArrayEquals(pages.get(p), copy);
            }
            v.sync();
        }
        assertArrayEquals(expected, Files.readAllBytes(file), "the file holds what was written");
        try (FileVolume v = volume(file, 64)) {
            assertEquals(3 * MIB, v.length());
            assertArrayEquals(expected, read(v, 0, expected.length));
            DBException.VolumeEOF e = assertThrows(DBException.VolumeEOF.class, () -> v.getLong(3L * MIB - 4));
            assertEquals(true, StoreGuard.isDamage(e), "a read past the end is damage, as the mapped volume's was");
            assertThrows(DBException.VolumeEOF.class, () -> v.getDataInput(-16, 8));
        }
    }

    private static byte[] read(FileVolume v, long offset, int size) {
        byte[] b = new byte[size];
        v.getData(offset, b, 0, size);
        return b;
    }

    @Test
    void concurrentReadersOfAStoreAgreeWithOneReader() throws Exception {
        Path file = dir.resolve("s.db");
        try (DB db = StoreVolumes.open(file, true)) {
            var map = db.treeMap("m", Serializer.INTEGER, Serializer.BYTE_ARRAY).createOrOpen();
            for (int i = 0; i < 20_000; i++) map.put(i, new byte[] {(byte) i, (byte) (i >> 8), (byte) (i % 7)});
            db.commit();
            assertEquals(0, Files.size(file) % MIB, "whole slices, as the mapped volume left them");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> bad = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int seed = t;
                    bad.add(pool.submit(() -> {
                        Random r = new Random(seed);
                        int wrong = 0;
                        for (int n = 0; n < 20_000; n++) {
                            int i = r.nextInt(20_000);
                            byte[] b = map.get(i);
                            if (b[0] != (byte) i || b[1] != (byte) (i >> 8) || b[2] != (byte) (i % 7)) wrong++;
                        }
                        return wrong;
                    }));
                }
                for (Future<Integer> f : bad) assertEquals(0, f.get());
            } finally {
                pool.shutdownNow();
            }
        }
    }
}

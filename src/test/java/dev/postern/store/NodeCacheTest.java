package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * The store through {@link NodeCache} against the same store without it, operation for operation: puts that split
 * nodes, replacements, removals, commits and rollbacks at random, every answer and every table the same, and the
 * files each leaves read back the same.
 */
class NodeCacheTest {
    @TempDir
    Path dir;

    private static final class Tables {
        final DB db;
        final NavigableMap<byte[], byte[]> envelopes;
        final NavigableSet<byte[]> byDate;
        final NavigableMap<byte[], long[]> counters;

        Tables(DB db) {
            this.db = db;
            envelopes = db.treeMap("envelopes", PackedKeys.INSTANCE, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().createOrOpen();
            byDate = db.treeSet("envelopesByDate", PackedKeys.INSTANCE).createOrOpen();
            counters = db.treeMap("folderCounters", Serializer.BYTE_ARRAY, Serializer.LONG_ARRAY).createOrOpen();
        }
    }

    private static DB plain(Path file) {
        return StoreVolumes.open(file, true, false);
    }

    @Test
    void everyAnswerAndEveryTableIsTheUncachedStoresThroughCommitsAndRollbacks() {
        Path cachedFile = dir.resolve("cached.db");
        Path plainFile = dir.resolve("plain.db");
        Random r = new Random(42);
        List<byte[]> known = new ArrayList<>();
        try (DB c = StoreVolumes.open(cachedFile, true); DB p = plain(plainFile)) {
            Tables a = new Tables(c);
            Tables b = new Tables(p);
            a.db.commit();
            b.db.commit();
            List<byte[]> committed = new ArrayList<>();
            for (int step = 0; step < 20_000; step++) {
                int op = r.nextInt(100);
                if (op < 60 || known.isEmpty()) {
                    byte[] k = key(r);
                    byte[] v = new byte[r.nextInt(60)];
                    r.nextBytes(v);
                    assertArrayEquals(b.envelopes.put(k, v), a.envelopes.put(k, v));
                    assertEquals(b.byDate.add(k), a.byDate.add(k));
                    byte[] g = java.util.Arrays.copyOf(k, 6);
                    long[] now = b.counters.get(g);
                    assertArrayEquals(now, a.counters.get(g));
                    long[] next = now == null ? new long[] {1, 0} : new long[] {now[0] + 1, now[1] + step};
                    a.counters.put(g, next.clone());
                    b.counters.put(g, next);
                    known.add(k);
                } else if (op < 80) {
                    byte[] k = known.get(r.nextInt(known.size()));
                    assertArrayEquals(b.envelopes.remove(k), a.envelopes.remove(k));
                    assertEquals(b.byDate.remove(k), a.byDate.remove(k));
                } else if (op < 90) {
                    byte[] k = known.get(r.nextInt(known.size()));
                    assertArrayEquals(b.envelopes.get(k), a.envelopes.get(k));
                    assertEquals(b.byDate.contains(k), a.byDate.contains(k));
                    assertArrayEquals(b.byDate.ceiling(k), a.byDate.ceiling(k));
                } else if (op < 95) {
                    a.db.commit();
                    b.db.commit();
                    committed = new ArrayList<>(known);
                } else {
                    a.db.rollback(); // what was written since the commit is gone: no node of it may be given out again
                    b.db.rollback();
                    known = new ArrayList<>(committed);
                }
                if (step % 2_000 == 0) same(a, b);
            }
            same(a, b);
            a.db.commit();
            b.db.commit();
        }
        try (DB c = plain(cachedFile); DB p = StoreVolumes.open(plainFile, true)) {
            same(new Tables(c), new Tables(p)); // each file read through the other way
        }
    }

    /**
     * A listing appends its envelopes to the last leaf of each tree, one put at a time: each leaf is handed to MapDB
     * (which serialises and logs it whole) once per commit, not once per put, and the file then reads back as written.
     */
    @Test
    void appendsInOneTransactionWriteEachLeafOnceAtTheCommit() {
        Path file = dir.resolve("appends.db");
        int n = 4_000;
        try (DB c = StoreVolumes.open(file, true)) {
            Tables a = new Tables(c);
            a.db.commit();
            NodeCache cache = (NodeCache) c.getStore();
            long before = cache.written();
            for (int i = 0; i < n; i++) {
                byte[] k = java.nio.ByteBuffer.allocate(16).putLong(7).putLong(i).array();
                a.envelopes.put(k, new byte[] {(byte) i});
                a.byDate.add(k);
            }
            a.db.commit();
            long written = cache.written() - before;
            // Two trees of n keys in leaves of at most 32: a few hundred nodes, where a write per put made 2n and more.
            org.junit.jupiter.api.Assertions.assertTrue(written < n / 4, "nodes handed to the store: " + written);
        }
        try (DB p = plain(file)) {
            Tables b = new Tables(p);
            assertEquals(n, b.envelopes.size());
            assertEquals(n, b.byDate.size());
            int i = 0;
            for (Map.Entry<byte[], byte[]> e : b.envelopes.entrySet()) {
                assertArrayEquals(java.nio.ByteBuffer.allocate(16).putLong(7).putLong(i).array(), e.getKey());
                assertArrayEquals(new byte[] {(byte) i}, e.getValue());
                i++;
            }
        }
    }

    /** Keys sharing a folder's prefix, so leaves fill and split as the envelope tree's do. */
    private static byte[] key(Random r) {
        byte[] k = new byte[22];
        System.arraycopy(new byte[] {7, 'a', 'c', 'c', 't', 5}, 0, k, 0, 6);
        k[6] = (byte) r.nextInt(3);
        for (int i = 7; i < k.length; i++) k[i] = (byte) r.nextInt(256);
        return k;
    }

    private static void same(Tables a, Tables b) {
        assertEquals(b.envelopes.size(), a.envelopes.size());
        var x = b.envelopes.entrySet().iterator();
        for (Map.Entry<byte[], byte[]> e : a.envelopes.entrySet()) {
            var y = x.next();
            assertArrayEquals(y.getKey(), e.getKey());
            assertArrayEquals(y.getValue(), e.getValue());
        }
        assertEquals(b.byDate.size(), a.byDate.size());
        var z = b.byDate.descendingIterator();
        for (byte[] k : a.byDate.descendingSet()) assertArrayEquals(z.next(), k);
        assertEquals(b.counters.size(), a.counters.size());
        var w = b.counters.entrySet().iterator();
        for (Map.Entry<byte[], long[]> e : a.counters.entrySet()) {
            var y = w.next();
            assertArrayEquals(y.getKey(), e.getKey());
            assertArrayEquals(y.getValue(), e.getValue());
        }
    }
}

package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.DataInput2;
import org.mapdb.DataOutput2;
import org.mapdb.Serializer;
import org.mapdb.serializer.GroupSerializer;

/**
 * {@link PackedKeys} against MapDB's own {@code BYTE_ARRAY_DELTA}, operation for operation: the same answers,
 * the same bytes written, each reading what the other wrote; and a store file written with one, changed
 * with the other and read with the first again.
 */
class PackedKeysTest {
    private static final GroupSerializer<byte[]> DELTA = Serializer.BYTE_ARRAY_DELTA;
    private static final PackedKeys PACKED = PackedKeys.INSTANCE;

    /** Keys like the store's: shared prefixes of several lengths, keys that begin others, high bytes, empty keys. */
    private static byte[] key(Random r) {
        int head = r.nextInt(4);
        byte[] k = new byte[r.nextInt(3) == 0 ? r.nextInt(4) : 6 + r.nextInt(14)];
        for (int i = 0; i < k.length; i++) {
            k[i] = i < head + 4 ? (byte) (i * 31 + head) : (byte) (r.nextBoolean() ? r.nextInt(3) : 0x7E + r.nextInt(4));
        }
        return k;
    }

    private static byte[][] sortedDistinct(Random r, int n) {
        TreeSet<byte[]> set = new TreeSet<>(Serializer.BYTE_ARRAY);
        while (set.size() < n) set.add(key(r));
        return set.toArray(new byte[0][]);
    }

    @Test
    void everyOperationAnswersAsMapDbsOwnDeltaSerializer() throws IOException {
        Random r = new Random(20261205);
        for (int round = 0; round < 3000; round++) {
            byte[][] ref = sortedDistinct(r, 1 + r.nextInt(40));
            Object packed = PACKED.valueArrayFromArray(ref);
            for (int step = 0; step < 12; step++) {
                sameKeys(ref, packed);
                for (int probe = 0; probe < 8; probe++) {
                    byte[] k = r.nextInt(4) == 0 ? ref[r.nextInt(ref.length)].clone() : key(r);
                    assertEquals(DELTA.valueArraySearch(ref, k), PACKED.valueArraySearch(packed, k), "search " + Arrays.toString(k));
                    Comparator<byte[]> other = Serializer.BYTE_ARRAY::compare; // not the serializer: the general path
                    assertEquals(DELTA.valueArraySearch(ref, k, other), PACKED.valueArraySearch(packed, k, other));
                    assertEquals(DELTA.valueArraySearch(ref, k, DELTA), PACKED.valueArraySearch(packed, k, PACKED));
                }
                int n = ref.length;
                switch (r.nextInt(5)) {
                    case 0 -> { // put a new key where search says it goes
                        byte[] k = key(r);
                        int at = DELTA.valueArraySearch(ref, k);
                        if (at >= 0) break;
                        ref = (byte[][]) DELTA.valueArrayPut(ref, -at - 1, k);
                        packed = PACKED.valueArrayPut(packed, -at - 1, k);
                    }
                    case 1 -> { // replace a key by one that keeps the order
                        int at = r.nextInt(n);
                        byte[] k = ref[at].clone();
                        ref = (byte[][]) DELTA.valueArrayUpdateVal(ref, at, k);
                        packed = PACKED.valueArrayUpdateVal(packed, at, k);
                    }
                    case 2 -> { // SerializerByteArray removes the key before pos
                        if (n < 2) break;
                        int pos = 1 + r.nextInt(n);
                        ref = (byte[][]) DELTA.valueArrayDeleteValue(ref, pos);
                        packed = PACKED.valueArrayDeleteValue(packed, pos);
                    }
                    case 3 -> {
                        int from = r.nextInt(n);
                        int to = from + 1 + r.nextInt(n - from);
                        ref = (byte[][]) DELTA.valueArrayCopyOfRange(ref, from, to);
                        packed = PACKED.valueArrayCopyOfRange(packed, from, to);
                    }
                    default -> { // written by each, read by the other
                        byte[] a = write(DELTA, ref);
                        byte[] b = write(PACKED, packed);
                        assertArrayEquals(a, b, "the bytes on disk");
                        packed = PACKED.valueArrayDeserialize(new DataInput2.ByteArray(a), ref.length);
                        ref = (byte[][]) DELTA.valueArrayDeserialize(new DataInput2.ByteArray(b), ref.length);
                    }
                }
            }
        }
    }

    private static void sameKeys(byte[][] ref, Object packed) {
        assertEquals(ref.length, PACKED.valueArraySize(packed));
        for (int i = 0; i < ref.length; i++) assertArrayEquals(ref[i], PACKED.valueArrayGet(packed, i), "key " + i);
        Object[] all = PACKED.valueArrayToArray(packed);
        assertEquals(ref.length, all.length);
        for (int i = 0; i < ref.length; i++) assertArrayEquals(ref[i], (byte[]) all[i]);
    }

    private static byte[] write(GroupSerializer<byte[]> s, Object keys) throws IOException {
        DataOutput2 out = new DataOutput2();
        s.valueArraySerialize(out, keys);
        return out.copyBytes();
    }

    @Test
    void anEmptyNodeAndSingleKeysBehaveAsTheOriginal() {
        Object empty = PACKED.valueArrayEmpty();
        assertEquals(0, PACKED.valueArraySize(empty));
        byte[] k = {1, 2, 3};
        assertEquals(-1, PACKED.valueArraySearch(empty, k));
        Object one = PACKED.valueArrayPut(empty, 0, k);
        assertEquals(0, PACKED.valueArraySearch(one, k));
        assertEquals(-1, PACKED.valueArraySearch(one, new byte[] {1, 2}));
        assertEquals(-2, PACKED.valueArraySearch(one, new byte[] {1, 2, 3, 0}));
        assertEquals(-1, PACKED.valueArraySearch(one, new byte[0]));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> PACKED.valueArrayDeleteValue(one, 0));
    }

    @Test
    void aDamagedNodeFailsAsAnIOException() throws IOException {
        DataOutput2 out = new DataOutput2(); // two keys of lengths 1 and 5 claiming a 3-byte common prefix
        out.packInt(1);
        out.packInt(5);
        out.packInt(3);
        out.write(new byte[] {9, 9, 9});
        byte[] bad = out.copyBytes();
        assertThrows(IOException.class, () -> PACKED.valueArrayDeserialize(new DataInput2.ByteArray(bad), 2));
        DataOutput2 huge = new DataOutput2(); // one key claiming a gigabyte: refused before it is allocated
        huge.packInt(1 << 30);
        huge.packInt(0);
        huge.write(new byte[] {1, 2, 3});
        byte[] big = huge.copyBytes();
        for (int keys : new int[] {1, 1 << 28}) {
            IOException e = assertThrows(IOException.class, () -> PACKED.valueArrayDeserialize(new DataInput2.ByteArray(big), keys));
            assertTrue(e.getMessage() != null && e.getMessage().contains("damaged"), e.toString());
        }
    }

    @Test
    void aStoreFileMadeWithTheDeltaSerializerIsReadChangedAndReadBackByEither(@TempDir Path dir) {
        Path file = dir.resolve("t.db");
        Random r = new Random(7);
        TreeMap<byte[], byte[]> refMap = new TreeMap<>(Serializer.BYTE_ARRAY);
        TreeSet<byte[]> refSet = new TreeSet<>(Serializer.BYTE_ARRAY);
        try (DB db = DBMaker.fileDB(file.toFile()).transactionEnable().fileLockDisable().make()) {
            NavigableMap<byte[], byte[]> m = db.treeMap("envelopes", DELTA, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().createOrOpen();
            NavigableSet<byte[]> s = db.treeSet("envelopesByDate", DELTA).createOrOpen();
            fill(r, m, s, refMap, refSet, 3000);
            db.commit();
        }
        try (DB db = DBMaker.fileDB(file.toFile()).transactionEnable().fileLockDisable().make()) {
            PackedKeys.adopt(db, "envelopes#keySerializer", "envelopesByDate#serializer");
            NavigableMap<byte[], byte[]> m = db.treeMap("envelopes", PACKED, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().createOrOpen();
            NavigableSet<byte[]> s = db.treeSet("envelopesByDate", PACKED).createOrOpen();
            assertSame(PACKED, m.comparator(), "the old store is read with PackedKeys, not the catalog's serializer");
            assertSame(PACKED, s.comparator());
            assertNull(db.nameCatalogLoad().get("envelopes#keySerializer"));
            same(refMap, refSet, m, s);
            fill(r, m, s, refMap, refSet, 3000);
            same(refMap, refSet, m, s);
            db.commit();
        }
        try (DB db = DBMaker.fileDB(file.toFile()).transactionEnable().fileLockDisable().readOnly().make()) {
            NavigableMap<byte[], byte[]> m = db.treeMap("envelopes", DELTA, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().open();
            NavigableSet<byte[]> s = db.treeSet("envelopesByDate", DELTA).open();
            assertSame(DELTA, m.comparator());
            same(refMap, refSet, m, s);
        }
    }

    /** Puts, replaces and removes at random, in random order, in both the trees and the references. */
    private static void fill(Random r, NavigableMap<byte[], byte[]> m, NavigableSet<byte[]> s,
            TreeMap<byte[], byte[]> refMap, TreeSet<byte[]> refSet, int ops) {
        List<byte[]> known = new ArrayList<>(refMap.keySet());
        for (int i = 0; i < ops; i++) {
            int op = r.nextInt(10);
            if (op < 2 && !known.isEmpty()) {
                byte[] k = known.remove(r.nextInt(known.size()));
                assertArrayEquals(refMap.remove(k), m.remove(k));
                assertEquals(refSet.remove(k), s.remove(k));
                continue;
            }
            byte[] k = new byte[20 + r.nextInt(12)];
            r.nextBytes(k);
            System.arraycopy(new byte[] {7, 'd', 'o', 'v', 5, 'I', 'N', 'B', 'O', 'X'}, 0, k, 0, 10);
            byte[] v = new byte[r.nextInt(40)];
            r.nextBytes(v);
            assertArrayEquals(refMap.put(k, v), m.put(k, v));
            assertEquals(refSet.add(k), s.add(k));
            known.add(k);
        }
    }

    private static void same(TreeMap<byte[], byte[]> refMap, TreeSet<byte[]> refSet, NavigableMap<byte[], byte[]> m,
            NavigableSet<byte[]> s) {
        assertEquals(refMap.size(), m.size());
        var a = refMap.entrySet().iterator();
        for (var e : m.entrySet()) {
            var x = a.next();
            assertArrayEquals(x.getKey(), e.getKey());
            assertArrayEquals(x.getValue(), e.getValue());
        }
        assertEquals(refSet.size(), s.size());
        var b = refSet.descendingIterator();
        for (byte[] k : s.descendingSet()) assertArrayEquals(b.next(), k);
        for (byte[] k : refSet) assertTrue(s.contains(k));
        byte[] probe = refSet.isEmpty() ? new byte[] {7} : refSet.first();
        assertArrayEquals(refSet.ceiling(probe), s.ceiling(probe));
        assertEquals(refSet.headSet(probe, true).size(), s.headSet(probe, true).size());
    }
}

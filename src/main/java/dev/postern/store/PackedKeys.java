package dev.postern.store;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import org.mapdb.DB;
import org.mapdb.DataInput2;
import org.mapdb.DataOutput2;
import org.mapdb.Serializer;
import org.mapdb.serializer.GroupSerializer;

/**
 * The key serializer of the envelope and newest-first B-trees: the bytes on disk are exactly those of
 * MapDB's {@code Serializer.BYTE_ARRAY_DELTA} (each key's length, the longest common prefix once, then each
 * key's rest), so a store written with either is read by the other; what differs is a node's keys in memory.
 *
 * <p>Why: MapDB's B-tree decodes a whole node for every step of every lookup and put (about five nodes of up
 * to 32 keys per put), and {@code BYTE_ARRAY_DELTA} decodes a node into one {@code byte[]} per key, each with
 * the folder's shared prefix copied in. A 20,000-message listing allocated about 500 MB that way, half of all
 * it allocated, and the young collections that followed held every thread up. Here a node is one array of
 * bytes (the shared prefix once, then each key's rest) and one array of offsets: two allocations, read with
 * one {@code readFully}, searched in place. A key is copied out only when MapDB asks for that key.
 *
 * <p>Every operation keeps {@code SerializerByteArray}'s meaning, quirks included ({@link #valueArrayDeleteValue}
 * removes the key before {@code pos}); {@code PackedKeysTest} checks each against {@code BYTE_ARRAY_DELTA}.
 */
final class PackedKeys implements GroupSerializer<byte[]> {
    private static final GroupSerializer<byte[]> PLAIN = Serializer.BYTE_ARRAY;
    static final PackedKeys INSTANCE = new PackedKeys();

    /** A node's keys: {@code bytes} holds the common prefix, then each key's rest back to back. */
    static final class Keys {
        static final Keys EMPTY = new Keys(new byte[0], 0, new int[0]);
        final byte[] bytes;
        final int prefix;
        /** Where each key's rest ends in {@link #bytes}; it starts where the one before it ends. */
        final int[] ends;

        Keys(byte[] bytes, int prefix, int[] ends) {
            this.bytes = bytes;
            this.prefix = prefix;
            this.ends = ends;
        }

        int size() {
            return ends.length;
        }

        int start(int i) {
            return i == 0 ? prefix : ends[i - 1];
        }

        int length(int i) {
            return prefix + ends[i] - start(i);
        }

        byte[] key(int i) {
            int s = start(i);
            byte[] k = new byte[prefix + ends[i] - s];
            System.arraycopy(bytes, 0, k, 0, prefix);
            System.arraycopy(bytes, s, k, prefix, ends[i] - s);
            return k;
        }
    }

    private PackedKeys() {}

    // One key alone, and the order of keys: as MapDB's byte[] serializers (unsigned bytes, then length).
    @Override
    public void serialize(DataOutput2 out, byte[] value) throws IOException {
        PLAIN.serialize(out, value);
    }

    @Override
    public byte[] deserialize(DataInput2 in, int available) throws IOException {
        return PLAIN.deserialize(in, available);
    }

    @Override
    public boolean isTrusted() {
        return true;
    }

    @Override
    public boolean equals(byte[] a, byte[] b) {
        return PLAIN.equals(a, b);
    }

    @Override
    public int hashCode(byte[] bytes, int seed) {
        return PLAIN.hashCode(bytes, seed);
    }

    @Override
    public int compare(byte[] a, byte[] b) {
        return PLAIN.compare(a, b);
    }

    @Override
    public byte[] nextValue(byte[] value) {
        return PLAIN.nextValue(value);
    }

    /** How MapDB's catalog names {@code BYTE_ARRAY_DELTA}, the serializer a store made before this one records. */
    static final String DELTA_IN_CATALOG = "org.mapdb.Serializer#BYTE_ARRAY_DELTA";

    /**
     * Lets a store made with {@code BYTE_ARRAY_DELTA} be read with this serializer. MapDB's catalog names the
     * serializer a tree was made with when it is one of MapDB's own, and that name then wins over the one
     * given at open; this one is not MapDB's, so the catalog of a new tree names none and the given one is
     * used. Dropping the old name changes no byte of any node (the formats are one); the change is committed
     * with the store's next commit, and until then this open reads through the catalog as changed.
     */
    static void adopt(DB db, String... catalogKeys) {
        java.util.SortedMap<String, String> catalog = db.nameCatalogLoad();
        boolean changed = false;
        for (String key : catalogKeys) {
            if (DELTA_IN_CATALOG.equals(catalog.get(key))) {
                catalog.remove(key);
                changed = true;
            }
        }
        if (changed) db.nameCatalogSave(catalog);
    }

    @Override
    public void valueArraySerialize(DataOutput2 out, Object vals) throws IOException {
        Keys k = (Keys) vals;
        int n = k.size();
        if (n == 0) return; // MapDB writes no keys for an empty node
        for (int i = 0; i < n; i++) out.packInt(k.length(i));
        int extra = commonRest(k);
        out.packInt(k.prefix + extra);
        out.write(k.bytes, 0, k.prefix);
        out.write(k.bytes, k.start(0), extra);
        for (int i = 0; i < n; i++) {
            int s = k.start(i) + extra;
            out.write(k.bytes, s, k.ends[i] - s);
        }
    }

    /** How many leading bytes every key's rest shares (so the prefix written is the longest, as MapDB's is). */
    private static int commonRest(Keys k) {
        int first = k.start(0);
        int firstLength = k.ends[0] - first;
        for (int r = 0; ; r++) {
            if (r == firstLength) return r;
            byte b = k.bytes[first + r];
            for (int i = 1; i < k.size(); i++) {
                int s = k.start(i);
                if (k.ends[i] - s == r || k.bytes[s + r] != b) return r;
            }
        }
    }

    @Override
    public Keys valueArrayDeserialize(DataInput2 in, int size) throws IOException {
        if (size == 0) return Keys.EMPTY;
        long left = remaining(in);
        if (size < 0 || size > left) throw new IOException("a B-tree node of the store is damaged (" + size + " keys)");
        int[] ends = new int[size];
        long total = 0;
        for (int i = 0; i < size; i++) {
            ends[i] = in.unpackInt();
            total += ends[i];
        }
        int prefix = in.unpackInt();
        long rest = total - (long) size * prefix;
        if (prefix < 0 || rest < 0 || prefix + rest > remaining(in)) {
            throw new IOException("a B-tree node of the store is damaged (key lengths " + total + ", prefix " + prefix + ")");
        }
        byte[] bytes = new byte[(int) (prefix + rest)];
        in.readFully(bytes, 0, prefix);
        int at = prefix;
        for (int i = 0; i < size; i++) {
            if (ends[i] < prefix) throw new IOException("a B-tree node of the store is damaged (a key shorter than its prefix)");
            at += ends[i] - prefix;
            ends[i] = at;
        }
        in.readFully(bytes, prefix, bytes.length - prefix);
        return new Keys(bytes, prefix, ends);
    }

    /**
     * How many bytes the record being read still holds, as far as the input tells: a damaged node's lengths
     * are refused before anything is allocated for them, not after an array of a gigabyte.
     */
    private static long remaining(DataInput2 in) {
        byte[] array = in.internalByteArray();
        if (array != null) return array.length - (long) in.getPos();
        java.nio.ByteBuffer buffer = in.internalByteBuffer();
        if (buffer != null) return buffer.limit() - (long) in.getPos();
        return Integer.MAX_VALUE - 16;
    }

    @Override
    public int valueArraySearch(Object keys, byte[] key) {
        Keys k = (Keys) keys;
        int n = k.size();
        if (n == 0) return -1;
        int p = k.prefix;
        int m = Math.min(p, key.length);
        for (int j = 0; j < m; j++) {
            int c = (k.bytes[j] & 0xFF) - (key[j] & 0xFF);
            if (c > 0) return -1; // the key sorts before every key of the node
            if (c < 0) return -n - 1; // after every one
        }
        if (key.length < p) return -1; // a proper prefix of every key sorts first
        int low = 0;
        int high = n - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = compareRest(k, mid, key, p);
            if (c < 0) low = mid + 1;
            else if (c > 0) high = mid - 1;
            else return mid;
        }
        return -(low + 1);
    }

    /** Key {@code i}'s rest against {@code key} from {@code from} on, as {@code compare} orders whole keys. */
    private static int compareRest(Keys k, int i, byte[] key, int from) {
        int s = k.start(i);
        int len = k.ends[i] - s;
        int other = key.length - from;
        int m = Math.min(len, other);
        for (int j = 0; j < m; j++) {
            int c = (k.bytes[s + j] & 0xFF) - (key[from + j] & 0xFF);
            if (c != 0) return c;
        }
        return len - other;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public int valueArraySearch(Object keys, byte[] key, Comparator comparator) {
        if (comparator == this) return valueArraySearch(keys, key);
        Keys k = (Keys) keys;
        int low = 0;
        int high = k.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = comparator.compare(k.key(mid), key);
            if (c < 0) low = mid + 1;
            else if (c > 0) high = mid - 1;
            else return mid;
        }
        return -(low + 1);
    }

    @Override
    public byte[] valueArrayGet(Object vals, int pos) {
        return ((Keys) vals).key(pos);
    }

    @Override
    public int valueArraySize(Object vals) {
        return ((Keys) vals).size();
    }

    @Override
    public Object[] valueArrayToArray(Object vals) {
        Keys k = (Keys) vals;
        Object[] out = new Object[k.size()];
        for (int i = 0; i < out.length; i++) out[i] = k.key(i);
        return out;
    }

    @Override
    public Keys valueArrayEmpty() {
        return Keys.EMPTY;
    }

    @Override
    public Keys valueArrayPut(Object vals, int pos, byte[] newValue) {
        Keys k = (Keys) vals;
        return splice(k, 0, pos, newValue, pos, k.size());
    }

    @Override
    public Keys valueArrayUpdateVal(Object vals, int pos, byte[] newValue) {
        Keys k = (Keys) vals;
        return splice(k, 0, pos, newValue, pos + 1, k.size());
    }

    /** As {@code SerializerByteArray}'s: removes the key at {@code pos - 1}. */
    @Override
    public Keys valueArrayDeleteValue(Object vals, int pos) {
        Keys k = (Keys) vals;
        if (pos < 1 || pos > k.size()) throw new ArrayIndexOutOfBoundsException(pos - 1);
        return splice(k, 0, pos - 1, null, pos, k.size());
    }

    @Override
    public Keys valueArrayCopyOfRange(Object vals, int from, int to) {
        Keys k = (Keys) vals;
        if (from < 0 || to > k.size() || from > to) throw new ArrayIndexOutOfBoundsException(from < 0 ? from : to);
        return splice(k, from, to, null, 0, 0);
    }

    @Override
    public Keys valueArrayFromArray(Object[] objects) {
        if (objects.length == 0) return Keys.EMPTY;
        byte[] first = (byte[]) objects[0];
        int p = first.length;
        for (Object o : objects) p = common(first, p, (byte[]) o);
        int total = p;
        for (Object o : objects) total += ((byte[]) o).length - p;
        byte[] bytes = Arrays.copyOf(first, total);
        int[] ends = new int[objects.length];
        int at = p;
        for (int i = 0; i < objects.length; i++) {
            byte[] o = (byte[]) objects[i];
            System.arraycopy(o, p, bytes, at, o.length - p);
            at += o.length - p;
            ends[i] = at;
        }
        return new Keys(bytes, p, ends);
    }

    /** How many of the first {@code max} bytes of {@code a} begin {@code b} too. */
    private static int common(byte[] a, int max, byte[] b) {
        int m = Math.min(max, b.length);
        for (int j = 0; j < m; j++) if (a[j] != b[j]) return j;
        return m;
    }

    /** The keys {@code src[aFrom, aTo)}, then {@code mid} (when not null), then {@code src[bFrom, bTo)}. */
    private static Keys splice(Keys src, int aFrom, int aTo, byte[] mid, int bFrom, int bTo) {
        if (aFrom > aTo || bFrom > bTo || aFrom < 0 || bFrom < 0 || aTo > src.size() || bTo > src.size()) {
            throw new ArrayIndexOutOfBoundsException("keys " + aFrom + ".." + aTo + ", " + bFrom + ".." + bTo + " of " + src.size());
        }
        int fromSrc = (aTo - aFrom) + (bTo - bFrom);
        int count = fromSrc + (mid == null ? 0 : 1);
        if (count == 0) return Keys.EMPTY;
        int p;
        if (fromSrc == 0) p = mid.length;
        else if (mid == null) p = src.prefix;
        else p = common(src.bytes, src.prefix, mid);
        int total = p;
        for (int i = aFrom; i < aTo; i++) total += src.length(i) - p;
        for (int i = bFrom; i < bTo; i++) total += src.length(i) - p;
        if (mid != null) total += mid.length - p;
        byte[] bytes = new byte[total];
        System.arraycopy(fromSrc == 0 ? mid : src.bytes, 0, bytes, 0, p);
        int[] ends = new int[count];
        int at = p;
        int n = 0;
        for (int i = aFrom; i < aTo; i++) {
            at = copyRest(src, i, p, bytes, at);
            ends[n++] = at;
        }
        if (mid != null) {
            System.arraycopy(mid, p, bytes, at, mid.length - p);
            at += mid.length - p;
            ends[n++] = at;
        }
        for (int i = bFrom; i < bTo; i++) {
            at = copyRest(src, i, p, bytes, at);
            ends[n++] = at;
        }
        return new Keys(bytes, p, ends);
    }

    /** Copies key {@code i} of {@code src} from byte {@code p} on (p no more than its prefix) to {@code at}. */
    private static int copyRest(Keys src, int i, int p, byte[] out, int at) {
        int head = src.prefix - p;
        System.arraycopy(src.bytes, p, out, at, head);
        int s = src.start(i);
        int len = src.ends[i] - s;
        System.arraycopy(src.bytes, s, out, at + head, len);
        return at + head + len;
    }
}

package dev.postern.index;

/**
 * The keys of every document this process has written to an index that held no live document when this process
 * opened it: so a key not here is in no document, and its message can be added without a delete of its key (Lucene
 * buffers each update's delete term, then sorts and looks up every one at a flush: about a sixth of the index
 * thread's CPU in a 20k listing into an empty data directory). It holds 64-bit hashes of the keys: two keys that
 * share one only make the second an update, never an add. The set only grows (a delete, a lost commit or a
 * writer reopened after a full disk leaves a key here, and an update is always right); once it would grow past
 * {@link #MAX} it is dropped, and every write is an update again.
 */
final class KeysWritten {
    /** At most this many keys (a 2 MB table): beyond, a big import's writes are updates, as before. */
    static final int MAX = 1 << 17;
    private long[] table = new long[1 << 12];
    private int size;
    private boolean zero; // the hash 0 marks an empty slot: is it one of the keys?

    /**
     * Records {@code key}; true when it is certainly in no document (never written before), false when it may be,
     * or when the set is full: then the caller drops this set for good (a key not recorded may be in a document).
     */
    boolean add(String key) {
        long h = hash(key);
        if (h == 0) {
            if (zero) return false;
            zero = true;
            return true;
        }
        int mask = table.length - 1;
        for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
            if (table[i] == h) return false;
            if (table[i] == 0) {
                if (size >= MAX) return false;
                table[i] = h;
                if (++size * 2 > table.length) grow();
                return true;
            }
        }
    }

    /** Whether the set is full: a key it did not record may be in a document, so it says nothing from now on. */
    boolean full() {
        return size >= MAX;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        int mask = table.length - 1;
        for (long h : old) {
            if (h == 0) continue;
            int i = mix(h) & mask;
            while (table[i] != 0) i = (i + 1) & mask;
            table[i] = h;
        }
    }

    private static int mix(long h) {
        return (int) (h ^ (h >>> 29) ^ (h >>> 43));
    }

    /** FNV-1a over the key's chars, 64 bits. */
    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}

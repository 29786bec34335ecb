package dev.postern.thread;

/** Longs to non-negative ints: open addressing over two primitive arrays (no boxed keys). Not thread-safe. */
final class LongIntMap {
    private long[] keys;
    private int[] values; // value + 1; 0: empty
    private int size;

    LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        keys = new long[cap];
        values = new int[cap];
    }

    private static int slot(long k, int mask) {
        return (int) (k ^ (k >>> 32)) & mask;
    }

    /** The value of {@code k}, or -1. */
    int get(long k) {
        int mask = keys.length - 1;
        for (int i = slot(k, mask); ; i = (i + 1) & mask) {
            if (values[i] == 0) return -1;
            if (keys[i] == k) return values[i] - 1;
        }
    }

    void put(long k, int v) {
        if ((size + 1) * 2 > keys.length) grow();
        int mask = keys.length - 1;
        for (int i = slot(k, mask); ; i = (i + 1) & mask) {
            if (values[i] == 0) {
                keys[i] = k;
                values[i] = v + 1;
                size++;
                return;
            }
            if (keys[i] == k) {
                values[i] = v + 1;
                return;
            }
        }
    }

    int size() { return size; }

    private void grow() {
        long[] ok = keys;
        int[] ov = values;
        keys = new long[ok.length * 2];
        values = new int[ov.length * 2];
        size = 0;
        for (int i = 0; i < ok.length; i++) if (ov[i] != 0) put(ok[i], ov[i] - 1);
    }
}

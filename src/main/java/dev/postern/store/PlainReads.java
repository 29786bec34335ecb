package dev.postern.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A read of a whole folder's envelopes (the reader's threads or sort of 100,000 messages, {@link MapDbStore#page} of
 * a big page) that leaves {@link FileVolume}'s cache of hot pages as it was: what it misses there is read from the
 * file in blocks of 32 KB of which the last 32 are kept for the length of one {@link #run} (records written together
 * lie together), then dropped. Through the cache, 100,000 envelopes would push out every page a screen or a sync
 * reads again; through the mapping the store had before, they stayed resident in the process (27 MB). The caller
 * holds the store's read lock for the whole of {@code run}, so the blocks cannot go stale.
 */
final class PlainReads {
    private static final ThreadLocal<Blocks> BLOCKS = new ThreadLocal<>();

    private PlainReads() {}

    /** Runs {@code read} with this thread's misses of the store's page cache read in blocks of its own. */
    static <T> T run(Supplier<T> read) {
        if (BLOCKS.get() != null) return read.get();
        BLOCKS.set(new Blocks());
        try {
            return read.get();
        } finally {
            BLOCKS.remove();
        }
    }

    /** Whether this thread is inside {@link #run}. */
    static boolean active() {
        return BLOCKS.get() != null;
    }

    /** Reads {@code size} bytes of {@code volume} at {@code offset}, within its length, through this thread's blocks. */
    static void read(FileVolume volume, long offset, byte[] out, int pos, int size) {
        Blocks blocks = BLOCKS.get();
        if (blocks.volume != volume) {
            blocks.clear();
            blocks.volume = volume;
        }
        int done = 0;
        while (done < size) {
            long at = offset + done;
            long no = at / Blocks.SIZE;
            int in = (int) (at % Blocks.SIZE);
            byte[] block = blocks.get(no);
            if (block == null) {
                long from = no * Blocks.SIZE;
                block = new byte[(int) Math.max(0, Math.min(Blocks.SIZE, volume.length() - from))];
                int n = volume.readFile(from, block, 0, block.length);
                if (n < block.length) block = java.util.Arrays.copyOf(block, n);
                blocks.put(no, block);
            }
            int n = Math.min(size - done, Blocks.SIZE - in);
            if (in + n > block.length) {
                throw new org.mapdb.DBException.VolumeEOF("store file ends before offset " + (at + n));
            }
            System.arraycopy(block, in, out, pos + done, n);
            done += n;
        }
    }

    /** The blocks of the file one {@link #run} has read, the last {@link #KEPT} of them. */
    private static final class Blocks extends LinkedHashMap<Long, byte[]> {
        static final int SIZE = 32 * 1024;
        static final int KEPT = 32;
        FileVolume volume;

        Blocks() {
            super(KEPT * 2, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > KEPT;
        }
    }
}

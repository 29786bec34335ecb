package dev.postern.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.mapdb.DBException;

/**
 * Reads of a memory-mapped store file that go around the mapping, for a read of a whole folder's envelopes (the
 * reader's threads or sort of 100,000 messages, {@link MapDbStore#page} of a big page). Through the mapping, every page
 * such a read touches stays resident in the process: 27 MB of RSS for 100,000 envelopes, kept after the read. Read
 * with positional reads instead, the data passes through the kernel's page cache, which RSS does not count, in blocks
 * of 32 KB of which the last 32 are kept for the length of one {@link #run} (records written together lie together).
 * The caller holds the store's read lock for the whole of {@code run}, so the blocks cannot go stale.
 * {@link JournaledVolume} asks {@link #active} on each read; page copies of a pending commit still come first.
 */
final class PlainReads {
    private static final ThreadLocal<Blocks> BLOCKS = new ThreadLocal<>();
    private final FileChannel channel;

    PlainReads(Path file) {
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
    }

    /** Runs {@code read} with this thread's reads of a mapped store file made around the mapping. */
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

    void read(long offset, byte[] out, int pos, int size) {
        Blocks blocks = BLOCKS.get();
        int done = 0;
        while (done < size) {
            long at = offset + done;
            long no = at / Blocks.SIZE;
            int in = (int) (at % Blocks.SIZE);
            byte[] block = blocks == null ? null : blocks.get(no);
            if (block == null) {
                block = readBlock(no * Blocks.SIZE);
                if (blocks != null) blocks.put(no, block);
            }
            int n = Math.min(size - done, Blocks.SIZE - in);
            if (in + n > block.length) throw new DBException.VolumeIOError(new EOFException("store file ends before offset " + (at + n)));
            System.arraycopy(block, in, out, pos + done, n);
            done += n;
        }
    }

    private byte[] readBlock(long from) {
        try {
            ByteBuffer b = ByteBuffer.allocate((int) Math.max(0, Math.min(Blocks.SIZE, channel.size() - from)));
            while (b.hasRemaining()) {
                if (channel.read(b, from + b.position()) < 0) break;
            }
            return b.position() == b.capacity() ? b.array() : java.util.Arrays.copyOf(b.array(), b.position());
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // only reads went through it
        }
    }

    /** The blocks of the file one {@link #run} has read, the last {@link #KEPT} of them. */
    private static final class Blocks extends LinkedHashMap<Long, byte[]> {
        static final int SIZE = 32 * 1024;
        static final int KEPT = 32;

        Blocks() {
            super(KEPT * 2, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > KEPT;
        }
    }
}

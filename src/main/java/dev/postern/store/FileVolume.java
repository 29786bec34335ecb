package dev.postern.store;

import java.io.File;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicLong;
import org.mapdb.DBException;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;

/**
 * The store file's volume: positional reads and writes of the file, with a bounded cache of its hot 4 KiB pages in
 * the heap, instead of MapDB's memory-mapped volume.
 *
 * <p>Why: through the mapping, every page of the file a process had read or written stayed resident in it for good
 * (RSS counts a mapped file's pages), so a sync's memory grew with the store: one MiB of RSS per MiB stored, 20 MB at
 * 20,000 messages, and the kernel's fault-around mapped up to 64 KB of neighbours for every page touched. Read and
 * written with system calls, the file's data passes through the kernel's page cache, which no process's RSS counts
 * and which the kernel drops under pressure; what the process keeps is this cache, {@link #CACHE_PAGES} pages at most.
 * And a file that is not mapped cannot be unmapped under a reader (a use after unmap is a JVM crash), nor turn a
 * write on a full disk into a SIGBUS.
 *
 * <p>The cache serves reads of up to {@link #CACHED_READ} bytes (MapDB's index slots, B-tree nodes, free lists:
 * what a commit and a look-up read again and again); a bigger read (a body, a long record) goes to the file whole and
 * is not kept. It is two-way set-associative over one array allocated at open: nothing is allocated per page it keeps,
 * so it makes no garbage for the collector. It is write-through: a write goes to the file first, then to
 * the pages the cache holds, so the file is always what a read not served by the cache must see. A page read from
 * the file while a write ran is not kept ({@link #writes}). Inside {@link PlainReads#run} (a folder read whole) a
 * miss is read in the thread's own blocks and not kept either, so a bulk read does not push out the hot pages.
 *
 * <p>The file keeps the mapped volume's shape (whole 1 MiB slices), so a store written by an older postern opens
 * unchanged and the other way round. Commits stay {@link JournaledVolume}'s: it writes a commit's pages here through
 * {@link #writePages} only after its journal is sealed and forced.
 */
final class FileVolume extends Volume {
    static final int PAGE = JournaledVolume.PAGE;
    /** The cache's size in pages: 2 MiB. */
    static final int CACHE_PAGES = Integer.getInteger("postern.store.cachePages", 512);
    /** Reads of up to this many bytes go through the cache. */
    static final int CACHED_READ = 4 * PAGE;
    /** The most one system call moves: the JDK copies a heap buffer through a direct one of that size, kept per thread. */
    private static final int CHUNK = 64 * 1024;
    private static final int STRIPES = 64;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[PAGE]);

    private final File file;
    /** Opened again when an interrupt closed it ({@link #io}). */
    private volatile FileChannel channel;
    private final boolean readOnly;
    private final int sliceShift;
    private volatile long length;
    /** Counts writes begun: a page read from the file is kept only if no write began meanwhile. */
    private final AtomicLong writes = new AtomicLong();

    // The cache: set s holds pages tags[2s] and tags[2s+1] (-1: none) at arena offsets (2s+w)*PAGE; victim[s] is the
    // way a miss in s replaces (the one used less recently). A set is read and changed under locks[s % STRIPES].
    private final int setMask;
    private final long[] tags;
    private final byte[] victim;
    private final byte[] arena;
    private final Object[] locks = new Object[STRIPES];

    FileVolume(File file, boolean readOnly, int sliceShift, long initSize, int cachePages) {
        this.file = file;
        this.readOnly = readOnly;
        this.sliceShift = sliceShift;
        int sets = Integer.highestOneBit(Math.max(STRIPES, cachePages / 2));
        setMask = sets - 1;
        tags = new long[2 * sets];
        java.util.Arrays.fill(tags, -1);
        victim = new byte[sets];
        arena = new byte[2 * sets * PAGE];
        for (int i = 0; i < STRIPES; i++) locks[i] = new Object();
        try {
            channel = open(file, readOnly);
            length = channel.size();
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
        if (initSize > length && !readOnly) ensureAvailable(initSize);
    }

    private static FileChannel open(File file, boolean readOnly) throws IOException {
        return readOnly ? FileChannel.open(file.toPath(), StandardOpenOption.READ)
                : FileChannel.open(file.toPath(), StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
    }

    private interface ChannelIo<T> {
        T run(FileChannel c) throws IOException;
    }

    /**
     * {@code io} on the file's channel, whatever the thread's interrupt flag ({@link Uninterruptible}): a channel an
     * interrupt closed (this thread's, or another's while this one read) is opened again and {@code io} done again.
     */
    private <T> T io(ChannelIo<T> io) throws IOException {
        return Uninterruptible.run(() -> {
            for (int i = 1; ; i++) {
                FileChannel c = channel;
                try {
                    return io.run(c);
                } catch (java.nio.channels.ClosedByInterruptException e) {
                    reopen(c);
                    throw e; // Uninterruptible begins it again, with the flag cleared
                } catch (java.nio.channels.ClosedChannelException e) {
                    // Closed under this thread by another thread's interrupt (or by close(): then it stays closed).
                    if (closed.get() || i >= Uninterruptible.TRIES) throw e;
                    reopen(c);
                }
            }
        });
    }

    /** A new channel in place of {@code failed}, unless another thread made one already or the volume is closed. */
    private synchronized void reopen(FileChannel failed) throws IOException {
        if (channel != failed || closed.get()) return;
        channel = open(file, readOnly);
    }

    // ---- the cache ----

    private static int set(long page, int mask) {
        return (int) ((page * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }

    /** The arena offset of {@code page} if the cache holds it, else -1. Under the set's lock; marks it used. */
    private int find(int set, long page) {
        int way = 2 * set;
        if (tags[way] == page) {
            victim[set] = 1;
            return way * PAGE;
        }
        if (tags[way + 1] == page) {
            victim[set] = 0;
            return (way + 1) * PAGE;
        }
        return -1;
    }

    /**
     * Copies {@code size} bytes at {@code offset}, within one page, into {@code out}: from the cache, or from the file
     * (the page then kept unless a write began meanwhile, or the thread is in {@link PlainReads#run}).
     */
    private void readInPage(long offset, byte[] out, int pos, int size) {
        long page = offset / PAGE;
        int in = (int) (offset % PAGE);
        int set = set(page, setMask);
        Object lock = locks[set & (STRIPES - 1)];
        synchronized (lock) {
            int at = find(set, page);
            if (at >= 0) {
                System.arraycopy(arena, at + in, out, pos, size);
                return;
            }
        }
        if (PlainReads.active()) {
            PlainReads.read(this, offset, out, pos, size);
            return;
        }
        long before = writes.get();
        byte[] scratch = SCRATCH.get();
        int n = readFile(page * PAGE, scratch, 0, (int) Math.min(PAGE, length - page * PAGE));
        if (in + size > n) throw beyond(offset + size);
        System.arraycopy(scratch, in, out, pos, size);
        synchronized (lock) {
            if (writes.get() != before || find(set, page) >= 0) return;
            int way = 2 * set + victim[set];
            tags[way] = page;
            System.arraycopy(scratch, 0, arena, way * PAGE, n);
            if (n < PAGE) java.util.Arrays.fill(arena, way * PAGE + n, (way + 1) * PAGE, (byte) 0);
            victim[set] ^= 1;
        }
    }

    /** Reads {@code size} bytes at {@code offset} into {@code out}: through the cache if small, else from the file. */
    private void read(long offset, byte[] out, int pos, int size) {
        if (offset < 0 || size < 0 || offset + size > length) throw beyond(offset + size);
        if (size > CACHED_READ) {
            if (readFile(offset, out, pos, size) < size) throw beyond(offset + size);
            return;
        }
        while (size > 0) {
            int n = (int) Math.min(size, PAGE - offset % PAGE);
            readInPage(offset, out, pos, n);
            offset += n;
            pos += n;
            size -= n;
        }
    }

    /** Positional reads into {@code out} until {@code size} bytes or the end of the file; returns how many were read. */
    int readFile(long offset, byte[] out, int pos, int size) {
        int done = 0;
        try {
            while (done < size) {
                int from = pos + done;
                int len = Math.min(CHUNK, size - done);
                long at = offset + done;
                // A fresh buffer for every try: one an interrupt ended may have moved on.
                int n = io(c -> c.read(ByteBuffer.wrap(out, from, len), at));
                if (n < 0) break;
                done += n;
            }
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
        return done;
    }

    private DBException.VolumeEOF beyond(long offset) {
        return new DBException.VolumeEOF("Get/Set beyond file size. Requested offset: " + offset + ", volume size: " + length);
    }

    // ---- reads ----

    @Override
    public long getLong(long offset) {
        if (offset >= 0 && offset % PAGE <= PAGE - 8 && offset + 8 <= length) {
            long page = offset / PAGE;
            int set = set(page, setMask);
            synchronized (locks[set & (STRIPES - 1)]) {
                int at = find(set, page);
                if (at >= 0) return (long) LONG.get(arena, at + (int) (offset % PAGE));
            }
        }
        byte[] b = new byte[8];
        read(offset, b, 0, 8);
        return (long) LONG.get(b, 0);
    }

    @Override
    public int getInt(long offset) {
        byte[] b = new byte[4];
        read(offset, b, 0, 4);
        return (int) INT.get(b, 0);
    }

    @Override
    public byte getByte(long offset) {
        if (offset >= 0 && offset < length) {
            long page = offset / PAGE;
            int set = set(page, setMask);
            synchronized (locks[set & (STRIPES - 1)]) {
                int at = find(set, page);
                if (at >= 0) return arena[at + (int) (offset % PAGE)];
            }
        }
        byte[] b = new byte[1];
        read(offset, b, 0, 1);
        return b[0];
    }

    @Override
    public DataInput2 getDataInput(long offset, int size) {
        byte[] b = new byte[size];
        read(offset, b, 0, size);
        return new DataInput2.ByteArray(b);
    }

    @Override
    public void getData(long offset, byte[] bytes, int bytesPos, int size) {
        read(offset, bytes, bytesPos, size);
    }

    /**
     * Copies page {@code page} into {@code out} (a whole page; zeros past the end of the file) from the cache or the
     * file, without keeping it: {@link JournaledVolume}'s copy of a page a commit is about to change.
     */
    void copyPage(long page, byte[] out) {
        int set = set(page, setMask);
        synchronized (locks[set & (STRIPES - 1)]) {
            int at = find(set, page);
            if (at >= 0) {
                System.arraycopy(arena, at, out, 0, PAGE);
                return;
            }
        }
        long start = page * PAGE;
        int n = start < length ? readFile(start, out, 0, (int) Math.min(PAGE, length - start)) : 0;
        java.util.Arrays.fill(out, n, PAGE, (byte) 0);
    }

    // ---- writes: to the file, then to the pages the cache holds ----

    @Override
    public void putLong(long offset, long value) {
        byte[] b = new byte[8];
        LONG.set(b, 0, value);
        write(offset, b, 0, 8);
    }

    @Override
    public void putInt(long offset, int value) {
        byte[] b = new byte[4];
        INT.set(b, 0, value);
        write(offset, b, 0, 4);
    }

    @Override
    public void putByte(long offset, byte value) {
        write(offset, new byte[] {value}, 0, 1);
    }

    @Override
    public void putData(long offset, byte[] src, int srcPos, int srcSize) {
        write(offset, src, srcPos, srcSize);
    }

    @Override
    public void putData(long offset, ByteBuffer buf) {
        byte[] b = new byte[buf.remaining()];
        buf.get(b);
        write(offset, b, 0, b.length);
    }

    @Override
    public void clear(long startOffset, long endOffset) {
        byte[] zeros = new byte[(int) Math.min(CHUNK, Math.max(0, endOffset - startOffset))];
        for (long at = startOffset; at < endOffset; ) {
            int n = (int) Math.min(zeros.length, endOffset - at);
            write(at, zeros, 0, n);
            at += n;
        }
    }

    private void write(long offset, byte[] src, int pos, int size) {
        if (readOnly) throw new IllegalAccessError("read-only volume");
        if (offset < 0 || offset + size > length) throw beyond(offset + size);
        writes.incrementAndGet();
        writeFile(offset, src, pos, size);
        while (size > 0) {
            long page = offset / PAGE;
            int in = (int) (offset % PAGE);
            int n = Math.min(size, PAGE - in);
            int set = set(page, setMask);
            synchronized (locks[set & (STRIPES - 1)]) {
                int at = find(set, page);
                if (at >= 0) System.arraycopy(src, pos, arena, at + in, n);
            }
            offset += n;
            pos += n;
            size -= n;
        }
    }

    private void writeFile(long offset, byte[] src, int pos, int size) {
        try {
            for (int done = 0; done < size; ) {
                int from = pos + done;
                int len = Math.min(CHUNK, size - done);
                long at = offset + done;
                // A fresh buffer for every try: one an interrupt ended may have written part of it.
                done += io(c -> c.write(ByteBuffer.wrap(src, from, len), at));
            }
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
    }

    /**
     * Writes whole pages (page number to its {@link #PAGE} bytes) into the file, runs of adjacent pages in one system
     * call, and into the cache where it holds them; nothing past {@link #length()}. {@link JournaledVolume}'s copy of a
     * sealed commit into the file.
     */
    void writePages(SortedMap<Long, byte[]> pages) {
        if (readOnly) throw new IllegalAccessError("read-only volume");
        writes.incrementAndGet();
        byte[] run = new byte[CHUNK];
        long runStart = -1;
        int runLength = 0;
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            long start = e.getKey() * PAGE;
            int n = (int) Math.min(PAGE, length - start);
            if (n <= 0) continue;
            if (runLength > 0 && (runStart + runLength != start || runLength + n > run.length)) {
                writeFile(runStart, run, 0, runLength);
                runLength = 0;
            }
            if (runLength == 0) runStart = start;
            System.arraycopy(e.getValue(), 0, run, runLength, n);
            runLength += n;
        }
        if (runLength > 0) writeFile(runStart, run, 0, runLength);
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            long page = e.getKey();
            int set = set(page, setMask);
            synchronized (locks[set & (STRIPES - 1)]) {
                int at = find(set, page);
                if (at >= 0) System.arraycopy(e.getValue(), 0, arena, at, PAGE);
            }
        }
    }

    // ---- the file ----

    /** Grows the file to whole slices covering {@code offset} (zeros written: real blocks, never a hole). */
    @Override
    public synchronized void ensureAvailable(long offset) {
        long slice = 1L << sliceShift;
        long to = (offset + slice - 1) / slice * slice;
        if (to <= length) return;
        try {
            long size = io(FileChannel::size);
            if (size < to) {
                ByteBuffer zeros = ByteBuffer.allocate(CHUNK);
                for (long at = size; at < to; ) {
                    long where = at;
                    at += io(c -> {
                        zeros.clear();
                        zeros.limit((int) Math.min(CHUNK, to - where));
                        return c.write(zeros, where);
                    });
                }
            }
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
        length = to;
    }

    /** As MapDB's mapped volume: keeps whole slices up to the one holding {@code size}. */
    @Override
    public synchronized void truncate(long size) {
        long slice = 1L << sliceShift;
        long to = (1 + (size >>> sliceShift)) * slice;
        if (to == length) return;
        if (to > length) {
            ensureAvailable(size);
            return;
        }
        writes.incrementAndGet();
        for (Object lock : locks) {
            synchronized (lock) {
                for (int i = 0; i < tags.length; i++) {
                    if (tags[i] >= to / PAGE && locks[(i / 2) & (STRIPES - 1)] == lock) tags[i] = -1;
                }
            }
        }
        try {
            io(c -> c.truncate(to));
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
        length = to;
    }

    @Override
    public void sync() {
        if (readOnly) return;
        try {
            io(c -> {
                c.force(true);
                return null;
            });
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            channel.close();
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
    }

    @Override public int sliceSize() { return 1 << sliceShift; }
    @Override public boolean isSliced() { return true; }
    @Override public long length() { return length; }
    @Override public boolean isReadOnly() { return readOnly; }
    @Override public File getFile() { return file; }
    @Override public boolean getFileLocked() { return false; }
}

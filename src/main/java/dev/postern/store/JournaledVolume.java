package dev.postern.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.mapdb.DBException;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store file's volume, making every MapDB commit all-or-nothing against a process killed at any
 * instant (and, with the fsyncs in order, against a power cut).
 *
 * <p>Why it exists: MapDB 3.1's transactional store ({@code StoreWAL}) writes a commit into its log, then
 * copies the changed records, index slots and free lists into the main file one by one, syncs, and deletes
 * the log. It never replays that log when a store opens, and the log does not even hold the index slots. A
 * process killed while the copy runs (milliseconds per commit, so a cron job killed at random finds it)
 * leaves a file with half a commit in it: B-tree nodes pointing at records of the next state, which fail as
 * {@code NegativeArraySizeException}, {@code IndexOutOfBoundsException} or a walk that never ends.
 *
 * <p>What it does: between two {@link #sync()}s (StoreWAL syncs the main file exactly once per commit,
 * after copying) no write reaches the file. Writes land in private copies of the 4 KiB pages they touch and
 * reads see those copies. {@code sync()} then writes every touched page to {@code NAME.journal}, with a
 * CRC-32C and a closing seal, forces it to disk, copies the pages into the file, syncs the file, and only
 * then deletes the journal. Opening a store first {@link #recover recovers}: a sealed journal whose checksum
 * holds is copied in again (copying a page twice gives the same page), any other journal is a commit that
 * never touched the file and is dropped. So the file always holds one whole commit or the next.
 *
 * <p>Outside a commit StoreWAL only reads this volume; a commit holds MapDB's write locks on every segment,
 * so no read runs while pages are pending. The methods that touch the pages are synchronized all the same.
 */
final class JournaledVolume extends ForwardingVolume {
    private static final Logger LOG = LoggerFactory.getLogger(JournaledVolume.class);
    static final String SUFFIX = ".journal";
    static final int PAGE = 4096;
    private static final long MAGIC = 0x706f737465726e4aL; // "posternJ"
    private static final long SEAL = 0x6a6f75726e616c21L;  // "journal!"
    private static final int FORMAT = 1;

    private final Path journal;
    private final TreeMap<Long, byte[]> pages = new TreeMap<>();
    private volatile boolean pending;
    private long end;
    /**
     * A commit failed before its journal was sealed (the file's growth or the journal's write: a full disk): the pages
     * hold a commit the file never got, which {@link #discardFailedCommit} drops.
     */
    private boolean failedUnsealed;

    JournaledVolume(Volume delegate, Path journal) {
        super(delegate, true);
        this.journal = journal;
    }

    static Path journalOf(Path file) {
        return StoreFiles.sibling(file, SUFFIX);
    }

    /**
     * Grows the file with real blocks before a commit's pages are copied in: so a commit finds its space
     * taken before its journal is sealed (and, for a memory-mapped delegate, a mapped write into a hole on a
     * full disk is a SIGBUS that no code can clean up after; a plain write fails as "no space", 74). A growth cut short by a full disk is undone, so the file keeps a whole number of slices.
     */
    @Override
    public synchronized void ensureAvailable(long offset) {
        long before = delegate.length();
        try {
            if (offset > before && delegate.getFile() != null) {
                int slice = delegate.sliceSize();
                long to = slice > 0 ? (offset + slice - 1) / slice * slice : offset;
                allocate(delegate.getFile().toPath(), before, to);
            }
            delegate.ensureAvailable(offset);
        } catch (RuntimeException e) {
            if (pending) failedUnsealed = true; // StoreWAL grows the file within its commit, its header already written here
            throw e;
        }
    }

    private static void allocate(Path file, long from, long to) {
        try {
            Uninterruptible.run(() -> { // begun again whole if an interrupt ends it
                allocateOnce(file, from, to);
                return null;
            });
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
    }

    private static void allocateOnce(Path file, long from, long to) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
            try {
                // The new length first, in one write of its last byte: a kill during the filling below must
                // not leave a file cut between two slices (which an open takes for a cut-off store).
                ch.write(ByteBuffer.allocate(1), to - 1);
                for (long at = from; at < to - 1; ) {
                    zeros.clear();
                    zeros.limit((int) Math.min(zeros.capacity(), to - 1 - at));
                    at += ch.write(zeros, at);
                }
            } catch (java.nio.channels.ClosedByInterruptException e) {
                throw e; // the channel is closed; the next try fills the file again
            } catch (IOException e) {
                ch.truncate(from);
                throw e;
            }
        }
    }

    // ---- writes: into page copies ----

    @Override
    public void putLong(long offset, long value) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) value;
            value >>>= 8;
        }
        write(offset, b, 0, 8);
    }

    @Override
    public void putInt(long offset, int value) {
        write(offset, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value}, 0, 4);
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
    public void putDataOverlap(long offset, byte[] src, int srcPos, int srcSize) {
        write(offset, src, srcPos, srcSize);
    }

    @Override
    public void clearOverlap(long startOffset, long endOffset) {
        clear(startOffset, endOffset);
    }

    @Override
    public void clear(long startOffset, long endOffset) {
        byte[] zeros = new byte[PAGE];
        for (long at = startOffset; at < endOffset; ) {
            int n = (int) Math.min(PAGE, endOffset - at);
            write(at, zeros, 0, n);
            at += n;
        }
    }

    @Override
    public synchronized void truncate(long size) {
        pages.tailMap(size / PAGE + (size % PAGE == 0 ? 0 : 1), true).clear();
        pending = !pages.isEmpty();
        end = Math.min(end, size);
        delegate.truncate(size);
    }

    private synchronized void write(long offset, byte[] src, int pos, int len) {
        if (len <= 0) return;
        end = Math.max(end, offset + len);
        while (len > 0) {
            long no = offset / PAGE;
            int in = (int) (offset % PAGE);
            int n = Math.min(len, PAGE - in);
            System.arraycopy(src, pos, page(no), in, n);
            offset += n;
            pos += n;
            len -= n;
        }
        pending = true;
    }

    private byte[] page(long no) {
        byte[] page = pages.get(no);
        if (page == null) {
            page = new byte[PAGE];
            if (delegate instanceof FileVolume) {
                ((FileVolume) delegate).copyPage(no, page); // not kept in its cache: most are new space
            } else {
                long start = no * PAGE;
                long available = delegate.length() - start;
                if (available > 0) delegate.getData(start, page, 0, (int) Math.min(PAGE, available));
            }
            pages.put(no, page);
        }
        return page;
    }

    // ---- reads: through the page copies while a commit is pending ----

    @Override
    public long getLong(long offset) {
        if (!pending) return delegate.getLong(offset);
        byte[] b = read(offset, 8);
        long v = 0;
        for (byte x : b) v = (v << 8) | (x & 0xff);
        return v;
    }

    @Override
    public int getInt(long offset) {
        if (!pending) return delegate.getInt(offset);
        byte[] b = read(offset, 4);
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    @Override
    public byte getByte(long offset) {
        if (!pending) return delegate.getByte(offset);
        return read(offset, 1)[0];
    }

    @Override
    public DataInput2 getDataInput(long offset, int size) {
        if (!pending) return delegate.getDataInput(offset, size);
        return new DataInput2.ByteArray(read(offset, size));
    }

    @Override
    public DataInput2 getDataInputOverlap(long offset, int size) {
        if (!pending) return delegate.getDataInputOverlap(offset, size);
        return new DataInput2.ByteArray(read(offset, size));
    }

    @Override
    public void getData(long offset, byte[] bytes, int bytesPos, int size) {
        if (!pending) {
            delegate.getData(offset, bytes, bytesPos, size);
            return;
        }
        byte[] b = read(offset, size);
        System.arraycopy(b, 0, bytes, bytesPos, size);
    }

    private synchronized byte[] read(long offset, int size) {
        byte[] out = new byte[size];
        int done = 0;
        while (done < size) {
            long at = offset + done;
            long no = at / PAGE;
            int in = (int) (at % PAGE);
            int n = Math.min(size - done, PAGE - in);
            byte[] page = pages.get(no);
            if (page != null) {
                System.arraycopy(page, in, out, done, n);
            } else {
                delegate.getData(at, out, done, n);
            }
            done += n;
        }
        return out;
    }

    // ---- commit ----

    /** Journal, force, copy into the file, sync the file, drop the journal: see the class comment. */
    @Override
    public synchronized void sync() {
        if (!pending) {
            delegate.sync();
            return;
        }
        ensureAvailable(end);
        try {
            writeJournal();
        } catch (IOException | RuntimeException e) {
            failedUnsealed = true;
            dropJournal(journal); // unsealed: no open would take it, and on a full disk its space is wanted back
            throw e instanceof IOException io ? new DBException.VolumeIOError(io) : (RuntimeException) e;
        }
        copyIn();
        delegate.sync();
        pages.clear();
        pending = false;
        end = 0;
        dropJournal(journal);
    }

    /**
     * Forgets the pages of a commit that failed before its journal was sealed ({@link #failedUnsealed}), so that reads
     * see the file as the last commit left it again; whether there was one. A commit that failed later (its journal
     * sealed, the copy into the file cut) is on disk as far as an open goes, and stays.
     */
    synchronized boolean discardFailedCommit() {
        if (!failedUnsealed) return false;
        pages.clear();
        pending = false;
        end = 0;
        failedUnsealed = false;
        return true;
    }

    /** Copies the pending pages into the file; the step a kill may cut short. Package-private for tests. */
    void copyIn() {
        if (delegate instanceof FileVolume) {
            ((FileVolume) delegate).writePages(pages);
            return;
        }
        long length = delegate.length();
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            long start = e.getKey() * PAGE;
            int n = (int) Math.min(PAGE, length - start);
            if (n > 0) delegate.putData(start, e.getValue(), 0, n);
        }
    }

    /** Writes and forces the journal of the pending pages. Package-private for tests. */
    void writeJournal() throws IOException {
        // Begun again whole if an interrupt ends it (the journal is written afresh each time: TRUNCATE_EXISTING).
        Uninterruptible.run(() -> {
            writeJournalOnce();
            return null;
        });
    }

    private void writeJournalOnce() throws IOException {
        boolean fresh = !Files.exists(journal);
        if (fresh && StoreFiles.posix()) {
            Files.createFile(journal, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            CRC32C crc = new CRC32C();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(
                    new BufferedOutputStream(Channels.newOutputStream(ch), 64 * 1024), crc));
            out.writeLong(MAGIC);
            out.writeInt(FORMAT);
            out.writeLong(delegate.length());
            out.writeInt(pages.size());
            for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
                out.writeLong(e.getKey());
                out.write(e.getValue());
            }
            out.flush();
            long sum = crc.getValue();
            out.writeLong(sum);
            out.writeLong(SEAL);
            out.flush();
            ch.force(true);
        }
        if (fresh) StoreFiles.syncDirectory(journal.getParent());
    }

    /**
     * Finishes the commit a killed process left in {@code file}'s journal, if it was sealed, and removes the
     * journal either way. Called before the file is opened, so nothing else has it mapped.
     */
    static void recover(Path file) {
        Path journal = journalOf(file);
        if (!Files.exists(journal)) return;
        try {
            if (!Files.exists(file)) {
                dropJournal(journal);
                return;
            }
            long end = sealed(journal);
            if (end < 0) {
                LOG.info("dropped {}: a commit that stopped before it reached {}", journal, file);
            } else {
                replay(journal, file, end);
                LOG.info("finished the commit a stopped postern left in {}", journal);
            }
            dropJournal(journal);
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
    }

    /** The file length a sealed, intact journal was written for; -1 for one cut short or damaged. */
    private static long sealed(Path journal) throws IOException {
        CRC32C crc = new CRC32C();
        try (DataInputStream in = new DataInputStream(new CheckedInputStream(
                new BufferedInputStream(Files.newInputStream(journal), 64 * 1024), crc))) {
            if (in.readLong() != MAGIC || in.readInt() != FORMAT) return -1;
            long end = in.readLong();
            int count = in.readInt();
            if (end < 0 || count < 0) return -1;
            byte[] page = new byte[PAGE];
            for (int i = 0; i < count; i++) {
                if (in.readLong() < 0) return -1;
                in.readFully(page);
            }
            long expected = crc.getValue();
            if (in.readLong() != expected || in.readLong() != SEAL) return -1;
            return end;
        } catch (EOFException e) {
            return -1;
        }
    }

    private static void replay(Path journal, Path file, long end) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(journal), 64 * 1024));
             FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            in.readLong();
            in.readInt();
            in.readLong();
            int count = in.readInt();
            byte[] page = new byte[PAGE];
            // The file had grown to this length before the journal was written; a power cut may have lost
            // the growth, so it is made again (a store's length is whole MiB).
            long length = end;
            if (ch.size() < length) ch.write(ByteBuffer.allocate(1), length - 1);
            for (int i = 0; i < count; i++) {
                long start = in.readLong() * PAGE;
                in.readFully(page);
                int n = (int) Math.min(PAGE, length - start);
                ByteBuffer buf = ByteBuffer.wrap(page, 0, Math.max(0, n));
                while (buf.hasRemaining()) ch.write(buf, start + buf.position());
            }
            ch.force(true);
        }
    }

    private static void dropJournal(Path journal) {
        try {
            Files.deleteIfExists(journal);
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            // A sealed journal left behind is replayed at the next open, which writes the same pages again.
            LOG.warn("could not remove {} ({}); it is replayed harmlessly at the next open", journal, e.getMessage());
        }
    }

}

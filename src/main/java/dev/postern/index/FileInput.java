package dev.postern.index;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.lucene.store.BufferedIndexInput;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;

/**
 * An index file read through a {@link RandomAccessFile} into a small heap buffer, not memory-mapped: what
 * {@link PrivateDirectory} opens while the index writer works without a near-real-time searcher (see there).
 * A mapped file counts in the process's resident memory for every page it touches, and a merge touches all of
 * its segments; pages read through a file stay in the page cache only.
 *
 * <p>Written here rather than taken from Lucene: {@code NIOFSDirectory}'s channel is closed for good when a
 * thread reading it is interrupted (postern interrupts a command on Ctrl-C, and a reader opened here may serve
 * a search later), and {@code RAFDirectory} is in lucene-misc, a jar for one class. A {@code RandomAccessFile}
 * read is not interruptible. Clones and slices share the file and take turns on it (seek, then read).
 */
final class FileInput extends BufferedIndexInput {
    private final RandomAccessFile file;
    private final long off;
    private final long end;
    private boolean clone;

    private FileInput(String description, RandomAccessFile file, IOContext context) throws IOException {
        super(description, context);
        this.file = file;
        this.off = 0;
        this.end = file.length();
    }

    private FileInput(String description, RandomAccessFile file, long off, long length, int bufferSize) {
        super(description, bufferSize);
        this.file = file;
        this.off = off;
        this.end = off + length;
        this.clone = true;
    }

    static IndexInput open(Path path, IOContext context) throws IOException {
        RandomAccessFile file;
        try {
            file = new RandomAccessFile(path.toFile(), "r");
        } catch (FileNotFoundException e) {
            throw new NoSuchFileException(path.toString());
        }
        try {
            return new FileInput("FileInput(path=\"" + path + "\")", file, context);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (!clone) file.close();
    }

    @Override
    public FileInput clone() {
        FileInput c = (FileInput) super.clone();
        c.clone = true;
        return c;
    }

    @Override
    public IndexInput slice(String description, long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > length()) {
            throw new IllegalArgumentException("slice() " + description + " out of bounds: offset=" + offset
                    + ",length=" + length + ",fileLength=" + length() + ": " + this);
        }
        return new FileInput(getFullSliceDescription(description), file, off + offset, length, getBufferSize());
    }

    @Override
    public long length() {
        return end - off;
    }

    @Override
    protected void readInternal(ByteBuffer b) throws IOException {
        long pos = getFilePointer() + off;
        int n = b.remaining();
        if (pos + n > end) throw new EOFException("read past EOF: " + this);
        boolean heap = b.hasArray();
        byte[] into = heap ? b.array() : new byte[n];
        int at = heap ? b.arrayOffset() + b.position() : 0;
        synchronized (file) {
            file.seek(pos);
            int done = 0;
            while (done < n) {
                int i = file.read(into, at + done, n - done);
                if (i < 0) throw new EOFException("read past EOF: " + this + " at " + (pos + done));
                done += i;
            }
        }
        if (heap) b.position(b.position() + n);
        else b.put(into, 0, n);
    }

    @Override
    protected void seekInternal(long pos) throws IOException {
        if (pos > length()) throw new EOFException("read past EOF: pos=" + pos + " vs length=" + length() + ": " + this);
    }
}

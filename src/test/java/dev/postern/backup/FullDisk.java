package dev.postern.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** A file channel on a full disk: every write fails with ENOSPC's words; the rest goes to the real channel. */
final class FullDisk extends FileChannel {
    private final FileChannel real;

    FullDisk(FileChannel real) {
        this.real = real;
    }

    private static IOException full() {
        return new IOException("No space left on device");
    }

    @Override public int write(ByteBuffer src) throws IOException { throw full(); }
    @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException { throw full(); }
    @Override public int write(ByteBuffer src, long position) throws IOException { throw full(); }
    @Override public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException { throw full(); }
    @Override public int read(ByteBuffer dst) throws IOException { return real.read(dst); }
    @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return real.read(dsts, offset, length); }
    @Override public int read(ByteBuffer dst, long position) throws IOException { return real.read(dst, position); }
    @Override public long position() throws IOException { return real.position(); }
    @Override public FileChannel position(long p) throws IOException { real.position(p); return this; }
    @Override public long size() throws IOException { return real.size(); }
    @Override public FileChannel truncate(long size) throws IOException { real.truncate(size); return this; }
    @Override public void force(boolean metaData) throws IOException { real.force(metaData); }
    @Override public long transferTo(long position, long count, WritableByteChannel t) throws IOException { return real.transferTo(position, count, t); }
    @Override public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException { return real.map(mode, position, size); }
    @Override public FileLock lock(long position, long size, boolean shared) throws IOException { return real.lock(position, size, shared); }
    @Override public FileLock tryLock(long position, long size, boolean shared) throws IOException { return real.tryLock(position, size, shared); }
    @Override protected void implCloseChannel() throws IOException { real.close(); }
}

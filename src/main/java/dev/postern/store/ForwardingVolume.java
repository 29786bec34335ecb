package dev.postern.store;

import java.io.File;
import java.nio.ByteBuffer;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;

/**
 * A MapDB {@link Volume} that hands every call to another one: the base of {@link JournaledVolume} (and of
 * a test's volume that fails on purpose). {@code syncs = false} makes {@link #sync()} a no-op.
 */
class ForwardingVolume extends Volume {
    protected final Volume delegate;
    private final boolean syncs;

    ForwardingVolume(Volume delegate, boolean syncs) {
        this.delegate = delegate;
        this.syncs = syncs;
    }

    @Override public void ensureAvailable(long offset) { delegate.ensureAvailable(offset); }
    @Override public void truncate(long size) { delegate.truncate(size); }
    @Override public void putLong(long offset, long value) { delegate.putLong(offset, value); }
    @Override public void putInt(long offset, int value) { delegate.putInt(offset, value); }
    @Override public void putByte(long offset, byte value) { delegate.putByte(offset, value); }
    @Override public void putData(long offset, byte[] src, int srcPos, int srcSize) { delegate.putData(offset, src, srcPos, srcSize); }
    @Override public void putData(long offset, ByteBuffer buf) { delegate.putData(offset, buf); }
    @Override public long getLong(long offset) { return delegate.getLong(offset); }
    @Override public int getInt(long offset) { return delegate.getInt(offset); }
    @Override public byte getByte(long offset) { return delegate.getByte(offset); }
    @Override public DataInput2 getDataInput(long offset, int size) { return delegate.getDataInput(offset, size); }
    @Override public void getData(long offset, byte[] bytes, int bytesPos, int size) { delegate.getData(offset, bytes, bytesPos, size); }
    @Override public void clear(long startOffset, long endOffset) { delegate.clear(startOffset, endOffset); }
    // The three "overlap" calls may cross a mapped file's 1 MiB slices, which only the delegate knows how to do.
    // (Volume's other non-abstract methods are built on the abstract ones above, so they need no forwarding;
    // forwarding them would let JournaledVolume's writes bypass it.)
    @Override public void putDataOverlap(long offset, byte[] src, int srcPos, int srcSize) { delegate.putDataOverlap(offset, src, srcPos, srcSize); }
    @Override public DataInput2 getDataInputOverlap(long offset, int size) { return delegate.getDataInputOverlap(offset, size); }
    @Override public void clearOverlap(long startOffset, long endOffset) { delegate.clearOverlap(startOffset, endOffset); }
    @Override public int sliceSize() { return delegate.sliceSize(); }
    @Override public boolean isSliced() { return delegate.isSliced(); }
    @Override public long length() { return delegate.length(); }
    @Override public boolean isReadOnly() { return delegate.isReadOnly(); }
    @Override public File getFile() { return delegate.getFile(); }
    @Override public boolean getFileLocked() { return delegate.getFileLocked(); }
    @Override public boolean fileLoad() { return delegate.fileLoad(); }

    @Override
    public void sync() {
        if (syncs) delegate.sync();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) delegate.close();
    }

    @Override
    public boolean isClosed() {
        return closed.get() || delegate.isClosed();
    }
}

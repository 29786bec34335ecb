package dev.postern.store;

import kotlin.collections.LongIterator;
import org.mapdb.BTreeMapJava;
import org.mapdb.Serializer;
import org.mapdb.StoreTx;
import org.mapdb.StoreWAL;

/**
 * MapDB's transactional store with the B-tree nodes it last wrote kept decoded. MapDB's B-tree reads and
 * decodes a node at every step of every lookup and put (the root, the directory nodes, the leaf, the leaf again
 * under its lock): about a third of a put's time in a header listing, and a copy of the record out of the
 * write-ahead log each time. A node is immutable once made (the tree writes a changed node as a new object), so
 * the object last written under a record id can be given out again.
 *
 * <p>Only B-tree nodes are kept (not values, counters or the name catalog). A few hundred slots, by record id:
 * a listing's puts touch a handful of nodes again and again (the root, a path of directory nodes, the leaf at the
 * end of each tree). A rollback or compaction forgets everything; a delete forgets its record. Only writes fill
 * the slots (one writer at a time, under the store's {@code StoreGuard}): a reader that stored what it read could
 * put back a node a writer had just replaced.
 */
final class NodeCache implements StoreTx {
    private static final int SLOTS = 256;

    private record Entry(long recid, Serializer<?> serializer, Object node) {}

    private final StoreWAL store;
    private final Entry[] slots = new Entry[SLOTS];

    NodeCache(StoreWAL store) {
        this.store = store;
    }

    private static int slot(long recid) {
        return (int) (recid ^ (recid >>> 32)) & (SLOTS - 1);
    }

    private static boolean node(Serializer<?> serializer) {
        return serializer instanceof BTreeMapJava.NodeSerializer;
    }

    private void keep(long recid, Serializer<?> serializer, Object node) {
        slots[slot(recid)] = node == null ? null : new Entry(recid, serializer, node);
    }

    private void forget(long recid) {
        int s = slot(recid);
        Entry e = slots[s];
        if (e != null && e.recid == recid) slots[s] = null;
    }

    private void forgetAll() {
        java.util.Arrays.fill(slots, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> R get(long recid, Serializer<R> serializer) {
        if (!node(serializer)) return store.get(recid, serializer);
        Entry e = slots[slot(recid)];
        if (e != null && e.recid == recid && e.serializer == serializer) return (R) e.node;
        return store.get(recid, serializer); // kept only when written: see the class comment
    }

    @Override
    public <R> void update(long recid, R record, Serializer<R> serializer) {
        forget(recid);
        store.update(recid, record, serializer);
        if (node(serializer)) keep(recid, serializer, record);
    }

    @Override
    public <R> long put(R record, Serializer<R> serializer) {
        long recid = store.put(record, serializer);
        if (node(serializer)) keep(recid, serializer, record);
        return recid;
    }

    @Override
    public <R> boolean compareAndSwap(long recid, R expected, R newRecord, Serializer<R> serializer) {
        forget(recid);
        return store.compareAndSwap(recid, expected, newRecord, serializer);
    }

    @Override
    public <R> void delete(long recid, Serializer<R> serializer) {
        forget(recid);
        store.delete(recid, serializer);
    }

    @Override
    public long preallocate() {
        return store.preallocate();
    }

    @Override
    public void commit() {
        store.commit();
    }

    /** Runs {@code change}, which may give any record another content, with nothing kept before or after it. */
    private void forgettingAround(Runnable change) {
        forgetAll();
        try {
            change.run();
        } finally {
            forgetAll();
        }
    }

    @Override
    public void rollback() {
        forgettingAround(store::rollback);
    }

    @Override
    public void compact() {
        forgettingAround(store::compact);
    }

    @Override
    public void close() {
        forgetAll();
        store.close();
    }

    @Override
    public boolean isClosed() {
        return store.isClosed();
    }

    @Override
    public void verify() {
        store.verify();
    }

    @Override
    public boolean isReadOnly() {
        return store.isReadOnly();
    }

    @Override
    public boolean fileLoad() {
        return store.fileLoad();
    }

    @Override
    public LongIterator getAllRecids() {
        return store.getAllRecids();
    }

    @Override
    public Iterable<String> getAllFiles() {
        return store.getAllFiles();
    }

    @Override
    public boolean isThreadSafe() {
        return store.isThreadSafe();
    }

    @Override
    public void checkThreadSafe() {
        store.checkThreadSafe();
    }
}

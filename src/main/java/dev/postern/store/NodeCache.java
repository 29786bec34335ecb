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
 *
 * <p>A node written is handed to the store only when its slot is wanted for another record, or at the commit (or
 * anything else that reads the store's records past the slots): MapDB serialises and logs the whole node at every
 * update, and a listing appends its envelopes one by one to the same last leaf of each tree, so a leaf of 32 keys
 * was serialised and logged 32 times in one transaction, a fifth of the listing's reading thread, and the log grew
 * by all of those copies. Now only the node as the commit finds it is written. Nothing reaches the file before
 * the commit either way (MapDB's log is kept in memory, {@link StoreVolumes}), so a crash loses the same.
 */
final class NodeCache implements StoreTx {
    private static final int SLOTS = 256;

    /** {@code dirty}: written here and not yet handed to the store, which still holds an older content (or none). */
    private record Entry(long recid, Serializer<?> serializer, Object node, boolean dirty) {}

    private final StoreWAL store;
    private final Entry[] slots = new Entry[SLOTS];
    /** Node contents handed to the store (for the test that pins the write-behind). */
    private long written;

    NodeCache(StoreWAL store) {
        this.store = store;
    }

    private static int slot(long recid) {
        return (int) (recid ^ (recid >>> 32)) & (SLOTS - 1);
    }

    private static boolean node(Serializer<?> serializer) {
        return serializer instanceof BTreeMapJava.NodeSerializer;
    }

    private void keep(long recid, Serializer<?> serializer, Object node, boolean dirty) {
        int s = slot(recid);
        Entry e = slots[s];
        if (e != null && e.dirty && e.recid != recid) hand(e);
        slots[s] = node == null ? null : new Entry(recid, serializer, node, dirty);
    }

    private void forget(long recid) {
        int s = slot(recid);
        Entry e = slots[s];
        if (e != null && e.recid == recid) slots[s] = null;
    }

    /** Drops every slot, written or not: for a rollback or a close, which discard what was written since the commit. */
    private void forgetAll() {
        java.util.Arrays.fill(slots, null);
    }

    /** Gives the store every node written here and not yet handed to it (kept, no longer dirty). */
    private synchronized void handAll() {
        for (int i = 0; i < SLOTS; i++) {
            Entry e = slots[i];
            if (e != null && e.dirty) {
                hand(e);
                slots[i] = new Entry(e.recid, e.serializer, e.node, false);
            }
        }
    }

    /** The record written to the store (the slot is the caller's to change). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void hand(Entry e) {
        store.update(e.recid, e.node, (Serializer) e.serializer);
        written++;
    }

    /** Node contents handed to the store since this cache was made. */
    long written() {
        return written;
    }

    /** The record {@code recid} handed to the store if it waits here, so that the store's own copy is current. */
    private synchronized void handOne(long recid) {
        int s = slot(recid);
        Entry e = slots[s];
        if (e != null && e.dirty && e.recid == recid) {
            hand(e);
            slots[s] = new Entry(e.recid, e.serializer, e.node, false);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> R get(long recid, Serializer<R> serializer) {
        if (!node(serializer)) return store.get(recid, serializer);
        Entry e = slots[slot(recid)];
        if (e != null && e.recid == recid && e.serializer == serializer) return (R) e.node;
        if (e != null && e.recid == recid && e.dirty) handOne(recid); // read another way: the store's copy made current
        return store.get(recid, serializer); // kept only when written: see the class comment
    }

    @Override
    public <R> void update(long recid, R record, Serializer<R> serializer) {
        if (!node(serializer) || record == null) {
            forget(recid); // a dirty node of this record is replaced whole: never handed to the store
            store.update(recid, record, serializer);
            return;
        }
        keep(recid, serializer, record, true); // handed to the store at the commit, or when its slot is wanted
    }

    @Override
    public <R> long put(R record, Serializer<R> serializer) {
        long recid = store.put(record, serializer);
        if (node(serializer)) keep(recid, serializer, record, false);
        return recid;
    }

    @Override
    public <R> boolean compareAndSwap(long recid, R expected, R newRecord, Serializer<R> serializer) {
        handOne(recid);
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
        handAll();
        CommitUndo undo = CommitUndo.before(store);
        try {
            store.commit();
        } catch (RuntimeException e) {
            // A full disk mid-commit: the store goes back to its last commit now, not to a header never written.
            if (undo.undo()) forgettingAround(store::rollback);
            throw e;
        }
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
        handAll();
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
        handAll();
        store.verify();
    }

    @Override
    public boolean isReadOnly() {
        return store.isReadOnly();
    }

    @Override
    public boolean fileLoad() {
        handAll();
        return store.fileLoad();
    }

    @Override
    public LongIterator getAllRecids() {
        handAll();
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

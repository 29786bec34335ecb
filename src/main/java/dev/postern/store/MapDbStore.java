package dev.postern.store;

import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.function.Consumer;
import org.mapdb.Atomic;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * {@link MailStore} in one MapDB file, {@code store.db}, with transactions always on: without the
 * write-ahead log a crash leaves a file that will not open. MapDB locks the file against other processes
 * for as long as it is open.
 *
 * <p>This class is the store's facade: it owns the file, the {@link DB} and its transaction (commit,
 * rollback, close, the search index told of each commit), and lists every collection the file holds. The
 * work is done by the tables ({@link FolderTables}, {@link MessageTables}, {@link UidlTable},
 * {@link QueueTables}), by {@link StoreMaintenance} (stats, verify, compact) and by {@link StoreOpening}
 * (lock, create, recover, move aside). Every call into a table passes through the {@link StoreGuard}: the
 * read/write lock and the one classification of what MapDB throws (damage 65, the disk's 74).
 *
 * <p>Readers share a lock and writers take it exclusively, because one logical write (an envelope, its
 * index entry, its folder's counters, its blob's reference count) touches several maps and a reader
 * must never see half of it.
 *
 * <p>A write that throws after it began changing maps (an I/O error, a damaged record) may leave part of
 * its changes in the open transaction: callers {@link #rollback()} rather than commit after a failure.
 * Failures found by checking arguments ({@link IllegalArgumentException}) are raised before any change.
 */
public final class MapDbStore implements MailStore {
    /** {@code postern.format}: raised with every record or key an older postern misreads (ARCHITECTURE.md "The store's
     *  format"; StoreFormatTest). 2: outbox records v3, queue records v2, queue keys in ASCII digits. 3: envelopes v2. 4: queue records v3 (a queued Sent copy). */
    static final int FORMAT = 4;
    public static final String FILE_NAME = "store.db";

    private final Path file;
    private final DB db;
    private final StoreGuard guard;
    private final FolderTables folders;
    private final MessageTables messages;
    private final UidlTable uidls;
    /** {@code accountOrigins}: per account, the mailbox its data came from (MailStore#origin); a new table, no format raise. */
    private final org.mapdb.BTreeMap<String, String> origins;
    private final QueueTables queues;
    private final StoreMaintenance maintenance;
    /** Counts commits that changed what a search index holds (envelopes, bodies; see {@link StoreIndex}); never goes back. */
    private final Atomic.Long changeSeq;
    /** Drawn once when the store is made: an index built for another store file is not taken as current. */
    private final Atomic.Long storeId;
    private volatile StoreIndex index;
    private ProcessLock processLock;
    private final ListingKeeper listings;
    /** See {@link #arrivalsKnownSince()}: read once at the open, never changed after. */
    private final java.time.Instant arrivalsKnown;
    /** The tables whose keys begin with an account's name: what {@link #accounts()} reads. */
    private final List<java.util.NavigableMap<byte[], ?>> holders;

    /** Opens (creating what is missing of) every collection the store holds, in this order. */
    MapDbStore(Path file, DB db) {
        this.file = file;
        this.db = db;
        this.guard = new StoreGuard(file);
        this.listings = new ListingKeeper(guard);
        var folderMap = db.treeMap("folders", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).createOrOpen();
        var states = db.treeMap("folderStates", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).createOrOpen();
        // Under a write-ahead log every put rewrites its whole B-tree leaf into the log, so leaves are
        // kept small: keys share long prefixes (delta-encoded) and envelope records live outside them.
        // Their nodes are read as PackedKeys: the same bytes as BYTE_ARRAY_DELTA, fewer objects in memory.
        PackedKeys.adopt(db, "envelopes#keySerializer", "envelopesByDate#serializer");
        var counters = db.treeMap("folderCounters", Serializer.BYTE_ARRAY, Serializer.LONG_ARRAY).createOrOpen();
        EnvelopeTable envelopes = new EnvelopeTable(
                db.treeMap("envelopes", PackedKeys.INSTANCE, Serializer.BYTE_ARRAY)
                        .valuesOutsideNodesEnable().createOrOpen(),
                db.treeSet("envelopesByDate", PackedKeys.INSTANCE).createOrOpen(),
                counters);
        BlobRecord.adopt(db); // bodies read as slices of MapDB's array, not copied: the same bytes as BYTE_ARRAY
        BlobStore blobs = new BlobStore(
                db.treeMap("blobs", Serializer.STRING, BlobRecord.INSTANCE).valuesOutsideNodesEnable().createOrOpen(),
                db.treeMap("blobRefs", Serializer.STRING, Serializer.LONG).createOrOpen());
        var uidlMap = db.treeMap("pop3Uidls", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).createOrOpen();
        this.uidls = new UidlTable(uidlMap);
        this.origins = db.treeMap("accountOrigins", Serializer.STRING, Serializer.STRING).createOrOpen();
        var pending = db.treeMap("pendingActions", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).createOrOpen();
        var pendingSeq = db.atomicLong("pendingSeq").createOrOpen();
        var bodiesMarks = db.treeMap("bodiesComplete", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).createOrOpen();
        var outbox = db.treeMap("outbox", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().createOrOpen();
        var outboxSeq = db.atomicLong("outboxSeq").createOrOpen();
        var detached = db.treeSet("detachedEnvelopes", Serializer.BYTE_ARRAY).createOrOpen();
        this.changeSeq = db.atomicLong("indexChangeSeq").createOrOpen();
        this.storeId = db.atomicLong("storeId").createOrOpen();
        if (storeId.get() == 0) {
            long id;
            do id = new java.security.SecureRandom().nextLong(); while (id == 0);
            storeId.set(id); // committed with the first commit; until then a crash draws a new one (index rebuilt)
        }
        var damaged = new DamagedBodies(db.treeMap("damagedBodies", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).createOrOpen());
        this.folders = new FolderTables(folderMap, states, bodiesMarks);
        this.messages = new MessageTables(envelopes, blobs, detached, folders, damaged);
        this.queues = new QueueTables(pending, pendingSeq, outbox, outboxSeq);
        this.maintenance = new StoreMaintenance(file, guard, messages, db);
        this.arrivalsKnown = StoreOpening.arrivalsKnown(db);
        this.holders = List.of(folderMap, counters, uidlMap, pending, outbox);
    }

    @Override public SortedSet<String> accounts() { return guard.read(() -> StoreAccounts.of(holders)); }

    /** Hands the data directory's lock to this store (closing it releases it); returns the one it held. */
    ProcessLock holdLock(ProcessLock held) {
        ProcessLock was = processLock;
        this.processLock = held;
        return was;
    }

    DB db() { return db; }
    StoreGuard guard() { return guard; }

    /**
     * Opens {@code dataDir/store.db}, creating it (and a private data directory) if missing; see
     * {@link #open(Path, Runnable, Consumer)}. Notices about a damaged store go to the log only.
     */
    public static MapDbStore open(Path dataDir) {
        return open(dataDir, () -> { }, notice -> { });
    }

    /** As {@link #open(Path, Runnable, Consumer)} with notices to the log only. */
    public static MapDbStore open(Path dataDir, Runnable locked) {
        return open(dataDir, locked, notice -> { });
    }

    /**
     * Opens {@code dataDir/store.db} so that a store always opens again after a crash or a full disk (a
     * damaged one is moved aside and {@code notices} told so in one sentence); {@code locked} runs as soon
     * as this process holds the data directory's lock. See {@link StoreOpening#open}.
     */
    public static MapDbStore open(Path dataDir, Runnable locked, Consumer<String> notices) {
        return StoreOpening.open(dataDir, locked, notices);
    }

    /** The file this store lives in. */
    public Path file() { return file; }

    // ---- the search index that follows the store ---------------------------------------------------

    /** Tells {@code index} about every commit from now on; it answers {@link #index()} searches. */
    public void attachIndex(StoreIndex index) {
        this.index = index;
    }

    /** The attached search index, if any. */
    public Optional<StoreIndex> index() { return Optional.ofNullable(index); }

    /** The store's change counter (see {@link StoreIndex#committed}). */
    public long changeSeq() {
        return guard.read(changeSeq::get);
    }

    /** Whether the store holds no envelope at all (of any account or folder): a search index with no document is level with it. */
    public boolean holdsNoMessages() { return guard.read(() -> messages.envelopes().isEmpty()); }

    /** This store file's identity (see {@link #storeId}). */
    public long storeId() { return guard.read(storeId::get); }

    /**
     * Calls the action for every cached envelope, then returns the change counter they reflect: both
     * read under one read lock, so no commit falls between them.
     */
    public long snapshot(Consumer<Envelope> action) {
        return guard.read(() -> {
            messages.forEach(action);
            return changeSeq.get();
        });
    }

    // ---- folders -------------------------------------------------------------------------------

    @Override
    public void putFolder(Folder folder) {
        guard.write(() -> run(() -> folders.put(folder)));
    }

    @Override
    public void removeFolder(String account, String folder) {
        guard.write(() -> run(() -> {
            folders.remove(account, folder);
            messages.removeFolder(account, folder);
        }));
    }

    @Override
    public List<Folder> folders(String account) {
        return guard.read(() -> folders.list(account));
    }

    @Override public Optional<Folder> folder(String account, String name) { return guard.read(() -> folders.get(account, name)); }

    @Override
    public Optional<FolderState> folderState(String account, String folder) {
        return guard.read(() -> folders.state(account, folder));
    }

    @Override
    public void putFolderState(String account, String folder, FolderState state) {
        guard.write(() -> run(() -> folders.putState(account, folder, state)));
    }

    @Override
    public Optional<BodiesMark> bodiesMark(String account, String folder) {
        return guard.read(() -> folders.bodiesMark(account, folder));
    }

    @Override
    public void putBodiesMark(String account, String folder, BodiesMark mark) {
        guard.write(() -> run(() -> folders.putBodiesMark(account, folder, mark)));
    }

    // ---- envelopes -----------------------------------------------------------------------------

    @Override public java.time.Instant arrivalsKnownSince() { return arrivalsKnown; }

    @Override
    public void putEnvelopes(Collection<Envelope> batch) {
        guard.write(batch, () -> messages.put(batch));
    }

    @Override
    public void updateFlags(MessageRef ref, Flags flags) {
        guard.write(() -> run(() -> messages.updateFlags(ref, flags)));
    }

    @Override
    public void removeEnvelopes(Collection<MessageRef> refs) {
        guard.write(refs, () -> messages.remove(refs));
    }

    @Override
    public Optional<Envelope> envelope(MessageRef ref) {
        return guard.read(() -> messages.get(ref));
    }

    @Override
    public SortedSet<Long> uids(String account, String folder, long uidValidity) {
        return guard.read(() -> messages.uids(account, folder, uidValidity));
    }

    @Override
    public int count(String account, String folder) {
        return guard.read(() -> (int) messages.currentCounts(account, folder)[0]);
    }

    @Override
    public int unread(String account, String folder) {
        return guard.read(() -> (int) messages.currentCounts(account, folder)[1]);
    }

    /** Pages of more envelopes than this are read with {@link PlainReads} (`list` reads 1,000 at a time). */
    static final int BULK_PAGE = 2_000;

    @Override
    public List<Envelope> page(String account, String folder, int offset, int limit) {
        // A page bigger than any screen or listing page is a folder read whole (the reader's threads and sorts read
        // 5,000 at a time): read around the store volume's cache, so it does not push out the pages used again.
        if (limit > BULK_PAGE) return guard.read(() -> PlainReads.run(() -> messages.page(account, folder, offset, limit)));
        return guard.read(() -> messages.page(account, folder, offset, limit));
    }

    // ---- bodies --------------------------------------------------------------------------------

    /**
     * @throws IllegalArgumentException if no envelope is cached for the ref: a blob nothing points at
     *         would never be released
     */
    @Override
    public String attachBody(MessageRef ref, byte[] raw) {
        return guard.write(() -> messages.attachBody(ref, raw));
    }

    @Override
    public Optional<byte[]> body(MessageRef ref) {
        try { // only the record's read holds the lock: a 50 MB body is decompressed and hashed after it is let go
            Optional<BlobStore.Packed> packed = guard.read(() -> messages.packedBody(ref));
            return guard.decoding(() -> packed.map(BlobStore::open));
        } catch (OutOfMemoryError e) { // 74 naming the message and the remedy, never 70 (hunt 39-S, S4)
            throw dev.postern.model.OutOfMemory.reading(ref, envelope(ref).map(Envelope::size).orElse(0L), e);
        }
    }

    @Override
    public Optional<byte[]> blob(String hash) {
        Optional<BlobStore.Packed> packed = guard.read(() -> messages.packedBlob(hash));
        return guard.decoding(() -> packed.map(BlobStore::open));
    }

    @Override
    public OptionalLong blobLength(String hash) {
        return guard.read(() -> messages.blobLength(hash));
    }

    /** How many cached envelopes point at the blob; 0 if it is not stored. For diagnostics and tests. */
    public long blobRefCount(String hash) {
        return guard.read(() -> messages.blobs().refCount(hash));
    }

    /** Number of distinct bodies stored. For diagnostics and tests. */
    public int blobCount() {
        return guard.read(messages.blobs()::size);
    }

    @Override
    public void markDamaged(Collection<MessageRef> refs) {
        guard.write(() -> messages.markDamaged(refs));
    }

    @Override
    public SortedSet<Long> damagedBodies(String account, String folder, long uidValidity) {
        return guard.read(() -> messages.damaged(account, folder, uidValidity));
    }

    // ---- messages kept locally only ----------------------------------------------------------------

    @Override public void detach(Collection<MessageRef> refs) { guard.write(refs, () -> messages.detach(refs)); }

    @Override public void attach(Collection<MessageRef> refs) { guard.write(refs, () -> messages.attach(refs)); }

    @Override public boolean isDetached(MessageRef ref) { return guard.read(() -> messages.isDetached(ref)); }

    @Override
    public SortedSet<Long> detached(String account, String folder, long uidValidity) {
        return guard.read(() -> messages.detached(account, folder, uidValidity));
    }

    // ---- POP3 UIDL ledger -----------------------------------------------------------------------

    @Override
    public Map<String, UidlEntry> uidls(String account) {
        return guard.read(() -> uidls.all(account));
    }

    @Override
    public void putUidl(String account, String uidl, UidlEntry entry) {
        if (uidl == null || uidl.isEmpty()) throw new IllegalArgumentException("empty UIDL");
        guard.write(() -> run(() -> uidls.put(account, uidl, entry)));
    }

    @Override
    public Optional<String> uidlOf(String account, long localUid) {
        return guard.read(() -> uidls.uidlOf(account, localUid));
    }

    @Override public Optional<String> origin(String account) { return guard.read(() -> Optional.ofNullable(origins.get(account))); }

    @Override public void putOrigin(String account, String origin) { guard.write(() -> origins.put(account, origin)); }

    // ---- offline action queue and outbox ----------------------------------------------------------

    @Override public PendingAction enqueue(PendingAction action) { return guard.write(() -> queues.enqueue(action)); }

    @Override public List<PendingAction> pending(String account) { return guard.read(() -> queues.pending(account)); }

    @Override
    public void removePending(String account, long id) {
        guard.write(() -> run(() -> queues.removePending(account, id)));
    }

    @Override
    public void updatePending(PendingAction action) {
        guard.write(() -> run(() -> queues.updatePending(action)));
    }

    @Override
    public OutboxEntry enqueueOutgoing(OutboxEntry entry) {
        return guard.write(() -> queues.enqueueOutgoing(entry));
    }

    @Override public List<OutboxEntry> outbox(String account) { return guard.read(() -> queues.outbox(account)); }

    @Override
    public void updateOutgoing(OutboxEntry entry) {
        guard.write(() -> run(() -> queues.updateOutgoing(entry)));
    }

    @Override
    public void removeOutgoing(String account, long id) {
        guard.write(() -> run(() -> queues.removeOutgoing(account, id)));
    }

    // ---- maintenance: stats, verify, compact (postern store ...) ----------------------------------

    /** Calls the action for every cached envelope of every account and folder. Holds the read lock throughout. */
    public void forEachEnvelope(Consumer<Envelope> action) {
        guard.read(() -> run(() -> messages.forEach(action)));
    }

    /** Counts and sizes of everything stored; walks every envelope and blob header (no decompression). */
    public StoreStats stats() {
        return maintenance.stats();
    }

    /**
     * Every damaged body and wrong reference, each naming the messages it affects (see {@link StoreMaintenance#verify});
     * the messages whose body fetching again mends are recorded for the next sync ({@link #damagedBodies}).
     */
    public List<BlobDamage> verify() {
        List<BlobDamage> found = maintenance.verify();
        try {
            if (maintenance.recordDamaged(found)) commit();
        } catch (RuntimeException e) { // a store too damaged to take the record: verify's list stands all the same
            org.slf4j.LoggerFactory.getLogger(MapDbStore.class).warn("recording the damaged bodies verify found", e);
            rollback();
        }
        return found;
    }

    /** A fresh file of the live records replaces the store ({@link StoreMaintenance#compact}): {bytes before, after}. */
    public static long[] compact(Path dataDir) { return compact(dataDir, () -> false); }

    /** As {@link #compact(Path)}; once {@code stop} says so it stops, leaving the store as it was (Work.Cancelled). */
    public static long[] compact(Path dataDir, java.util.function.BooleanSupplier stop) { return StoreMaintenance.compact(dataDir, stop); }

    // ---- transactions --------------------------------------------------------------------------

    /** Nothing written since the last commit ({@link StoreGuard#writtenSinceCommit}): no MapDB commit and no fsync (hunt 39-S, S2). */
    @Override
    public void commit() {
        guard.write(() -> run(() -> {
            if (!guard.writtenSinceCommit()) {
                listings.committed();
            } else if (!messages.changedSinceCommit()) {
                db.commit();
                listings.committed();
            } else {
                long seq = changeSeq.incrementAndGet();
                db.commit();
                listings.committed();
                java.util.Map<MessageRef, Envelope> retouched = messages.takeRetouched();
                java.util.Map<MessageRef, Optional<Envelope>> done = messages.takeChanged();
                StoreIndex i = index;
                if (i != null) i.committed(seq, done, retouched);
            }
            guard.committed();
        }));
    }

    @Override
    public void rollback() {
        guard.write(() -> run(() -> {
            messages.forgetChanged();
            db.rollback();
        }));
    }

    /** Closing without {@link #commit()} discards the uncommitted writes, exactly as a crash would. */
    @Override
    public void close() {
        StoreIndex i = index;
        boolean closing = i != null && !guard.closed();
        if (closing) {
            index = null;
            i.close(); // before the lock: its worker may still be reading the store
            dev.postern.model.StartupTrace.mark("quit: search index closed");
        }
        SearchSnapshot.Pending kept = closing ? SearchSnapshot.pending(this, i.closedAt()) : null;
        guard.close(() -> {
            try {
                db.close();
                listings.writeBeside(file);
                SearchSnapshot.atClose(file, kept);
            } finally {
                if (processLock != null) processLock.release();
            }
        });
    }

    /** A mark taken before a listing's rows are read, handed back with them to {@link #keepListing}; -1 while uncommitted. */
    @Override
    public long listingMark() {
        return guard.read(listings::mark);
    }

    /** Keeps {@code listing} (read since {@code mark}) beside the store at a clean close if nothing was written since. */
    @Override
    public void keepListing(long mark, ListingCache.Listing listing) {
        guard.read(() -> run(() -> listings.keep(mark, listing)));
    }

    /** A write that returns nothing, as the guard's supplier. */
    private static Void run(Runnable action) {
        action.run();
        return null;
    }
}

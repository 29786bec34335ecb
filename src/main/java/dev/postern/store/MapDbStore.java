package dev.postern.store;

import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.mapdb.Atomic;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.Serializer;

/**
 * {@link MailStore} in one MapDB file, {@code store.db}, with transactions always on: without the
 * write-ahead log a crash leaves a file that will not open. MapDB locks the file against other processes
 * for as long as it is open.
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
    /** Bumped when the meaning of stored records changes in a way older code cannot read. */
    static final int FORMAT = 1;
    static final String FILE_NAME = "store.db";

    private final Path file;
    private final DB db;
    private final BTreeMap<byte[], byte[]> folders;
    private final BTreeMap<byte[], byte[]> states;
    private final EnvelopeTable envelopes;
    private final BlobStore blobs;
    private final BTreeMap<byte[], byte[]> uidls;
    private final BTreeMap<byte[], byte[]> pending;
    private final Atomic.Long pendingSeq;
    private final BTreeMap<byte[], byte[]> bodiesMarks;
    private final BTreeMap<byte[], byte[]> outbox;
    private final Atomic.Long outboxSeq;
    private final java.util.NavigableSet<byte[]> detached;
    /** Counts commits that changed what a search index holds (see {@link StoreIndex}); never goes back. */
    private final Atomic.Long changeSeq;
    /** Drawn once when the store is made: an index built for another store file is not taken as current. */
    private final Atomic.Long storeId;
    /** Messages changed since the last commit, for the index; guarded by the write lock. */
    private final java.util.Set<MessageRef> changed = new java.util.HashSet<>();
    private volatile StoreIndex index;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private MapDbStore(Path file, DB db) {
        this.file = file;
        this.db = db;
        this.folders = db.treeMap("folders", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).createOrOpen();
        this.states = db.treeMap("folderStates", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).createOrOpen();
        // Under a write-ahead log every put rewrites its whole B-tree leaf into the log, so leaves are
        // kept small: keys share long prefixes (delta-encoded) and envelope records live outside them.
        this.envelopes = new EnvelopeTable(
                db.treeMap("envelopes", Serializer.BYTE_ARRAY_DELTA, Serializer.BYTE_ARRAY)
                        .valuesOutsideNodesEnable().createOrOpen(),
                db.treeSet("envelopesByDate", Serializer.BYTE_ARRAY_DELTA).createOrOpen(),
                db.treeMap("folderCounters", Serializer.BYTE_ARRAY, Serializer.LONG_ARRAY).createOrOpen());
        this.blobs = new BlobStore(
                db.treeMap("blobs", Serializer.STRING, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().createOrOpen(),
                db.treeMap("blobRefs", Serializer.STRING, Serializer.LONG).createOrOpen());
        this.uidls = db.treeMap("pop3Uidls", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).createOrOpen();
        this.pending = db.treeMap("pendingActions", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).createOrOpen();
        this.pendingSeq = db.atomicLong("pendingSeq").createOrOpen();
        this.bodiesMarks = db.treeMap("bodiesComplete", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).createOrOpen();
        this.outbox = db.treeMap("outbox", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().createOrOpen();
        this.outboxSeq = db.atomicLong("outboxSeq").createOrOpen();
        this.detached = db.treeSet("detachedEnvelopes", Serializer.BYTE_ARRAY).createOrOpen();
        this.changeSeq = db.atomicLong("indexChangeSeq").createOrOpen();
        this.storeId = db.atomicLong("storeId").createOrOpen();
        if (storeId.get() == 0) {
            long id;
            do id = new java.security.SecureRandom().nextLong(); while (id == 0);
            storeId.set(id); // committed with the first commit; until then a crash draws a new one (index rebuilt)
        }
    }

    // ---- the search index that follows the store ---------------------------------------------------

    /** Tells {@code index} about every commit from now on; it answers {@link #index()} searches. */
    public void attachIndex(StoreIndex index) {
        this.index = index;
    }

    /** The attached search index, if any. */
    public Optional<StoreIndex> index() {
        return Optional.ofNullable(index);
    }

    /** The store's change counter (see {@link StoreIndex#committed}). */
    public long changeSeq() {
        return read(changeSeq::get);
    }

    /** This store file's identity (see {@link #storeId}). */
    public long storeId() {
        return read(storeId::get);
    }

    /**
     * Calls the action for every cached envelope, then returns the change counter they reflect: both
     * read under one read lock, so no commit falls between them.
     */
    public long snapshot(java.util.function.Consumer<Envelope> action) {
        return read(() -> {
            envelopes.forEach(action);
            return changeSeq.get();
        });
    }

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
     * Opens {@code dataDir/store.db}, so that a store always opens again after a crash or a full disk:
     * <ul>
     * <li>a missing store is made atomically (see {@link StoreFiles#createAtomically}): never half-made;
     * <li>an empty or all-zero file (a crash before its first commit, by an older postern) held nothing and
     *     is replaced without a word beyond the log;
     * <li>a store that does not open because its bytes are damaged is moved aside as
     *     {@code store.db.damaged-<time>} (kept, never deleted: it may hold the only copy of an outbox,
     *     queued offline actions, or POP3 mail already deleted on the server), {@code notices} is told so
     *     in one sentence naming those, and a new store is made to be filled from the server;
     * <li>a store that does not open for a reason of the system (no space, permissions) is left alone and
     *     reported (exit 74), and one from a newer postern is left alone and reported (exit 65).
     * </ul>
     * {@code locked} runs as soon as this process holds the data directory's lock, before the (slower)
     * open itself: a login started ahead waits only for that (see AppContext.prestart). The lock is taken
     * once and released on every path that does not return a store.
     */
    public static MapDbStore open(Path dataDir, Runnable locked, Consumer<String> notices) {
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        StoreFiles.createPrivateDirectory(dataDir);
        ProcessLock held = ProcessLock.acquire(dataDir.resolve(LOCK_NAME).toAbsolutePath(), file);
        try {
            locked.run();
            MapDbStore store = openHeld(file, notices);
            store.processLock = held;
            return store;
        } catch (Throwable e) {
            held.release();
            throw e;
        }
    }

    private static MapDbStore openHeld(Path file, Consumer<String> notices) {
        StoreFiles.removeLeftovers(file);
        if (Files.exists(file) && StoreFiles.neverCommitted(file)) {
            LOG.info("the store {} never held a commit (a postern stopped while creating it); making it anew", file);
            try {
                Files.delete(file);
            } catch (IOException e) {
                throw openFailure(file, new java.io.UncheckedIOException(e));
            }
        }
        if (!Files.exists(file)) create(file);
        try {
            return openExisting(file);
        } catch (Damaged d) {
            Path aside = StoreFiles.moveAside(file);
            String notice = "the store " + file + " was damaged (" + d.why + ") and was moved aside to " + aside
                    + "; a new store was made and is filled from the server on the next sync, but what only the old"
                    + " one held (messages waiting in the outbox, offline actions not yet sent, POP3 mail already"
                    + " deleted from the server, local-only copies) is not in it: keep " + aside.getFileName();
            LOG.warn(notice, d.getCause());
            notices.accept(notice);
            create(file);
            try {
                return openExisting(file);
            } catch (Damaged again) {
                throw new PosternException(ExitCode.IOERR, "the store " + file + " was made anew but does not open ("
                        + again.why + "); check the disk and free space, then retry", again.getCause());
            }
        }
    }

    private static void create(Path file) {
        StoreFiles.createAtomically(file, "the store", db -> {
            checkFormat(file, db);
            new MapDbStore(file, db);
        });
    }

    /** A store whose bytes do not open: moved aside, never reported as a system failure. */
    private static final class Damaged extends RuntimeException {
        final String why;

        Damaged(String why, Throwable cause) {
            super(why, cause, false, false);
            this.why = why;
        }
    }

    private static MapDbStore openExisting(Path file) {
        DB db = null;
        try {
            StoreFiles.makeAllPrivate(file);
            // A commit that a killed postern left half-copied is finished first, from its journal.
            JournaledVolume.recover(file);
            StoreFiles.removeOldLogs(file);
            // Memory-mapped files make inserts about three times faster, but MapDB's mapped volume grows
            // the file to 1 MiB before it checks the header, which would alter a damaged store before it
            // is moved aside. So a file that is not in the mapped volume's shape is first opened (and its
            // log replayed) through plain file I/O, which leaves a damaged file as it was.
            checkLength(file);
            // A file of whole mapped chunks with no log to replay is one that the mapped volume leaves
            // as it is, so the first open (a third of the open's time) is skipped for it.
            if (!mappedAsIs(file)) StoreFiles.open(file).close();
            db = StoreFiles.openMapped(file);
            java.util.Set<String> before = names(db);
            checkFormat(file, db);
            MapDbStore store = new MapDbStore(file, db);
            // Commit (an fsync) only what the open created: a collection a newer version added.
            // Reopening an existing store writes nothing.
            if (!before.equals(names(db))) db.commit();
            return store;
        } catch (Damaged | PosternException e) {
            closeQuietly(db);
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(db);
            if ((isDamage(e) || !StoreFiles.fromTheSystem(e)) && !diskNearlyFull(file)) throw new Damaged(rootMessage(e), e);
            throw openFailure(file, e);
        }
    }

    /**
     * A full disk can make MapDB fail the way damage does ("Get/Set beyond file size"): a sound store must
     * not be moved aside for it, so below a few MiB free the failure is reported as the system's.
     */
    private static boolean diskNearlyFull(Path file) {
        try {
            return Files.getFileStore(file).getUsableSpace() < 4 * GROWTH_STEP;
        } catch (IOException e) {
            return false;
        }
    }

    static final String LOCK_NAME = "store.lock";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MapDbStore.class);
    private ProcessLock processLock;

    /**
     * The lock on {@code store.lock} beside the store: the one lock on the data directory (MapDB's own is
     * off, see {@link StoreFiles}). It says at once whether another process has the store. Taken once per
     * process: a second open in the same process is refused as "in use" (exit 75) without the
     * OverlappingFileLockException a second lock would meet. Released on close and on every failed open;
     * the system drops it when a process dies.
     */
    static final class ProcessLock {
        private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final Path lockFile;
        private final java.nio.channels.FileChannel channel;
        private boolean released;

        private ProcessLock(Path lockFile, java.nio.channels.FileChannel channel) {
            this.lockFile = lockFile;
            this.channel = channel;
        }

        static ProcessLock acquire(Path lockFile, Path store) {
            if (!HELD.add(lockFile)) {
                // Never a second OS lock from one process (an OverlappingFileLockException): the holder here
                // is as busy as another process would be, and in-process tests stand in for one this way.
                throw new StoreLockedException("the store " + store + " is in use: this postern process already has it"
                        + " open; close it and retry", null);
            }
            java.nio.channels.FileChannel ch = null;
            try {
                ch = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE);
                StoreFiles.makePrivate(lockFile);
                java.nio.channels.FileLock l = ch.tryLock();
                if (l == null) throw StoreLockedException.of(store, null);
                return new ProcessLock(lockFile, ch);
            } catch (java.io.IOException e) {
                closeChannel(ch);
                HELD.remove(lockFile);
                throw openFailure(store, new java.io.UncheckedIOException(e));
            } catch (RuntimeException | Error e) {
                closeChannel(ch);
                HELD.remove(lockFile);
                throw e;
            }
        }

        synchronized void release() {
            if (released) return;
            released = true;
            closeChannel(channel);
            HELD.remove(lockFile);
        }

        private static void closeChannel(java.nio.channels.FileChannel ch) {
            if (ch == null) return;
            try {
                ch.close(); // releases the lock
            } catch (java.io.IOException e) {
                // nothing left to release
            }
        }
    }

    /** MapDB grows its file by whole 1 MiB steps; that is what a cut-off (truncated) store fails. */
    static final long GROWTH_STEP = 1L << 20;

    /**
     * A store whose length is not a whole number of MapDB's growth steps was cut off (a copy that stopped
     * short, a full disk during a copy, an older postern killed while creating it). Checked before MapDB
     * opens it, because MapDB would first grow the file back to a step, changing it before it is moved aside.
     */
    private static void checkLength(Path file) {
        long size;
        try {
            if (!Files.isRegularFile(file)) return;
            size = Files.size(file);
        } catch (IOException e) {
            return; // opening it will say what is wrong
        }
        if (size % GROWTH_STEP != 0) {
            throw new Damaged("it is cut off: " + size + " bytes, not a whole number of MiB", null);
        }
    }

    /** Whether opening the file through memory mapping leaves it byte for byte as it is. */
    private static boolean mappedAsIs(Path file) {
        try {
            long size = Files.size(file);
            if (size == 0 || size % GROWTH_STEP != 0) return false;
            return StoreFiles.walFiles(file).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static java.util.Set<String> names(DB db) {
        java.util.Set<String> names = new java.util.HashSet<>();
        db.getAllNames().forEach(names::add);
        return names;
    }

    private static void checkFormat(Path file, DB db) {
        Atomic.Integer format = db.atomicInteger("postern.format").createOrOpen();
        int found = format.get();
        if (found == 0) {
            format.set(FORMAT);
        } else if (found > FORMAT) {
            throw new PosternException(ExitCode.DATAERR, "the store " + file + " was written by a newer postern (format "
                    + found + "); upgrade postern to read it");
        }
    }

    private static PosternException openFailure(Path file, RuntimeException e) {
        if (isDamage(e)) {
            return new PosternException(ExitCode.DATAERR, "the store " + file + " is damaged and cannot be opened ("
                    + e.getMessage() + "); move it aside so postern creates a new one, or restore it from a backup", e);
        }
        return new PosternException(ExitCode.IOERR, "the store " + file + " cannot be opened (" + rootMessage(e)
                + "); check free disk space and the file's permissions, then retry", e);
    }

    private static boolean isDamage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DBException.WrongFormat || t instanceof DBException.DataCorruption
                    || t instanceof DBException.NewMapDBFormat || t instanceof DBException.PointerChecksumBroken
                    || t instanceof DBException.SerializationError || t instanceof DBException.WrongConfiguration
                    || t instanceof DBException.VolumeEOF || t instanceof EOFException
                    || t instanceof DBException.GetVoid || t instanceof ClassCastException) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(DB db) {
        if (db == null) return;
        try {
            db.close();
        } catch (RuntimeException ignored) {
            // Already failing with a better message; a second error would hide it.
        }
    }

    /** The file this store lives in. */
    public Path file() {
        return file;
    }

    // ---- folders -------------------------------------------------------------------------------

    @Override
    public void putFolder(Folder folder) {
        write(() -> folders.put(KeyCodec.folder(folder.account(), folder.name()), FolderCodec.encode(folder)));
    }

    @Override
    public void removeFolder(String account, String folder) {
        write(() -> {
            folders.remove(KeyCodec.folder(account, folder));
            states.remove(KeyCodec.folder(account, folder));
            List<MessageRef> refs = envelopes.refs(account, folder);
            changed.addAll(refs);
            release(envelopes.removeAll(refs));
            return null;
        });
    }

    @Override
    public List<Folder> folders(String account) {
        return read(() -> {
            List<Folder> list = new ArrayList<>();
            for (var entry : EnvelopeTable.withPrefix(folders, KeyCodec.account(account)).entrySet()) {
                String name = folderName(account, entry.getKey());
                list.add(FolderCodec.decode(account, name, entry.getValue()));
            }
            list.sort(Comparator.comparing(Folder::name));
            return list;
        });
    }

    /** The folder key is account then name, both length-prefixed; the name is what follows the account. */
    private static String folderName(String account, byte[] key) {
        byte[] prefix = KeyCodec.account(account);
        int p = prefix.length;
        int n = 0;
        for (int shift = 0; ; shift += 7) {
            int b = key[p++] & 0xFF;
            n |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
        }
        byte[] name = java.util.Arrays.copyOfRange(key, p, p + n);
        try {
            return BinaryIO.decodeString(name);
        } catch (IOException e) {
            throw new PosternException(ExitCode.DATAERR, "a folder name in the store is damaged; remove and resynchronise account " + account, e);
        }
    }

    @Override
    public Optional<FolderState> folderState(String account, String folder) {
        return read(() -> Optional.ofNullable(states.get(KeyCodec.folder(account, folder)))
                .map(r -> FolderCodec.decodeState(account, folder, r)));
    }

    @Override
    public void putFolderState(String account, String folder, FolderState state) {
        write(() -> states.put(KeyCodec.folder(account, folder), FolderCodec.encode(state)));
    }

    // ---- envelopes -----------------------------------------------------------------------------

    @Override
    public void putEnvelopes(Collection<Envelope> batch) {
        write(() -> {
            // Check before writing, so a bad hash cannot leave half a batch and skewed reference counts.
            for (Envelope e : batch) {
                if (e.bodyHash() != null && !blobs.contains(e.bodyHash())) {
                    throw new IllegalArgumentException("envelope " + e.ref() + " names body " + e.bodyHash()
                            + ", which is not in the store; attach bodies with attachBody");
                }
            }
            // The last envelope of a ref wins, as if written one by one; with each ref once, the
            // fix-ups below cannot overwrite a later envelope of the same ref.
            Map<MessageRef, Envelope> unique = new LinkedHashMap<>();
            for (Envelope e : batch) unique.put(e.ref(), e);
            List<Envelope> written = new ArrayList<>(unique.values());
            List<Optional<Envelope>> previous = envelopes.putAll(written);

            List<Envelope> keepBody = new ArrayList<>();
            List<String> released = new ArrayList<>();
            for (int i = 0; i < written.size(); i++) {
                Envelope e = written.get(i);
                if (searchedFieldsDiffer(previous.get(i), e)) changed.add(e.ref());
                String oldHash = previous.get(i).map(Envelope::bodyHash).orElse(null);
                if (e.bodyHash() == null) {
                    if (oldHash != null) keepBody.add(e.withBodyHash(oldHash));
                } else if (!e.bodyHash().equals(oldHash)) {
                    blobs.retain(e.bodyHash());
                    if (oldHash != null) released.add(oldHash);
                }
            }
            envelopes.putAll(keepBody);
            // Releases wait until every retain is done: an earlier envelope of the batch may drop the
            // last reference to a body that a later one names.
            released.forEach(blobs::release);
            return null;
        });
    }

    /** Whether replacing {@code before} with {@code after} changes what a search index holds of the message. */
    private static boolean searchedFieldsDiffer(Optional<Envelope> before, Envelope after) {
        if (before.isEmpty()) return true;
        Envelope b = before.get();
        return (after.bodyHash() != null && !after.bodyHash().equals(b.bodyHash()))
                || !java.util.Objects.equals(b.from(), after.from()) || !b.to().equals(after.to())
                || !b.cc().equals(after.cc()) || !java.util.Objects.equals(b.subject(), after.subject());
    }

    @Override
    public void updateFlags(MessageRef ref, Flags flags) {
        write(() -> {
            envelopes.get(ref).ifPresent(e -> envelopes.putAll(List.of(e.withFlags(flags))));
            return null;
        });
    }

    @Override
    public void removeEnvelopes(Collection<MessageRef> refs) {
        write(() -> {
            release(envelopes.removeAll(refs));
            changed.addAll(refs);
            for (MessageRef ref : refs) detached.remove(KeyCodec.envelope(ref));
            return null;
        });
    }

    private void release(List<Envelope> removed) {
        for (Envelope e : removed) if (e.bodyHash() != null) blobs.release(e.bodyHash());
    }

    @Override
    public Optional<Envelope> envelope(MessageRef ref) {
        return read(() -> envelopes.get(ref));
    }

    @Override
    public SortedSet<Long> uids(String account, String folder, long uidValidity) {
        return read(() -> envelopes.uids(account, folder, uidValidity));
    }

    @Override
    public int count(String account, String folder) {
        return read(() -> (int) currentCounts(account, folder)[0]);
    }

    @Override
    public int unread(String account, String folder) {
        return read(() -> (int) currentCounts(account, folder)[1]);
    }

    private long[] currentCounts(String account, String folder) {
        OptionalLong uidValidity = currentUidValidity(account, folder);
        return uidValidity.isPresent() ? envelopes.counts(account, folder, uidValidity.getAsLong()) : new long[2];
    }

    /**
     * The folder's UIDVALIDITY from its sync state; before the first sync state is written (a first
     * sync still in progress), the newest one with cached envelopes, so a folder shows what it holds.
     */
    private OptionalLong currentUidValidity(String account, String folder) {
        byte[] state = states.get(KeyCodec.folder(account, folder));
        if (state != null) return OptionalLong.of(FolderCodec.decodeState(account, folder, state).uidValidity());
        return envelopes.latestUidValidity(account, folder);
    }

    @Override
    public List<Envelope> page(String account, String folder, int offset, int limit) {
        return read(() -> {
            OptionalLong uidValidity = currentUidValidity(account, folder);
            if (uidValidity.isEmpty()) return List.of();
            return envelopes.page(account, folder, uidValidity.getAsLong(), offset, limit);
        });
    }

    // ---- bodies --------------------------------------------------------------------------------

    /**
     * @throws IllegalArgumentException if no envelope is cached for the ref: a blob nothing points at
     *         would never be released
     */
    @Override
    public String attachBody(MessageRef ref, byte[] raw) {
        return write(() -> {
            Envelope e = envelopes.get(ref).orElseThrow(() -> new IllegalArgumentException(
                    "no cached envelope for " + ref + "; store the envelope before its body"));
            String hash = BlobStore.hash(raw);
            if (hash.equals(e.bodyHash())) return hash;
            blobs.acquire(raw);
            if (e.bodyHash() != null) blobs.release(e.bodyHash());
            envelopes.putAll(List.of(e.withBodyHash(hash)));
            changed.add(ref);
            return hash;
        });
    }

    @Override
    public Optional<byte[]> body(MessageRef ref) {
        return read(() -> envelopes.get(ref).map(Envelope::bodyHash).flatMap(blobs::get));
    }

    @Override
    public Optional<byte[]> blob(String hash) {
        return read(() -> blobs.get(hash));
    }

    @Override
    public OptionalLong blobLength(String hash) {
        return read(() -> {
            long[] sizes = blobs.sizes(hash);
            return sizes == null ? OptionalLong.empty() : OptionalLong.of(sizes[0]);
        });
    }

    /** How many cached envelopes point at the blob; 0 if it is not stored. For diagnostics and tests. */
    public long blobRefCount(String hash) {
        return read(() -> blobs.refCount(hash));
    }

    /** Number of distinct bodies stored. For diagnostics and tests. */
    public int blobCount() {
        return read(blobs::size);
    }

    // ---- maintenance: stats, verify, compact (postern store ...) ----------------------------------

    /** Calls the action for every cached envelope of every account and folder. Holds the read lock throughout. */
    public void forEachEnvelope(java.util.function.Consumer<Envelope> action) {
        read(() -> {
            envelopes.forEach(action);
            return null;
        });
    }

    /** Counts and sizes of everything stored; walks every envelope and blob header (no decompression). */
    public StoreStats stats() {
        return read(() -> {
            long[] messages = new long[2];
            long[] logical = new long[1];
            Map<String, long[]> sizes = new java.util.HashMap<>();
            long raw = 0, stored = 0, count = 0;
            for (String hash : blobs.hashes()) {
                long[] s = blobs.sizes(hash);
                sizes.put(hash, s);
                raw += s[0];
                stored += s[1];
                count++;
            }
            envelopes.forEach(e -> {
                messages[0]++;
                if (e.bodyHash() == null) return;
                long[] s = sizes.get(e.bodyHash());
                if (s == null) return;
                messages[1]++;
                logical[0] += s[0];
            });
            long fileBytes;
            try {
                fileBytes = Files.size(file);
            } catch (IOException e) {
                fileBytes = -1;
            }
            return new StoreStats(messages[0], messages[1], count, logical[0], raw, stored, fileBytes);
        });
    }

    /**
     * Re-hashes every blob and checks the references: a blob that does not decompress or no longer
     * matches its hash, a message naming a body that is not there, and reference counts that disagree
     * with the envelopes. Each problem names the messages it affects. Changes nothing.
     */
    private long fileSize() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    public List<BlobDamage> verify() {
        return read(() -> {
            Map<String, List<MessageRef>> users = new java.util.HashMap<>();
            List<BlobDamage> damage = new ArrayList<>();
            // No table can hold more entries than the file has 16-byte slots: a walk longer than that is one
            // that a damaged node sent round in a circle, and would never end.
            long bound = Math.max(1_000_000L, fileSize() / 16);
            long[] seen = {0};
            try {
                damage.addAll(envelopes.forEachReadable(e -> {
                    if (++seen[0] > bound) throw new IllegalStateException("its index goes round in a circle");
                    if (e.bodyHash() != null) users.computeIfAbsent(e.bodyHash(), h -> new ArrayList<>()).add(e.ref());
                }));
            } catch (RuntimeException e) {
                // The table's own structure is broken: what follows would name sound bodies as unreferenced.
                damage.add(new BlobDamage(null, "the envelope table is damaged and cannot be read to the end (" + rootMessage(e) + ")", List.of()));
                return damage;
            }
            try {
                seen[0] = 0;
                for (String hash : blobs.hashes()) {
                    if (++seen[0] > bound) throw new IllegalStateException("its index goes round in a circle");
                    String why = blobs.damage(hash);
                    if (why != null) damage.add(new BlobDamage(hash, why, users.getOrDefault(hash, List.of())));
                }
            } catch (RuntimeException e) {
                damage.add(new BlobDamage(null, "the body table is damaged and cannot be read to the end (" + rootMessage(e) + ")", List.of()));
                return damage;
            }
            for (var entry : users.entrySet()) {
                try {
                    if (!blobs.contains(entry.getKey()) || blobs.sizes(entry.getKey()) == null) {
                        damage.add(new BlobDamage(entry.getKey(), "the body is missing from the store", entry.getValue()));
                    } else if (blobs.refCount(entry.getKey()) != entry.getValue().size()) {
                        damage.add(new BlobDamage(entry.getKey(), "its reference count is " + blobs.refCount(entry.getKey())
                                + " but " + entry.getValue().size() + " messages point at it", entry.getValue()));
                    }
                } catch (RuntimeException e) {
                    damage.add(new BlobDamage(entry.getKey(), "its record is damaged (" + rootMessage(e) + ")", entry.getValue()));
                }
            }
            try {
                seen[0] = 0;
                for (var entry : blobs.refCounts().entrySet()) {
                    if (++seen[0] > bound) throw new IllegalStateException("its index goes round in a circle");
                    if (!users.containsKey(entry.getKey())) {
                        damage.add(new BlobDamage(entry.getKey(), "no message points at it (reference count "
                                + entry.getValue() + ")", List.of()));
                    }
                }
            } catch (RuntimeException e) {
                damage.add(new BlobDamage(null, "the reference counts are damaged and cannot be read to the end (" + rootMessage(e) + ")", List.of()));
            }
            return damage;
        });
    }

    /**
     * Rewrites the store into a fresh file holding only live records and replaces the old file with it,
     * so space freed by deleted messages goes back to the disk (MapDB cannot compact a store with a
     * write-ahead log in place). The old file stays untouched until the new one is complete and synced;
     * a crash leaves either the old file or the new one, plus at worst a stray {@code store.db.compact}.
     * The store must not be open in this process. Returns {bytes before, bytes after}.
     */
    public static long[] compact(Path dataDir) {
        Path tmp = dataDir.resolve(FILE_NAME + ".compact").toAbsolutePath();
        Path target;
        long before;
        try (MapDbStore old = open(dataDir)) {
            target = old.file;
            before = Files.size(target);
            Files.deleteIfExists(tmp);
            for (String stray : List.of(".wal.0", ".wal.1", ".wal.2")) Files.deleteIfExists(Path.of(tmp + stray));
            DB fresh = StoreFiles.open(tmp);
            StoreFiles.makePrivate(tmp);
            try {
                checkFormat(tmp, fresh);
                new MapDbStore(tmp, fresh);
                old.lock.writeLock().lock();
                try {
                    copyAll(old.db, fresh);
                } finally {
                    old.lock.writeLock().unlock();
                }
                fresh.commit();
            } finally {
                fresh.close();
            }
        } catch (IOException | DBException e) {
            throw new PosternException(ExitCode.IOERR, "compacting the store in " + dataDir + " failed (" + rootMessage(e)
                    + "); the store was left as it was; check free disk space (compaction needs room for a second copy)", e);
        }
        try {
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            StoreFiles.syncDirectory(target.getParent());
            return new long[] {before, Files.size(target)};
        } catch (IOException e) {
            throw new PosternException(ExitCode.IOERR, "the compacted store " + tmp + " could not replace " + target + " ("
                    + rootMessage(e) + "); the old store is still in place", e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void copyAll(DB from, DB to) {
        List<String> names = new ArrayList<>();
        from.getAllNames().forEach(names::add);
        for (String name : names) {
            if (!to.exists(name)) {
                throw new PosternException(ExitCode.DATAERR, "the store holds a collection '" + name
                        + "' this version of postern does not know, so it will not compact it; upgrade postern");
            }
        }
        for (String name : names) {
            Object source = from.get(name);
            Object sink = to.get(name);
            int n = 0;
            if (source instanceof Map m && sink instanceof Map t) {
                for (Object e : m.entrySet()) {
                    Map.Entry entry = (Map.Entry) e;
                    t.put(entry.getKey(), entry.getValue());
                    if (++n % 2000 == 0) to.commit();
                }
            } else if (source instanceof java.util.Set s && sink instanceof java.util.Set t) {
                for (Object e : s) {
                    t.add(e);
                    if (++n % 2000 == 0) to.commit();
                }
            } else if (source instanceof Atomic.Integer a && sink instanceof Atomic.Integer b) {
                b.set(a.get());
            } else if (source instanceof Atomic.Long a && sink instanceof Atomic.Long b) {
                // The offline queue's id sequence: ids must keep ascending after a compaction.
                b.set(a.get());
            } else {
                throw new PosternException(ExitCode.DATAERR, "the store's collection '" + name
                        + "' has a shape this version of postern cannot copy, so it will not compact the store");
            }
        }
    }

    // ---- POP3 UIDL ledger -----------------------------------------------------------------------

    @Override
    public Map<String, UidlEntry> uidls(String account) {
        return read(() -> {
            Map<String, UidlEntry> out = new LinkedHashMap<>();
            for (var e : EnvelopeTable.withPrefix(uidls, KeyCodec.account(account)).entrySet()) {
                out.put(folderName(account, e.getKey()), UidlCodec.decode(account, e.getValue()));
            }
            return out;
        });
    }

    @Override
    public void putUidl(String account, String uidl, UidlEntry entry) {
        if (uidl == null || uidl.isEmpty()) throw new IllegalArgumentException("empty UIDL");
        write(() -> uidls.put(KeyCodec.folder(account, uidl), UidlCodec.encode(entry)));
    }

    @Override
    public Optional<String> uidlOf(String account, long localUid) {
        return read(() -> {
            for (var e : EnvelopeTable.withPrefix(uidls, KeyCodec.account(account)).entrySet()) {
                if (UidlCodec.decode(account, e.getValue()).localUid() == localUid) {
                    return Optional.of(folderName(account, e.getKey()));
                }
            }
            return Optional.<String>empty();
        });
    }

    // ---- bodies-complete marks ----------------------------------------------------------------------

    @Override
    public Optional<BodiesMark> bodiesMark(String account, String folder) {
        return read(() -> Optional.ofNullable(bodiesMarks.get(KeyCodec.folder(account, folder)))
                .map(b -> BodiesMark.decode(account, folder, b)));
    }

    @Override
    public void putBodiesMark(String account, String folder, BodiesMark mark) {
        write(() -> mark == null ? bodiesMarks.remove(KeyCodec.folder(account, folder))
                : bodiesMarks.put(KeyCodec.folder(account, folder), mark.encode()));
    }

    // ---- messages kept locally only ----------------------------------------------------------------

    @Override
    public void detach(Collection<MessageRef> refs) {
        write(() -> {
            for (MessageRef ref : refs) if (envelopes.get(ref).isPresent()) detached.add(KeyCodec.envelope(ref));
            return null;
        });
    }

    @Override
    public void attach(Collection<MessageRef> refs) {
        write(() -> {
            for (MessageRef ref : refs) detached.remove(KeyCodec.envelope(ref));
            return null;
        });
    }

    @Override
    public boolean isDetached(MessageRef ref) {
        return read(() -> detached.contains(KeyCodec.envelope(ref)));
    }

    @Override
    public SortedSet<Long> detached(String account, String folder, long uidValidity) {
        return read(() -> {
            byte[] from = KeyCodec.generation(account, folder, uidValidity);
            byte[] to = KeyCodec.prefixEnd(from);
            SortedSet<Long> out = new java.util.TreeSet<>();
            for (byte[] key : to == null ? detached.tailSet(from, true) : detached.subSet(from, true, to, false)) {
                out.add(KeyCodec.uidOfEnvelopeKey(key));
            }
            return out;
        });
    }

    // ---- offline action queue --------------------------------------------------------------------

    private static String pendingKey(long id) {
        return String.format("%019d", id);
    }

    @Override
    public PendingAction enqueue(PendingAction action) {
        return write(() -> {
            long id = pendingSeq.incrementAndGet();
            PendingAction stored = action.withId(id);
            pending.put(KeyCodec.folder(action.account(), pendingKey(id)), PendingCodec.encode(stored));
            return stored;
        });
    }

    @Override
    public List<PendingAction> pending(String account) {
        return read(() -> {
            List<PendingAction> out = new ArrayList<>();
            for (var e : EnvelopeTable.withPrefix(pending, KeyCodec.account(account)).entrySet()) {
                out.add(PendingCodec.decode(Long.parseLong(folderName(account, e.getKey())), account, e.getValue()));
            }
            return out;
        });
    }

    @Override
    public void removePending(String account, long id) {
        write(() -> pending.remove(KeyCodec.folder(account, pendingKey(id))));
    }

    // ---- outbox ------------------------------------------------------------------------------------

    @Override
    public OutboxEntry enqueueOutgoing(OutboxEntry entry) {
        return write(() -> {
            OutboxEntry stored = entry.withId(outboxSeq.incrementAndGet());
            outbox.put(KeyCodec.folder(entry.account(), pendingKey(stored.id())), stored.encode());
            return stored;
        });
    }

    @Override
    public List<OutboxEntry> outbox(String account) {
        return read(() -> {
            List<OutboxEntry> out = new ArrayList<>();
            for (var e : EnvelopeTable.withPrefix(outbox, KeyCodec.account(account)).entrySet()) {
                out.add(OutboxEntry.decode(Long.parseLong(folderName(account, e.getKey())), account, e.getValue()));
            }
            return out;
        });
    }

    @Override
    public void updateOutgoing(OutboxEntry entry) {
        write(() -> outbox.computeIfPresent(KeyCodec.folder(entry.account(), pendingKey(entry.id())),
                (k, old) -> entry.encode()));
    }

    @Override
    public void removeOutgoing(String account, long id) {
        write(() -> outbox.remove(KeyCodec.folder(account, pendingKey(id))));
    }

    // ---- transactions --------------------------------------------------------------------------

    @Override
    public void commit() {
        write(() -> {
            if (changed.isEmpty()) {
                db.commit();
                return null;
            }
            long seq = changeSeq.incrementAndGet();
            db.commit();
            java.util.Set<MessageRef> done = java.util.Set.copyOf(changed);
            changed.clear();
            StoreIndex i = index;
            if (i != null) i.committed(seq, done);
            return null;
        });
    }

    @Override
    public void rollback() {
        write(() -> {
            changed.clear();
            db.rollback();
            return null;
        });
    }

    /** Closing without {@link #commit()} discards the uncommitted writes, exactly as a crash would. */
    @Override
    public void close() {
        StoreIndex i = index;
        if (i != null && !closed) {
            index = null;
            i.close(); // before the lock: its worker may still be reading the store
        }
        lock.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            try {
                db.close();
            } finally {
                if (processLock != null) processLock.release();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private <T> T read(Supplier<T> action) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return action.get();
        } catch (DBException e) {
            throw ioFailure(e);
        } catch (PosternException e) {
            throw damagedRecord(e);
        } catch (RuntimeException e) {
            throw insideMapDb(e) ? damagedStructure(e) : e;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Whether {@code e} was thrown by MapDB's own code (its first frame outside the JDK is MapDB's): a bare
     * IndexOutOfBoundsException or NegativeArraySizeException from a B-tree node is damaged bytes, not a bug
     * of postern's, and is said so (65) instead of "internal error" (70).
     */
    static boolean insideMapDb(Throwable e) {
        for (StackTraceElement f : e.getStackTrace()) {
            String c = f.getClassName();
            if (c.startsWith("org.mapdb.")) return true;
            if (!(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun."))) return false;
        }
        return false;
    }

    private PosternException damagedStructure(RuntimeException e) {
        return new PosternException(ExitCode.DATAERR, "the store " + file + " is damaged (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + " inside MapDB); run `postern store verify`,"
                + " then move the file aside and sync again, or restore it from a backup", e);
    }

    private <T> T write(Supplier<T> action) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            return action.get();
        } catch (DBException e) {
            throw ioFailure(e);
        } catch (PosternException e) {
            throw e;
        } catch (RuntimeException e) {
            throw insideMapDb(e) ? damagedStructure(e) : e;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("the store " + file + " is closed");
    }

    /**
     * A record that does not decode is damage on disk far more often than a newer postern: say which file
     * and what to do. MapDB keeps no checksums, so such damage shows when the record is read, not at open.
     */
    private PosternException damagedRecord(PosternException e) {
        if (e.exitCode() != ExitCode.DATAERR || e.getMessage().startsWith("the store ")) return e;
        return new PosternException(ExitCode.DATAERR, "the store " + file + " is damaged or from a newer postern: "
                + e.getMessage() + "; run `postern store verify` to list every damaged record, then restore the store from a"
                + " backup or move it aside and sync again", e);
    }

    private PosternException ioFailure(DBException e) {
        if (isDamage(e)) {
            return new PosternException(ExitCode.DATAERR, "the store " + file + " is damaged (" + e.getMessage()
                    + "); close postern, move the file aside and resynchronise, or restore it from a backup", e);
        }
        return new PosternException(ExitCode.IOERR, "the store " + file + " could not be read or written ("
                + rootMessage(e) + "); nothing since the last commit was kept; check free disk space and the file's "
                + "permissions, then retry", e);
    }

    /** The innermost cause's own words ("No space left on device"), not a chain of class names. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }
}

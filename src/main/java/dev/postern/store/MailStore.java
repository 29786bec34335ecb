package dev.postern.store;

import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

/**
 * The offline copy. Envelopes and flags are kept per account/folder/UIDVALIDITY/UID; message bodies are
 * content-addressed blobs (SHA-256 of the raw bytes), compressed, stored once however many messages
 * point at them, and reference-counted.
 *
 * <p>Writes are transactional: nothing is visible after a crash unless {@link #commit()} returned. Callers
 * batch many writes per commit. Implementations are thread-safe.
 */
public interface MailStore extends AutoCloseable {

    // ---- folders -------------------------------------------------------------------------------

    /** Records a folder with the counts last seen; replaces an earlier record of the same name. */
    void putFolder(Folder folder);

    /** Removes a folder's record, its sync state and all its envelopes (blob references are released). */
    void removeFolder(String account, String folder);

    /** Every folder recorded for the account, sorted by name. Empty if none. */
    List<Folder> folders(String account);

    /**
     * The folder's record, if the account has one of that name: one look-up (a sync of 2,000 folders read all 2,000 for
     * each one, 4 million records decoded).
     */
    Optional<Folder> folder(String account, String name);

    /** Sync state of a folder, or empty if it was never synchronised. */
    Optional<FolderState> folderState(String account, String folder);

    void putFolderState(String account, String folder, FolderState state);

    // ---- envelopes -----------------------------------------------------------------------------

    /**
     * When this store began to record arrivals (the first open by a postern of store format 3 or later): an envelope
     * without an arrival was stored before that, and is taken as having arrived then (never older, hunt 38-T, T1).
     */
    java.time.Instant arrivalsKnownSince();

    /**
     * Inserts or replaces envelopes (keyed by their ref). A replaced envelope keeps its body hash unless the new one has one,
     * and its arrival ({@link Envelope#arrived()}) once one is recorded.
     */
    void putEnvelopes(Collection<Envelope> envelopes);

    /** Replaces the flags of a cached envelope; no-op if it is not cached. */
    void updateFlags(MessageRef ref, Flags flags);

    /** Removes envelopes; the bodies they referenced lose one reference each. */
    void removeEnvelopes(Collection<MessageRef> refs);

    Optional<Envelope> envelope(MessageRef ref);

    /** UIDs cached for this folder under this UIDVALIDITY, ascending. */
    SortedSet<Long> uids(String account, String folder, long uidValidity);

    /** Number of envelopes cached for the folder under its current UIDVALIDITY (from its FolderState). */
    int count(String account, String folder);

    /** Number of those without the \Seen flag. */
    int unread(String account, String folder);

    /**
     * One page of the folder under its current UIDVALIDITY, newest first (by date, then UID). Must not
     * read the whole folder: a page of 50 rows costs milliseconds at 100,000 messages.
     */
    List<Envelope> page(String account, String folder, int offset, int limit);

    // ---- bodies --------------------------------------------------------------------------------

    /**
     * Stores the raw RFC 822 bytes of a cached envelope's message as a blob (once per distinct content)
     * and points the envelope at it. Returns the blob hash.
     */
    String attachBody(MessageRef ref, byte[] raw);

    /**
     * The exact raw bytes of a message's cached body, if cached.
     *
     * @throws dev.postern.model.DamagedBody if the stored copy no longer matches its hash (fetch it again and
     *         {@link #attachBody} it to mend it)
     */
    Optional<byte[]> body(MessageRef ref);

    /** The exact bytes of a blob by hash, if present. */
    Optional<byte[]> blob(String hash);

    /** The hash the store keys {@code raw} by ({@link #blob}, {@code Envelope.bodyHash}): SHA-256, lower-case hex. */
    static String blobHash(byte[] raw) {
        return BlobStore.hash(raw);
    }

    /** How many raw bytes a blob holds, if present; read without decompressing where the store can. */
    default java.util.OptionalLong blobLength(String hash) {
        return blob(hash).map(b -> java.util.OptionalLong.of(b.length)).orElse(java.util.OptionalLong.empty());
    }

    /**
     * Records that these messages' stored bodies are damaged (their bytes no longer match their hash), so that the
     * next sync of their folder (POP3: fetch) fetches them again; storing a message's body again
     * ({@link #attachBody}, which puts the same bytes in place of the damaged copy) forgets it. Durable after
     * {@link #commit()}.
     */
    default void markDamaged(Collection<MessageRef> refs) {}

    /** UIDs of the folder's messages recorded with a damaged body ({@link #markDamaged}) under this UIDVALIDITY. */
    default SortedSet<Long> damagedBodies(String account, String folder, long uidValidity) {
        return new java.util.TreeSet<>();
    }

    // ---- POP3 UIDL ledger -----------------------------------------------------------------------

    /**
     * Every UIDL recorded for a POP3 account with its ledger entry. The entry and the message's envelope
     * and body are written before one {@link #commit()}, so after a crash either all three are there or
     * none is.
     */
    java.util.Map<String, UidlEntry> uidls(String account);

    /** Records or replaces the ledger entry of one UIDL. */
    void putUidl(String account, String uidl, UidlEntry entry);

    /** The UIDL stored under a local UID of a POP3 account, if any. */
    Optional<String> uidlOf(String account, long localUid);

    // ---- which mailbox an account's data came from ----------------------------------------------

    /**
     * The mailbox the account's stored data (ledger, UIDs, flags, queued changes) came from, as recorded by
     * {@link #putOrigin}; empty for an account never connected since the record began (a store of an older postern).
     */
    Optional<String> origin(String account);

    /** Records the mailbox the account's data comes from from now on (committed with the next {@link #commit()}). */
    void putOrigin(String account, String origin);

    // ---- bodies-complete marks ----------------------------------------------------------------------

    /** The last record that a folder's bodies were all cached (see {@link BodiesMark}), if any. */
    default Optional<BodiesMark> bodiesMark(String account, String folder) {
        return Optional.empty();
    }

    /** Records (or with {@code null} forgets) that a folder's bodies are all cached. */
    default void putBodiesMark(String account, String folder, BodiesMark mark) {}

    // ---- messages kept locally after their server copy was deleted ----------------------------------

    /**
     * Marks cached messages as kept locally only: retention with {@code where = "server"} deleted their
     * server copy on purpose, so a sync must not take their absence from the server as a reason to drop
     * them. Removing an envelope forgets its mark. Durable after {@link #commit()}.
     */
    default void detach(Collection<MessageRef> refs) {
        throw new UnsupportedOperationException("this store cannot keep messages locally only");
    }

    /** Takes the mark of {@link #detach} off again (the server deletion it was made for failed). */
    default void attach(Collection<MessageRef> refs) {}

    /** Whether this cached message is kept locally only (see {@link #detach}). */
    default boolean isDetached(MessageRef ref) {
        return false;
    }

    /** UIDs of the folder's messages kept locally only under this UIDVALIDITY, ascending. */
    default SortedSet<Long> detached(String account, String folder, long uidValidity) {
        return new java.util.TreeSet<>();
    }

    // ---- offline action queue --------------------------------------------------------------------

    /** Appends an action to the account's queue under a new, ascending id; durable after {@link #commit()}. */
    default PendingAction enqueue(PendingAction action) {
        throw new UnsupportedOperationException("this store has no offline queue");
    }

    /** The account's queued actions, oldest first. */
    default List<PendingAction> pending(String account) {
        return List.of();
    }

    /** Drops one queued action (replayed, or dropped after a conflict). */
    default void removePending(String account, long id) {}

    /** Writes a queued action again under its id (a replay noted how far it got); durable after {@link #commit()}. */
    default void updatePending(PendingAction action) {}

    // ---- outbox: finished messages waiting for the submission server ------------------------------

    /** Puts a message in the account's outbox under a new, ascending id; durable after {@link #commit()}. */
    default OutboxEntry enqueueOutgoing(OutboxEntry entry) {
        throw new UnsupportedOperationException("this store has no outbox");
    }

    /** The account's waiting messages, oldest first. */
    default List<OutboxEntry> outbox(String account) {
        return List.of();
    }

    /** Replaces a waiting message (to record why its last attempt failed). */
    default void updateOutgoing(OutboxEntry entry) {}

    /** Drops a message from the outbox (it was sent). */
    default void removeOutgoing(String account, long id) {}

    // ---- accounts ------------------------------------------------------------------------------

    /**
     * Every account name the store holds anything of (folders, messages, a POP3 ledger, queued changes, outbox
     * messages), sorted: what the config must still name for any of it to be seen, sent or replayed.
     */
    default SortedSet<String> accounts() {
        return new java.util.TreeSet<>();
    }

    // ---- transactions --------------------------------------------------------------------------

    /** Makes every write since the last commit durable (synced to disk). */
    void commit();

    /** Discards every write since the last commit. */
    void rollback();

    @Override
    void close();

    /**
     * A mark to read a folder's listing under, to be handed to {@link #keepListing} with its rows; -1 when the store
     * would not keep it.
     */
    default long listingMark() {
        return -1;
    }

    /**
     * Remembers a folder's listing, read since {@code mark}, to be kept beside the store for the next {@code list
     * --cached} in a process of its own ({@link ListingCache}) if nothing changes the store before it closes; a store
     * that keeps none ignores it.
     */
    default void keepListing(long mark, ListingCache.Listing listing) {}
}

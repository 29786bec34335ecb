package dev.postern.store;

import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.function.Consumer;

/**
 * The store's message tables, which change together: the envelopes (with their by-date index and folder
 * counters, {@link EnvelopeTable}), the bodies they point at (reference-counted, {@link BlobStore}), the
 * set of messages kept locally only ({@code detachedEnvelopes}), and which messages changed since the last
 * commit (for the search index). One logical write here keeps envelopes and reference counts in step.
 * Not thread-safe and not guarded: {@link MapDbStore} calls it under its {@link StoreGuard}.
 */
final class MessageTables {
    private final EnvelopeTable envelopes;
    private final BlobStore blobs;
    private final NavigableSet<byte[]> detached;
    private final FolderTables folders;
    private final DamagedBodies damaged;
    /**
     * Messages changed since the last commit, for the index, each with its envelope as the store now holds it (empty:
     * removed); guarded by the store's write lock. The index takes them as they are instead of reading each back.
     */
    private final Map<MessageRef, Optional<Envelope>> changed = new java.util.HashMap<>();
    /** Messages whose envelope changed since the last commit in what is not searched only (flags, date...), none of changed. */
    private final Map<MessageRef, Envelope> retouched = new java.util.HashMap<>();

    MessageTables(EnvelopeTable envelopes, BlobStore blobs, NavigableSet<byte[]> detached, FolderTables folders,
            DamagedBodies damaged) {
        this.damaged = damaged;
        this.envelopes = envelopes;
        this.blobs = blobs;
        this.detached = detached;
        this.folders = folders;
    }

    EnvelopeTable envelopes() {
        return envelopes;
    }

    BlobStore blobs() {
        return blobs;
    }

    // ---- what the next commit tells the search index ------------------------------------------------

    boolean changedSinceCommit() {
        return !changed.isEmpty() || !retouched.isEmpty();
    }

    /** The messages changed since the last commit, with their envelopes as stored (empty: removed); forgets them. */
    Map<MessageRef, Optional<Envelope>> takeChanged() {
        Map<MessageRef, Optional<Envelope>> done = Map.copyOf(changed);
        changed.clear();
        return done;
    }

    /** The messages whose envelope alone changed since the last commit (none of {@link #takeChanged}); forgets them. */
    Map<MessageRef, Envelope> takeRetouched() {
        Map<MessageRef, Envelope> done = Map.copyOf(retouched);
        retouched.clear();
        return done;
    }

    /** {@code ref}'s searched fields or body changed (or it was removed: empty); {@code now} is what the store holds. */
    private void changed(MessageRef ref, Optional<Envelope> now) {
        changed.put(ref, now);
        retouched.remove(ref);
    }

    /**
     * {@code ref}'s envelope changed in what is not searched; {@code now} is what the store holds. A message changed
     * earlier in the same transaction stays changed, with this latest envelope: the index must not keep an older one.
     */
    private void retouched(MessageRef ref, Envelope now) {
        if (changed.containsKey(ref)) changed.put(ref, Optional.of(now));
        else retouched.put(ref, now);
    }

    /** A rollback: the changes since the commit are undone, and a page read meanwhile may hold some of them. */
    void forgetChanged() {
        changed.clear();
        retouched.clear();
        envelopes.forgetPages();
    }

    // ---- envelopes -----------------------------------------------------------------------------

    void put(Collection<Envelope> batch) {
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
            String oldHash = previous.get(i).map(Envelope::bodyHash).orElse(null);
            Envelope stored = e.bodyHash() == null && oldHash != null ? e.withBodyHash(oldHash) : e; // as keepBody leaves it
            // The first arrival recorded stands (a UID's INTERNALDATE never changes; POP3's is when it was first stored):
            // a message fetched again, or an envelope made anew without one, does not become younger or unknown.
            java.time.Instant arrived = previous.get(i).map(Envelope::arrived).orElse(null);
            if (arrived != null && !arrived.equals(e.arrived())) stored = stored.withArrived(arrived);
            if (searchedFieldsDiffer(previous.get(i), e)) changed(e.ref(), Optional.of(stored));
            else if (!previous.get(i).get().equals(stored)) retouched(e.ref(), stored);
            if (stored != e) keepBody.add(stored);
            if (e.bodyHash() != null && !e.bodyHash().equals(oldHash)) {
                blobs.retain(e.bodyHash());
                if (oldHash != null) released.add(oldHash);
            }
        }
        envelopes.putAll(keepBody);
        // Releases wait until every retain is done: an earlier envelope of the batch may drop the
        // last reference to a body that a later one names.
        released.forEach(blobs::release);
    }

    /** Whether replacing {@code before} with {@code after} changes what a search index holds of the message. */
    private static boolean searchedFieldsDiffer(Optional<Envelope> before, Envelope after) {
        if (before.isEmpty()) return true;
        Envelope b = before.get();
        return (after.bodyHash() != null && !after.bodyHash().equals(b.bodyHash()))
                || !java.util.Objects.equals(b.from(), after.from()) || !b.to().equals(after.to())
                || !b.cc().equals(after.cc()) || !java.util.Objects.equals(b.subject(), after.subject());
    }

    void updateFlags(MessageRef ref, Flags flags) {
        envelopes.get(ref).filter(e -> !e.flags().equals(flags)).ifPresent(e -> {
            Envelope flagged = e.withFlags(flags);
            envelopes.putAll(List.of(flagged));
            retouched(ref, flagged);
        });
    }

    /**
     * Every envelope of the folder, under any UIDVALIDITY, its bodies' references and its marks of messages kept only
     * here: those stayed (fix42-M, item 3), and a folder of that name later listed under the same UIDVALIDITY took a
     * message the server had dropped for one kept only here, and kept it.
     */
    void removeFolder(String account, String folder) {
        List<MessageRef> refs = envelopes.refs(account, folder);
        for (MessageRef ref : refs) {
            changed(ref, Optional.empty());
            damaged.forget(ref);
        }
        release(envelopes.removeAll(refs));
        byte[] from = KeyCodec.folder(account, folder);
        byte[] to = KeyCodec.prefixEnd(from);
        (to == null ? detached.tailSet(from, true) : detached.subSet(from, true, to, false)).clear();
    }

    void remove(Collection<MessageRef> refs) {
        release(envelopes.removeAll(refs));
        for (MessageRef ref : refs) {
            changed(ref, Optional.empty());
            detached.remove(KeyCodec.envelope(ref));
            damaged.forget(ref);
        }
    }

    private void release(List<Envelope> removed) {
        for (Envelope e : removed) if (e.bodyHash() != null) blobs.release(e.bodyHash());
    }

    Optional<Envelope> get(MessageRef ref) {
        return envelopes.get(ref);
    }

    SortedSet<Long> uids(String account, String folder, long uidValidity) {
        return envelopes.uids(account, folder, uidValidity);
    }

    /** {messages, unread} of the folder's current UIDVALIDITY. */
    long[] currentCounts(String account, String folder) {
        OptionalLong uidValidity = currentUidValidity(account, folder);
        return uidValidity.isPresent() ? envelopes.counts(account, folder, uidValidity.getAsLong()) : new long[2];
    }

    /**
     * The folder's UIDVALIDITY from its sync state; before the first sync state is written (a first
     * sync still in progress), the newest one with cached envelopes, so a folder shows what it holds.
     */
    private OptionalLong currentUidValidity(String account, String folder) {
        Optional<FolderState> state = folders.state(account, folder);
        if (state.isPresent()) return OptionalLong.of(state.get().uidValidity());
        return envelopes.latestUidValidity(account, folder);
    }

    List<Envelope> page(String account, String folder, int offset, int limit) {
        OptionalLong uidValidity = currentUidValidity(account, folder);
        if (uidValidity.isEmpty()) return List.of();
        return envelopes.page(account, folder, uidValidity.getAsLong(), offset, limit);
    }

    void forEach(Consumer<Envelope> action) {
        envelopes.forEach(action);
    }

    // ---- bodies --------------------------------------------------------------------------------

    /**
     * @throws IllegalArgumentException if no envelope is cached for the ref: a blob nothing points at
     *         would never be released
     */
    String attachBody(MessageRef ref, byte[] raw) {
        Envelope e = envelopes.get(ref).orElseThrow(() -> new IllegalArgumentException(
                "no cached envelope for " + ref + "; store the envelope before its body"));
        String hash = BlobStore.hash(raw);
        if (hash.equals(e.bodyHash())) {
            // The same body again: what mends a damaged (or missing) stored copy, which the early return this once
            // was kept in place however often the message was fetched again.
            if (blobs.repair(hash, raw)) changed(ref, Optional.of(e));
        } else {
            blobs.acquire(raw); // replaces a damaged copy of the same content too
            if (e.bodyHash() != null) blobs.release(e.bodyHash());
            Envelope withBody = e.withBodyHash(hash);
            envelopes.putAll(List.of(withBody));
            changed(ref, Optional.of(withBody));
        }
        // Whole now, for every message that names it.
        damaged.forget(ref);
        damaged.forgetHash(hash);
        return hash;
    }

    /**
     * Records the messages' bodies as damaged, for the next sync (or POP3 fetch) to fetch again; a message not
     * stored, or stored without a body, is passed over. Returns how many were not recorded yet.
     */
    int markDamaged(Collection<MessageRef> refs) {
        int added = 0;
        for (MessageRef ref : refs) {
            Optional<Envelope> e = envelopes.get(ref);
            if (e.isPresent() && e.get().bodyHash() != null && damaged.record(ref, e.get().bodyHash())) added++;
        }
        return added;
    }

    /** UIDs of the folder's messages recorded with a damaged body (see {@link #markDamaged}), ascending. */
    SortedSet<Long> damaged(String account, String folder, long uidValidity) {
        return damaged.uids(account, folder, uidValidity);
    }

    /** The message's body as stored, for {@link BlobStore#open} outside the store's lock. */
    Optional<BlobStore.Packed> packedBody(MessageRef ref) {
        return envelopes.get(ref).map(Envelope::bodyHash).flatMap(blobs::packed);
    }

    Optional<BlobStore.Packed> packedBlob(String hash) {
        return blobs.packed(hash);
    }

    OptionalLong blobLength(String hash) {
        long[] sizes = blobs.sizes(hash);
        return sizes == null ? OptionalLong.empty() : OptionalLong.of(sizes[0]);
    }

    // ---- messages kept locally only ----------------------------------------------------------------

    void detach(Collection<MessageRef> refs) {
        for (MessageRef ref : refs) if (envelopes.get(ref).isPresent()) detached.add(KeyCodec.envelope(ref));
    }

    void attach(Collection<MessageRef> refs) {
        for (MessageRef ref : refs) detached.remove(KeyCodec.envelope(ref));
    }

    boolean isDetached(MessageRef ref) {
        return detached.contains(KeyCodec.envelope(ref));
    }

    SortedSet<Long> detached(String account, String folder, long uidValidity) {
        byte[] from = KeyCodec.generation(account, folder, uidValidity);
        byte[] to = KeyCodec.prefixEnd(from);
        SortedSet<Long> out = new java.util.TreeSet<>();
        for (byte[] key : to == null ? detached.tailSet(from, true) : detached.subSet(from, true, to, false)) {
            out.add(KeyCodec.uidOfEnvelopeKey(key));
        }
        return out;
    }
}

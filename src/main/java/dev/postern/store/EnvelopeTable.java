package dev.postern.store;

import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.MessageRef;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Envelopes with the two structures that must change with them: the newest-first index that
 * {@link #page} walks, and per-folder counters that make {@link #counts} O(1). Keeping all three behind
 * one class is what keeps them consistent. Not thread-safe; callers serialise writers.
 */
final class EnvelopeTable {
    private static final int COUNT = 0;
    private static final int UNREAD = 1;

    private final NavigableMap<byte[], byte[]> envelopes;
    private final NavigableSet<byte[]> byDate;
    private final NavigableMap<byte[], long[]> counters;
    /**
     * Bumped at every change to the by-date index (writers are serialised) and at a rollback ({@link #forgetPages}):
     * a {@link Cursor} taken at another value is stale.
     */
    private volatile long epoch;
    /** Where the last page read ended, so that the page after it goes on from there ({@link #page}). */
    private volatile Cursor cursor;
    /** By-date keys {@link #page} stepped over or picked (for the test that pins the walk). */
    private long keysWalked;

    /** The last key of a page read of a folder's generation, and the offset just past it, as of {@code epoch}. */
    private record Cursor(byte[] generation, int end, byte[] lastKey, long epoch) {}

    EnvelopeTable(NavigableMap<byte[], byte[]> envelopes, NavigableSet<byte[]> byDate,
            NavigableMap<byte[], long[]> counters) {
        this.envelopes = envelopes;
        this.byDate = byDate;
        this.counters = counters;
    }

    Optional<Envelope> get(MessageRef ref) {
        byte[] record = envelopes.get(KeyCodec.envelope(ref));
        return record == null ? Optional.empty() : Optional.of(EnvelopeCodec.decode(ref, record));
    }

    /**
     * Writes the envelopes in order and returns, position for position, the envelope each replaced.
     * Counter changes are summed over the batch and written once per folder, not once per envelope.
     */
    List<Optional<Envelope>> putAll(List<Envelope> batch) {
        Deltas deltas = new Deltas();
        List<Optional<Envelope>> previous = new ArrayList<>(batch.size());
        for (Envelope e : batch) {
            byte[] old = envelopes.put(KeyCodec.envelope(e.ref()), EnvelopeCodec.encode(e));
            epoch++;
            if (old == null) {
                byDate.add(KeyCodec.byDate(e.ref(), e.date()));
                deltas.add(e.ref(), 1, unread(e));
                previous.add(Optional.empty());
                continue;
            }
            Envelope p = EnvelopeCodec.decode(e.ref(), old);
            if (!sameInstant(p, e)) {
                byDate.remove(KeyCodec.byDate(p.ref(), p.date()));
                byDate.add(KeyCodec.byDate(e.ref(), e.date()));
            }
            deltas.add(e.ref(), 0, unread(e) - unread(p));
            previous.add(Optional.of(p));
        }
        deltas.applyTo(counters);
        return previous;
    }

    /** Removes the envelopes that are cached and returns them. */
    List<Envelope> removeAll(Collection<MessageRef> refs) {
        Deltas deltas = new Deltas();
        List<Envelope> removed = new ArrayList<>();
        for (MessageRef ref : refs) {
            byte[] old = envelopes.remove(KeyCodec.envelope(ref));
            if (old == null) continue;
            epoch++;
            Envelope p = EnvelopeCodec.decode(ref, old);
            byDate.remove(KeyCodec.byDate(ref, p.date()));
            deltas.add(ref, -1, -unread(p));
            removed.add(p);
        }
        deltas.applyTo(counters);
        return removed;
    }

    /** Calls the action for every envelope of every account and folder, in key order. */
    void forEach(java.util.function.Consumer<Envelope> action) {
        for (var entry : envelopes.entrySet()) {
            action.accept(EnvelopeCodec.decode(KeyCodec.refOfEnvelopeKey(entry.getKey()), entry.getValue()));
        }
    }

    /**
     * Hands every envelope that decodes to {@code action} and returns one {@link BlobDamage} (hash null)
     * for each that does not: for {@code postern store verify}, which must report damage, not stop at it.
     */
    List<BlobDamage> forEachReadable(java.util.function.Consumer<Envelope> action) {
        List<BlobDamage> damaged = new ArrayList<>();
        for (var entry : envelopes.entrySet()) {
            MessageRef ref;
            try {
                ref = KeyCodec.refOfEnvelopeKey(entry.getKey());
            } catch (RuntimeException e) {
                damaged.add(new BlobDamage(null, "a key of the envelope table is damaged (" + e.getMessage() + ")", List.of()));
                continue;
            }
            try {
                action.accept(EnvelopeCodec.decode(ref, entry.getValue()));
            } catch (RuntimeException e) {
                damaged.add(new BlobDamage(null, "its envelope cannot be read (" + e.getMessage() + ")", List.of(ref)));
            }
        }
        return damaged;
    }

    /**
     * The folders whose messages cannot all be read (found through their counters, one per folder and UIDVALIDITY),
     * for verify to name once a walk of every message failed; null when the counters cannot be read either.
     */
    List<StoreWalk.FolderName> unreadableFolders(long bound) {
        List<byte[]> generations = new ArrayList<>();
        try {
            for (byte[] gen : counters.keySet()) {
                if (generations.size() > bound) return null;
                generations.add(gen);
            }
        } catch (RuntimeException e) {
            return null;
        }
        List<StoreWalk.FolderName> out = new ArrayList<>();
        for (byte[] gen : generations) {
            try {
                long[] seen = {0};
                for (var entry : withPrefix(envelopes, gen).entrySet()) {
                    StoreWalk.step(seen, bound);
                    entry.getValue();
                }
            } catch (RuntimeException e) {
                MessageRef r = KeyCodec.refOfEnvelopeKey(java.util.Arrays.copyOf(gen, gen.length + 8));
                StoreWalk.FolderName f = new StoreWalk.FolderName(r.account(), r.folder());
                if (!out.contains(f)) out.add(f);
            }
        }
        return out;
    }

    long size() {
        return envelopes.size();
    }

    boolean isEmpty() {
        return envelopes.isEmpty();
    }

    /** Every cached ref of the folder, under whatever UIDVALIDITY it was cached. */
    List<MessageRef> refs(String account, String folder) {
        List<MessageRef> refs = new ArrayList<>();
        byte[] prefix = KeyCodec.folder(account, folder);
        for (byte[] key : withPrefix(counters, prefix).keySet()) {
            long uidValidity = KeyCodec.uidValidityOfGeneration(key);
            for (long uid : uids(account, folder, uidValidity)) refs.add(new MessageRef(account, folder, uidValidity, uid));
        }
        return refs;
    }

    SortedSet<Long> uids(String account, String folder, long uidValidity) {
        SortedSet<Long> uids = new TreeSet<>();
        for (byte[] key : withPrefix(envelopes, KeyCodec.generation(account, folder, uidValidity)).keySet()) {
            uids.add(KeyCodec.uidOfEnvelopeKey(key));
        }
        return uids;
    }

    /** {count, unread} of the folder under one UIDVALIDITY. */
    long[] counts(String account, String folder, long uidValidity) {
        long[] c = counters.get(KeyCodec.generation(account, folder, uidValidity));
        return c == null ? new long[2] : c.clone();
    }

    /** The largest UIDVALIDITY that has envelopes cached for the folder. */
    OptionalLong latestUidValidity(String account, String folder) {
        NavigableMap<byte[], long[]> gens = withPrefix(counters, KeyCodec.folder(account, folder));
        return gens.isEmpty() ? OptionalLong.empty() : OptionalLong.of(KeyCodec.uidValidityOfGeneration(gens.lastKey()));
    }

    /**
     * Walks only the index, and from whichever end is nearer, so that a page costs at most half the
     * folder's index keys and the first and last pages cost about {@code limit} reads. The page that follows the
     * last one read (a listing read page after page, as {@code list} prints a big folder) goes on from that page's
     * last key, when the index has not changed since: read from an end, a folder of n messages in pages of p walked
     * about n&sup2; / 2p keys (90,000 for 20,000 messages, 2.5 million for 100,000), where it now walks n.
     */
    List<Envelope> page(String account, String folder, long uidValidity, int offset, int limit) {
        if (offset < 0 || limit < 0) throw new IllegalArgumentException("offset and limit must not be negative");
        long total = counts(account, folder, uidValidity)[COUNT];
        if (limit == 0 || offset >= total) return List.of();
        int end = (int) Math.min(total, (long) offset + limit);
        byte[] generation = KeyCodec.generation(account, folder, uidValidity);
        NavigableSet<byte[]> keys = withPrefix(byDate, generation);
        List<byte[]> picked = new ArrayList<>(end - offset);
        long walked = 0;
        long now = epoch;
        Cursor c = cursor;
        if (c != null && c.end == offset && c.epoch == now && java.util.Arrays.equals(c.generation, generation)) {
            Iterator<byte[]> it = keys.tailSet(c.lastKey, false).iterator();
            while (picked.size() < end - offset && it.hasNext()) picked.add(it.next());
        } else if (offset <= total - end) {
            Iterator<byte[]> it = keys.iterator();
            for (int i = 0; i < offset && it.hasNext(); i++, walked++) it.next();
            while (picked.size() < end - offset && it.hasNext()) picked.add(it.next());
        } else {
            Iterator<byte[]> it = keys.descendingIterator();
            for (long i = 0; i < total - end && it.hasNext(); i++, walked++) it.next();
            while (picked.size() < end - offset && it.hasNext()) picked.add(it.next());
            java.util.Collections.reverse(picked);
        }
        keysWalked += walked + picked.size();
        if (!picked.isEmpty()) cursor = new Cursor(generation, offset + picked.size(), picked.get(picked.size() - 1), now);
        long[] uids = new long[picked.size()];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < uids.length; i++) {
            uids[i] = KeyCodec.uidOfDateKey(picked.get(i));
            min = Math.min(min, uids[i]);
            max = Math.max(max, uids[i]);
        }
        List<Envelope> page = new ArrayList<>(picked.size());
        if (uids.length >= DENSE_PAGE && max - min < (long) DENSE_SPREAD * uids.length) {
            // A page whose UIDs lie close together (most do: dates rise with UIDs) is read in one walk of that
            // UID range: the tree's leaves are decoded once, where a lookup per row decodes a node per row.
            Map<Long, byte[]> records = new HashMap<>(uids.length * 2);
            java.util.Set<Long> wanted = new java.util.HashSet<>(uids.length * 2);
            for (long u : uids) wanted.add(u);
            MessageRef first = new MessageRef(account, folder, uidValidity, min);
            MessageRef last = new MessageRef(account, folder, uidValidity, max);
            for (Map.Entry<byte[], byte[]> e : envelopes.subMap(KeyCodec.envelope(first), true, KeyCodec.envelope(last), true).entrySet()) {
                long uid = KeyCodec.uidOfEnvelopeKey(e.getKey());
                if (wanted.contains(uid)) records.put(uid, e.getValue());
            }
            for (long uid : uids) {
                byte[] record = records.get(uid);
                if (record != null) page.add(EnvelopeCodec.decode(new MessageRef(account, folder, uidValidity, uid), record));
            }
            return page;
        }
        for (long uid : uids) get(new MessageRef(account, folder, uidValidity, uid)).ifPresent(page::add);
        return page;
    }

    /** Pages of at least this many rows are read in one walk when their UIDs are close enough together. */
    private static final int DENSE_PAGE = 16;
    /** "Close enough": the page's UID range holds at most this many UIDs per row shown. */
    private static final int DENSE_SPREAD = 4;

    /** What the index held when the last page was read may be gone (a rollback): the next page walks from an end. */
    void forgetPages() {
        epoch++;
        cursor = null;
    }

    /** By-date keys {@link #page} stepped over or picked so far. */
    long keysWalked() {
        return keysWalked;
    }

    /** Counter changes of one batch, keyed by folder generation. */
    private static final class Deltas {
        private final Map<ByteBuffer, long[]> byGeneration = new HashMap<>();

        void add(MessageRef ref, long count, long unread) {
            if (count == 0 && unread == 0) return;
            byte[] key = KeyCodec.generation(ref.account(), ref.folder(), ref.uidValidity());
            long[] d = byGeneration.computeIfAbsent(ByteBuffer.wrap(key), k -> new long[2]);
            d[COUNT] += count;
            d[UNREAD] += unread;
        }

        void applyTo(NavigableMap<byte[], long[]> counters) {
            for (var entry : byGeneration.entrySet()) {
                byte[] key = entry.getKey().array();
                long[] c = counters.get(key);
                long[] next = c == null ? new long[2] : c.clone();
                next[COUNT] += entry.getValue()[COUNT];
                next[UNREAD] += entry.getValue()[UNREAD];
                if (next[COUNT] <= 0) counters.remove(key);
                else counters.put(key, next);
            }
        }
    }

    private static long unread(Envelope e) {
        return e.flags().has(Flag.SEEN) ? 0 : 1;
    }

    private static boolean sameInstant(Envelope a, Envelope b) {
        return a.date() == null ? b.date() == null : a.date().equals(b.date());
    }

    static <V> NavigableMap<byte[], V> withPrefix(NavigableMap<byte[], V> map, byte[] prefix) {
        byte[] end = KeyCodec.prefixEnd(prefix);
        return end == null ? map.tailMap(prefix, true) : map.subMap(prefix, true, end, false);
    }

    static NavigableSet<byte[]> withPrefix(NavigableSet<byte[]> set, byte[] prefix) {
        byte[] end = KeyCodec.prefixEnd(prefix);
        return end == null ? set.tailSet(prefix, true) : set.subSet(prefix, true, end, false);
    }
}

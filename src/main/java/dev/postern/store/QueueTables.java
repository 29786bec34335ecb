package dev.postern.store;

import java.util.ArrayList;
import java.util.List;
import org.mapdb.Atomic;
import org.mapdb.BTreeMap;

/**
 * The store's two queues of work not yet done on a server, which may be the only copy of it: offline
 * actions ({@code pendingActions}, ids from {@code pendingSeq}) and messages waiting to be sent
 * ({@code outbox}, ids from {@code outboxSeq}). Keyed by account then the zero-padded id, so each
 * account's entries come back in the order they were queued. Not thread-safe and not guarded:
 * {@link MapDbStore} calls it under its {@link StoreGuard}.
 */
final class QueueTables {
    private final BTreeMap<byte[], byte[]> pending;
    private final Atomic.Long pendingSeq;
    private final BTreeMap<byte[], byte[]> outbox;
    private final Atomic.Long outboxSeq;

    QueueTables(BTreeMap<byte[], byte[]> pending, Atomic.Long pendingSeq, BTreeMap<byte[], byte[]> outbox,
            Atomic.Long outboxSeq) {
        this.pending = pending;
        this.pendingSeq = pendingSeq;
        this.outbox = outbox;
        this.outboxSeq = outboxSeq;
    }

    /**
     * The id zero-padded to 19 ASCII digits. Not String.format: its %d writes the default locale's digits, so a
     * message queued in a terminal under ar_EG or fa_IR got a key that a cron run under LANG=C could never find to
     * remove, and was sent again on every flush.
     */
    static String key(long id) {
        String digits = Long.toString(id);
        return "0".repeat(Math.max(0, 19 - digits.length())) + digits;
    }

    /**
     * The keys the account's entry {@code id} is stored under: {@link #key}'s, and any an older version wrote in another
     * locale's digits (Long.parseLong reads those). Usually one; two when an older version queued it under one locale and
     * wrote its replay's progress under another (hunt35-B B2).
     */
    private static List<byte[]> keysOf(BTreeMap<byte[], byte[]> map, String account, long id) {
        List<byte[]> out = new ArrayList<>(1);
        byte[] k = KeyCodec.folder(account, key(id));
        if (map.containsKey(k)) out.add(k);
        // Other digits take more than one byte each: their longer names sort after every key of ours.
        byte[] last = KeyCodec.folder(account, key(Long.MAX_VALUE));
        for (byte[] other : EnvelopeTable.withPrefix(map, KeyCodec.account(account)).tailMap(last, false).keySet()) {
            try {
                if (Long.parseLong(KeyCodec.nameAfterAccount(account, other)) == id) out.add(other);
            } catch (NumberFormatException e) {
                // not an id key: nothing of ours
            }
        }
        return out;
    }

    // ---- offline action queue --------------------------------------------------------------------

    PendingAction enqueue(PendingAction action) {
        long id = pendingSeq.incrementAndGet();
        PendingAction stored = action.withId(id);
        pending.put(KeyCodec.folder(action.account(), key(id)), PendingCodec.encode(stored));
        return stored;
    }

    /** Writes the action under {@link #key}, and drops any other key of its id (an older version's): one record an id. */
    void updatePending(PendingAction action) {
        byte[] k = KeyCodec.folder(action.account(), key(action.id()));
        List<byte[]> was = keysOf(pending, action.account(), action.id());
        pending.put(k, PendingCodec.encode(action));
        for (byte[] old : was) if (!java.util.Arrays.equals(old, k)) pending.remove(old);
    }

    /**
     * The account's actions by id, one for each id: of an id an older version left under two keys, the one a try
     * began (its replay knows how far that try got), else the first.
     */
    List<PendingAction> pending(String account) {
        java.util.TreeMap<Long, PendingAction> byId = new java.util.TreeMap<>(); // an older version's keys in other digits sort apart
        for (var e : EnvelopeTable.withPrefix(pending, KeyCodec.account(account)).entrySet()) {
            PendingAction a = PendingCodec.decode(Long.parseLong(KeyCodec.nameAfterAccount(account, e.getKey())), account, e.getValue());
            byId.merge(a.id(), a, (first, twin) -> twin.begun() && !first.begun() ? twin : first);
        }
        return new ArrayList<>(byId.values());
    }

    /** Drops the action under every key of its id. */
    void removePending(String account, long id) {
        for (byte[] k : keysOf(pending, account, id)) pending.remove(k);
    }

    // ---- outbox ------------------------------------------------------------------------------------

    OutboxEntry enqueueOutgoing(OutboxEntry entry) {
        OutboxEntry stored = entry.withId(outboxSeq.incrementAndGet());
        outbox.put(KeyCodec.folder(entry.account(), key(stored.id())), stored.encode());
        return stored;
    }

    List<OutboxEntry> outbox(String account) {
        List<OutboxEntry> out = new ArrayList<>();
        for (var e : EnvelopeTable.withPrefix(outbox, KeyCodec.account(account)).entrySet()) {
            out.add(OutboxEntry.decode(Long.parseLong(KeyCodec.nameAfterAccount(account, e.getKey())), account, e.getValue()));
        }
        out.sort(java.util.Comparator.comparingLong(OutboxEntry::id));
        return out;
    }

    void updateOutgoing(OutboxEntry entry) {
        List<byte[]> k = keysOf(outbox, entry.account(), entry.id());
        if (!k.isEmpty()) outbox.put(k.get(0), entry.encode());
    }

    void removeOutgoing(String account, long id) {
        for (byte[] k : keysOf(outbox, account, id)) outbox.remove(k);
    }
}

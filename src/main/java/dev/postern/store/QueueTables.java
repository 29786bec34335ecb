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
     * The key an entry is stored under: {@link #key} as written since, else one an older version wrote in another
     * locale's digits (Long.parseLong reads those), found by its id among the account's; null when there is none.
     */
    private static byte[] storedKey(BTreeMap<byte[], byte[]> map, String account, long id) {
        byte[] k = KeyCodec.folder(account, key(id));
        if (map.containsKey(k)) return k;
        for (byte[] other : EnvelopeTable.withPrefix(map, KeyCodec.account(account)).keySet()) {
            try {
                if (Long.parseLong(KeyCodec.nameAfterAccount(account, other)) == id) return other;
            } catch (NumberFormatException e) {
                // not an id key: nothing of ours
            }
        }
        return null;
    }

    // ---- offline action queue --------------------------------------------------------------------

    PendingAction enqueue(PendingAction action) {
        long id = pendingSeq.incrementAndGet();
        PendingAction stored = action.withId(id);
        pending.put(KeyCodec.folder(action.account(), key(id)), PendingCodec.encode(stored));
        return stored;
    }

    void updatePending(PendingAction action) {
        byte[] k = storedKey(pending, action.account(), action.id());
        pending.put(k == null ? KeyCodec.folder(action.account(), key(action.id())) : k, PendingCodec.encode(action));
    }

    List<PendingAction> pending(String account) {
        List<PendingAction> out = new ArrayList<>();
        for (var e : EnvelopeTable.withPrefix(pending, KeyCodec.account(account)).entrySet()) {
            out.add(PendingCodec.decode(Long.parseLong(KeyCodec.nameAfterAccount(account, e.getKey())), account, e.getValue()));
        }
        out.sort(java.util.Comparator.comparingLong(PendingAction::id)); // an older version's keys in other digits sort apart
        return out;
    }

    void removePending(String account, long id) {
        byte[] k = storedKey(pending, account, id);
        if (k != null) pending.remove(k);
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
        byte[] k = storedKey(outbox, entry.account(), entry.id());
        if (k != null) outbox.put(k, entry.encode());
    }

    void removeOutgoing(String account, long id) {
        byte[] k = storedKey(outbox, account, id);
        if (k != null) outbox.remove(k);
    }
}

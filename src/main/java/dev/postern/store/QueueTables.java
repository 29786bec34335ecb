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

    private static String key(long id) {
        return String.format("%019d", id);
    }

    // ---- offline action queue --------------------------------------------------------------------

    PendingAction enqueue(PendingAction action) {
        long id = pendingSeq.incrementAndGet();
        PendingAction stored = action.withId(id);
        pending.put(KeyCodec.folder(action.account(), key(id)), PendingCodec.encode(stored));
        return stored;
    }

    void updatePending(PendingAction action) {
        pending.put(KeyCodec.folder(action.account(), key(action.id())), PendingCodec.encode(action));
    }

    List<PendingAction> pending(String account) {
        List<PendingAction> out = new ArrayList<>();
        for (var e : EnvelopeTable.withPrefix(pending, KeyCodec.account(account)).entrySet()) {
            out.add(PendingCodec.decode(Long.parseLong(KeyCodec.nameAfterAccount(account, e.getKey())), account, e.getValue()));
        }
        return out;
    }

    void removePending(String account, long id) {
        pending.remove(KeyCodec.folder(account, key(id)));
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
        return out;
    }

    void updateOutgoing(OutboxEntry entry) {
        outbox.computeIfPresent(KeyCodec.folder(entry.account(), key(entry.id())), (k, old) -> entry.encode());
    }

    void removeOutgoing(String account, long id) {
        outbox.remove(KeyCodec.folder(account, key(id)));
    }
}

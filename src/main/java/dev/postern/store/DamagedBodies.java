package dev.postern.store;

import dev.postern.model.MessageRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The messages whose stored body was found damaged (by {@code store verify}, or by a read that could not fetch it
 * again), so that the next {@code postern sync} of their folder, or {@code postern fetch} of a POP3 account, fetches
 * them again: without this list a sync would have to re-hash every body to find them, and a damaged body counts as
 * cached. Keyed like the envelopes (so one folder's entries are one range), each naming the body's hash. An entry
 * goes when its message's body is stored again (or the message is removed); normally the table is empty. Not guarded:
 * {@link MapDbStore} calls it through {@link MessageTables} under its {@link StoreGuard}.
 */
final class DamagedBodies {
    private final NavigableMap<byte[], byte[]> byRef;

    DamagedBodies(NavigableMap<byte[], byte[]> byRef) {
        this.byRef = byRef;
    }

    /** Records that {@code ref}'s body, stored under {@code hash}, is damaged; true if it was not recorded yet. */
    boolean record(MessageRef ref, String hash) {
        byte[] h = hash.getBytes(StandardCharsets.US_ASCII);
        byte[] before = byRef.put(KeyCodec.envelope(ref), h);
        return before == null || !java.util.Arrays.equals(before, h);
    }

    /** UIDs recorded damaged in the folder under this UIDVALIDITY, ascending. */
    SortedSet<Long> uids(String account, String folder, long uidValidity) {
        SortedSet<Long> out = new TreeSet<>();
        if (byRef.isEmpty()) return out;
        byte[] from = KeyCodec.generation(account, folder, uidValidity);
        byte[] to = KeyCodec.prefixEnd(from);
        var range = to == null ? byRef.tailMap(from, true) : byRef.subMap(from, true, to, false);
        for (byte[] key : range.keySet()) out.add(KeyCodec.uidOfEnvelopeKey(key));
        return out;
    }

    /** Forgets {@code ref} (its body was stored again, or it was removed). */
    void forget(MessageRef ref) {
        if (!byRef.isEmpty()) byRef.remove(KeyCodec.envelope(ref));
    }

    /** Forgets every message whose body is {@code hash}: that body is whole again. */
    void forgetHash(String hash) {
        if (byRef.isEmpty()) return;
        byte[] h = hash.getBytes(StandardCharsets.US_ASCII);
        List<byte[]> mended = new ArrayList<>();
        for (var e : byRef.entrySet()) if (java.util.Arrays.equals(e.getValue(), h)) mended.add(e.getKey());
        for (byte[] key : mended) byRef.remove(key);
    }

    int size() {
        return byRef.size();
    }
}

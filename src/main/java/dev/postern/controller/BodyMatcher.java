package dev.postern.controller;

import dev.postern.model.Envelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * Pairs envelopes listed under a folder's new UIDVALIDITY with bodies cached under the old one, without
 * downloading anything: a body is re-attached to a new envelope only when
 * <ul>
 *   <li>the new envelope's Message-ID, RFC822.SIZE and date equal those of the cached envelope(s) that
 *       pointed at the body, and every cached envelope with that key pointed at the same body (two
 *       different bodies under one key are ambiguous: neither is used), and</li>
 *   <li>the stored body is exactly as long as the server says the message is (RFC822.SIZE counts the
 *       same bytes BODY[] returns), which rules out a partial stand-in and any body stored under a
 *       wrong envelope.</li>
 * </ul>
 * A message without a Message-ID is never matched: it is downloaded again, as a new message would be.
 * Hashing the server's bytes would prove identity but costs the download this class exists to avoid, so
 * the size check is the confirmation; a false pair needs the same Message-ID, date and byte count.
 */
final class BodyMatcher {
    private record Key(String messageId, long size, Instant date) {}

    private final Map<Key, Set<String>> bodies = new HashMap<>();
    private final Function<String, OptionalLong> blobLength;
    private final Map<String, Long> lengths = new HashMap<>();
    private int reattached;
    private final Set<String> used = new HashSet<>();

    BodyMatcher(List<Envelope> cached, Function<String, OptionalLong> blobLength) {
        this.blobLength = blobLength;
        for (Envelope e : cached) {
            Key k = key(e);
            if (k == null) continue;
            // Envelopes without a body still count: they make a key ambiguous when they name other mail.
            bodies.computeIfAbsent(k, x -> new HashSet<>()).add(e.bodyHash() == null ? "" : e.bodyHash());
        }
    }

    private static Key key(Envelope e) {
        String id = e.messageId();
        if (id == null || id.isBlank()) return null;
        return new Key(id.strip(), e.size(), e.date());
    }

    /** The batch with bodies attached where a cached one matches; envelopes that already have one are left. */
    List<Envelope> attach(List<Envelope> batch) {
        List<Envelope> out = new ArrayList<>(batch.size());
        for (Envelope e : batch) {
            String hash = e.bodyHash() == null ? match(e) : null;
            if (hash != null) {
                reattached++;
                used.add(hash);
            }
            out.add(hash == null ? e : e.withBodyHash(hash));
        }
        return out;
    }

    private String match(Envelope e) {
        Key k = key(e);
        if (k == null) return null;
        Set<String> hashes = bodies.get(k);
        if (hashes == null || hashes.size() != 1) return null;
        String hash = hashes.iterator().next();
        if (hash.isEmpty()) return null;
        long length = lengths.computeIfAbsent(hash, h -> blobLength.apply(h).orElse(-1L));
        return Objects.equals(length, e.size()) ? hash : null;
    }

    /** Whether some new envelope got this cached body back (its message is on the server again). */
    boolean reattached(String hash) {
        return used.contains(hash);
    }

    /** How many envelopes got a cached body back. */
    int reattached() {
        return reattached;
    }
}

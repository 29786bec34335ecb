package dev.postern.index;

import dev.postern.backend.HeaderEnvelope;
import dev.postern.e2e.SyntheticMail;
import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import dev.postern.model.Query;
import dev.postern.store.MapDbStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Mail for the index tests: the public corpora and generated mail, stored as a sync stores it. */
final class IndexedMail {
    static final String ACCOUNT = "a";
    static final String FOLDER = "INBOX";
    static final long UIDVALIDITY = 7;

    private IndexedMail() {}

    /** Every message file of the corpora (src/test/resources/corpora), sorted by path. */
    static List<byte[]> corpora() throws IOException {
        Path root = Path.of("src/test/resources/corpora");
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".eml") || p.toString().endsWith(".msg")).sorted().toList()) {
                out.add(Files.readAllBytes(p));
            }
        }
        return out;
    }

    static List<byte[]> generated(int count) {
        List<byte[]> out = new ArrayList<>();
        for (int n = 1; n <= count; n++) out.add(SyntheticMail.message(n, "Reader <reader@postern.test>"));
        return out;
    }

    static MessageRef ref(long uid) {
        return new MessageRef(ACCOUNT, FOLDER, UIDVALIDITY, uid);
    }

    /**
     * Stores the messages as UIDs {@code firstUid...}: envelopes parsed from their headers, flags varied,
     * and the bodies of all but every fifth message attached (a folder partly downloaded), committing
     * every {@code batch} messages.
     */
    static void store(MapDbStore store, List<byte[]> messages, long firstUid, int batch) {
        List<Envelope> envelopes = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            long uid = firstUid + i;
            byte[] raw = messages.get(i);
            Flags flags = uid % 3 == 0 ? Flags.of(Flag.SEEN) : uid % 7 == 0 ? Flags.of(Flag.FLAGGED) : Flags.NONE;
            envelopes.add(HeaderEnvelope.of(ref(uid), raw, raw.length, flags, Instant.EPOCH.plusSeconds(uid * 3600)));
            if (envelopes.size() == batch || i == messages.size() - 1) {
                store.putEnvelopes(envelopes);
                for (Envelope e : envelopes) {
                    long u = e.ref().uid();
                    if (u % 5 != 0) store.attachBody(e.ref(), messages.get((int) (u - firstUid)));
                }
                store.commit();
                envelopes.clear();
            }
        }
    }

    /** What a scan of the store finds (LocalSearch's scan, the reference the index must equal), by UID. */
    static List<Long> scan(MapDbStore store, Query q) {
        return new Scan(store).find(q);
    }

    /** The folder read once, for many scans; {@link Query#matches} with a body as LocalSearch reads it. */
    static final class Scan {
        private final java.util.Map<Long, Envelope> envelopes = new java.util.TreeMap<>();
        private final java.util.Map<Long, String> bodies = new java.util.HashMap<>();

        Scan(MapDbStore store) {
            for (long uid : store.uids(ACCOUNT, FOLDER, UIDVALIDITY)) {
                envelopes.put(uid, store.envelope(ref(uid)).orElseThrow());
                store.body(ref(uid)).ifPresent(b -> bodies.put(uid, dev.postern.render.SearchText.of(b)));
            }
        }

        List<Long> find(Query q) {
            return found(q).stream().map(e -> e.ref().uid()).toList();
        }

        /** The matching envelopes as the store holds them, by UID. */
        List<Envelope> found(Query q) {
            List<Envelope> out = new ArrayList<>();
            for (Envelope e : envelopes.values()) if (q.matches(e, env -> bodies.get(env.ref().uid()))) out.add(e);
            return out;
        }
    }

    /** The UIDs of an index's answer, sorted. */
    static List<Long> sorted(List<Envelope> found) {
        return byUid(found).stream().map(e -> e.ref().uid()).toList();
    }

    /** An index's answer by UID. */
    static List<Envelope> byUid(List<Envelope> found) {
        List<Envelope> out = new ArrayList<>(found);
        out.sort(java.util.Comparator.comparingLong(e -> e.ref().uid()));
        return out;
    }
}

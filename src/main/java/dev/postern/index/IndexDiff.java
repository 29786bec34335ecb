package dev.postern.index;

import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import dev.postern.store.MapDbStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** What differs between the store and the index's documents: what a catch-up does, and what verify counts. */
final class IndexDiff {
    private IndexDiff() {}

    /**
     * A comparison of the store with the index: documents to index whole (missing, or their words or body may
     * differ), documents whose envelope alone differs, and documents of messages the store no longer has.
     */
    record Diff(long storeSeq, int messages, Map<String, MessageRef> toIndex, Map<String, MessageRef> toRetouch, Set<String> toDrop) {}

    static Diff of(MapDbStore store, Map<String, LuceneIndex.Indexed> indexed) {
        return of(store, indexed, () -> false);
    }

    /** As {@link #of(MapDbStore, Map)}; null when {@code stop} said so during the store's read (which then lets the store go at once). */
    static Diff of(MapDbStore store, Map<String, LuceneIndex.Indexed> indexed, java.util.function.BooleanSupplier stop) {
        Map<String, MessageRef> toIndex = new HashMap<>();
        Map<String, MessageRef> toRetouch = new HashMap<>();
        Set<String> inStore = new java.util.HashSet<>();
        long seq;
        try {
            seq = store.snapshot(e -> {
                if (stop.getAsBoolean()) throw new Stopped();
                String key = LuceneIndex.key(e.ref());
                String hash = e.bodyHash() == null ? "" : e.bodyHash();
                inStore.add(key);
                LuceneIndex.Indexed doc = indexed.get(key);
                byte[] envelope = dev.postern.store.EnvelopeCodec.encode(e);
                if (doc == null || !doc.hash().equals(hash) || !searchedFieldsEqual(doc.envelope(), e)) toIndex.put(key, e.ref());
                else if (!doc.holds(envelope, hash)) toRetouch.put(key, e.ref());
            });
        } catch (Stopped stopped) {
            return null;
        }
        Set<String> toDrop = new java.util.HashSet<>(indexed.keySet());
        toDrop.removeAll(inStore);
        return new Diff(seq, inStore.size(), toIndex, toRetouch, toDrop);
    }

    /** The comparison was stopped (the process is quitting in haste): thrown out of the store's read to end it. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /** Whether the envelope a document holds has the store envelope's searched fields (so its words are right). */
    private static boolean searchedFieldsEqual(byte[] indexed, Envelope e) {
        if (indexed.length == 0) return false;
        Envelope d;
        try {
            d = dev.postern.store.EnvelopeCodec.decode(e.ref(), indexed);
        } catch (RuntimeException unreadable) {
            return false;
        }
        return d.from().equals(e.from()) && d.to().equals(e.to()) && d.cc().equals(e.cc()) && d.subject().equals(e.subject());
    }

    /** What the index's last commit in {@code path} holds against the store now (see {@link MailIndex#verify}). */
    static MailIndex.Verification verify(java.nio.file.Path path, MapDbStore store) {
        LuceneIndex.Committed c;
        try {
            c = LuceneIndex.committed(path);
        } catch (LuceneIndex.OtherFormat e) {
            return new MailIndex.Verification(false, e.getMessage(), false, 0, 0, 0, 0, 0, e.format);
        } catch (java.io.IOException | RuntimeException e) {
            return new MailIndex.Verification(false, e.toString(), false, 0, 0, 0, 0, 0, 0);
        }
        Map<String, LuceneIndex.Indexed> indexed = c.contents();
        Diff d = of(store, indexed);
        int missing = 0;
        for (String key : d.toIndex().keySet()) if (!indexed.containsKey(key)) missing++;
        int stale = d.toIndex().size() - missing + d.toRetouch().size();
        boolean current = c.seq() == d.storeSeq() && c.storeId() == store.storeId();
        // A document that holds a key another one holds too is extra: the map above keeps one of them, a search finds both.
        return new MailIndex.Verification(true, null, current, d.messages(), indexed.size(), missing, stale, d.toDrop().size() + c.twice(), 0);
    }
}

package dev.postern.thread;

import dev.postern.model.Envelope;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;

/**
 * What the index is ordered by. Each key has the order people expect first (newest, A to Z, largest);
 * {@code reverse} flips it. ACTIVITY orders by the newest message of each message's thread.
 */
public enum SortKey {
    DATE("date"), FROM("from"), SUBJECT("subject"), SIZE("size"), ACTIVITY("activity");

    private final String label;

    SortKey(String label) {
        this.label = label;
    }

    public String label() { return label; }

    public SortKey next() { return values()[(ordinal() + 1) % values().length]; }

    static Instant date(Envelope e) { return e == null || e.date() == null ? Instant.EPOCH : e.date(); }

    /** The display name if there is one, else the address, folded for comparing. */
    static String sender(String from) {
        String f = from == null ? "" : from.strip();
        int lt = f.lastIndexOf('<');
        String name = lt > 0 ? f.substring(0, lt).strip().replace("\"", "") : "";
        if (name.isEmpty()) name = lt >= 0 ? f.substring(lt + 1).replace(">", "").strip() : f;
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * Natural order for envelopes (ACTIVITY compares by the envelope's own date here). The comparator
     * remembers the folded sender/subject of each envelope it has seen, so sorting 100,000 rows folds
     * each string once rather than on every comparison; make one per sort.
     */
    public Comparator<Envelope> envelopes() {
        Comparator<Envelope> c = switch (this) {
            case DATE, ACTIVITY -> Comparator.comparing(SortKey::date).reversed();
            case FROM -> {
                java.util.Map<String, String> memo = new java.util.HashMap<>();
                yield Comparator.comparing((Envelope e) -> memo.computeIfAbsent(e.from(), SortKey::sender));
            }
            case SUBJECT -> {
                java.util.Map<String, String> memo = new java.util.HashMap<>();
                yield Comparator.comparing((Envelope e) -> memo.computeIfAbsent(e.subject(), Subjects::normalise));
            }
            case SIZE -> Comparator.comparingLong(Envelope::size).reversed();
        };
        // Ties newest first, then by UID, so the order is stable from one rebuild to the next.
        return c.thenComparing(Comparator.comparing(SortKey::date).reversed())
                .thenComparing(e -> -e.ref().uid());
    }
}

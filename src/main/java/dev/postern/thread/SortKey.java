package dev.postern.thread;

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

    /** The display name if there is one, else the address, folded for comparing. */
    static String sender(String from) {
        String f = from == null ? "" : from.strip();
        int lt = f.lastIndexOf('<');
        String name = lt > 0 ? f.substring(0, lt).strip().replace("\"", "") : "";
        if (name.isEmpty()) name = lt >= 0 ? f.substring(lt + 1).replace(">", "").strip() : f;
        return name.toLowerCase(Locale.ROOT);
    }
}

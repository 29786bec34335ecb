package dev.postern.ui;

import dev.postern.thread.SortKey;

/** How the index ({@link IndexView}) is arranged beyond the default-fast listing; the limit is the query's text. */
record Arrangement(boolean threaded, SortKey key, boolean reverse, String limitText, dev.postern.model.Query limit) {
    static final Arrangement DEFAULT = new Arrangement(false, SortKey.DATE, false, null, null);

    /** The default needs no whole-folder read: it is exactly the store's own newest-first order. */
    boolean needsWholeFolder() { return threaded || key != SortKey.DATE || reverse || limit != null; }

    Arrangement withThreaded(boolean t) { return new Arrangement(t, key, reverse, limitText, limit); }

    Arrangement withKey(SortKey k) { return new Arrangement(threaded, k, reverse, limitText, limit); }

    Arrangement withReverse(boolean r) { return new Arrangement(threaded, key, r, limitText, limit); }

    Arrangement withLimit(String text, dev.postern.model.Query q) { return new Arrangement(threaded, key, reverse, text, q); }

    /** For the status bar: "flat date", "threads activity rev", "limit: from:bob". */
    String label() {
        String s = (threaded ? "threads " : "flat ") + key.label() + (reverse ? " rev" : "");
        return limitText == null ? s : s + "  limit: " + limitText;
    }
}

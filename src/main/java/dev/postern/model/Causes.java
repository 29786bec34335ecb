package dev.postern.model;

/** Walking an exception's causes: one bounded walk (a cycle of causes, which Java allows, never loops for ever). */
public final class Causes {
    /** How deep a cause is looked for. */
    static final int DEPTH = 20;

    private Causes() {}

    /** {@code t} or the first of its causes that is a {@code type}; null when none is, within {@link #DEPTH}. */
    public static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (int depth = 0; t != null && depth < DEPTH; depth++, t = t.getCause()) {
            if (type.isInstance(t)) return type.cast(t);
        }
        return null;
    }
}

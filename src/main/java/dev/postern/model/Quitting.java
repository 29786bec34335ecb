package dev.postern.model;

/**
 * The process is ending and a person waits for the shell: the reader quit ({@code q}, {@code Ctrl-C}). Work that a
 * later start catches up by itself (the search index's backlog of messages stored moments ago) is then set aside
 * rather than finished on the user's time. A batch command never sets it: it finishes such work before it exits, so
 * that {@code store verify} after a {@code sync} finds the index current.
 */
public final class Quitting {
    private static volatile boolean hurried;

    private Quitting() {}

    /** Set once, by the reader running in this process's own terminal, when it has put its screen away. */
    public static void hurry() {
        hurried = true;
    }

    public static boolean hurried() {
        return hurried;
    }
}

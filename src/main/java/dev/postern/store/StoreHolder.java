package dev.postern.store;

/**
 * What this process is, in a user's words ("postern sync", "the reader"), written in the data directory's lock
 * ({@code store.lock}) while it holds the store, so that another postern refused the store names who has it.
 */
public final class StoreHolder {
    private StoreHolder() {}

    /** Called once, early, by the entry point that knows the command line. */
    public static void describe(String what) {
        ProcessLock.describeSelf(what);
    }

    /** Who holds the store whose lock is {@code lockFile}, as its holder wrote it ("postern sync (pid 12345)"), or null. */
    public static String of(java.nio.file.Path lockFile) {
        return ProcessLock.holder(lockFile);
    }
}

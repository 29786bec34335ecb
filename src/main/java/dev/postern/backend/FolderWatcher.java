package dev.postern.backend;

import java.time.Duration;

/** Waiting for another client's changes to a folder: IMAP IDLE on a connection of its own. */
public interface FolderWatcher {
    /** Whether the server offers IDLE; without it the caller polls instead. */
    boolean canIdle();

    /**
     * Blocks in IDLE on {@code folder} until the server reports a change (new, expunged or re-flagged
     * messages) or {@code window} passes; returns whether it reported one. Runs on the watcher's own thread.
     */
    boolean awaitChange(String folder, Duration window);

    /**
     * As {@link #awaitChange(String, Duration)}, and when it selects {@code folder} anew, returns at once (true) if
     * the folder as selected is not what the caller last saw ({@code behind}): what came between the caller's last
     * look and this SELECT is not lost to a whole window, since IDLE reports only what comes after it.
     */
    default boolean awaitChange(String folder, Duration window, java.util.function.Predicate<FolderStatus> behind) {
        return awaitChange(folder, window);
    }
}

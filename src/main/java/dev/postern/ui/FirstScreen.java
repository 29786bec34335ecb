package dev.postern.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * Paint first: what the reader holds back until its first screen with the store's rows is on the terminal (the
 * servers' sessions, the ':' command catalogue, the folder's read-ahead). With two cores, a session's TLS set-up,
 * picocli's model of every command and a read of the whole folder competed with the first paint. UI thread only.
 */
final class FirstScreen {
    /** How long the work behind the first screen waits for the store's rows at most (a slow or silent store). */
    static final long WAIT_MS = 2_000;

    private List<Runnable> behind = new ArrayList<>();

    /** Runs {@code r} once the first screen is shown (now, if it is). */
    void behind(Runnable r) {
        if (behind == null) r.run();
        else behind.add(r);
    }

    /** Whether the first screen is still to come. */
    boolean waiting() {
        return behind != null;
    }

    /** The first screen is shown (or waited for long enough): what waited behind it starts, in order; once. */
    void shown() {
        List<Runnable> waiting = behind;
        if (waiting == null) return;
        behind = null;
        dev.postern.model.StartupTrace.mark("behind the first screen");
        waiting.forEach(Runnable::run);
    }
}

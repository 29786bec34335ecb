package dev.postern.resident;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The commands a stopping owner does not run (queued behind {@code daemon stop}, read after it, or handed back): each
 * goes back to its client ({@link Wire#NOT_TAKEN}) once the store is released, sent by the thread that releases it
 * ({@link #release}) before the process can exit; the client then runs it itself. When the store is not released
 * within a minute, the client is told to run it again (75).
 */
final class LateClients {
    private final List<Frames> waiting = new ArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    /** Waits up to {@code seconds} for the store's release; true when it came. */
    boolean awaitRelease(long seconds) throws InterruptedException {
        return released.await(seconds, TimeUnit.SECONDS);
    }

    /** Sends {@code frames} NOT_TAKEN once the store is released (at once when it is), or 75 with {@code stopping} after a minute. */
    void notTakenOnceReleased(Frames frames, String stopping) throws IOException, InterruptedException {
        synchronized (waiting) {
            if (released.getCount() == 0) {
                frames.notTaken();
                return;
            }
            waiting.add(frames);
        }
        if (released.await(60, TimeUnit.SECONDS)) return;
        synchronized (waiting) {
            if (!waiting.remove(frames)) return; // told at the last moment
        }
        frames.tempfail(stopping);
    }

    /**
     * The store is released: every waiting client is told NOT_TAKEN, then {@code last} runs (the stop's own answer), and
     * only then do the waits for the release end. How many were told.
     */
    int release(Runnable last) {
        synchronized (waiting) {
            int told = waiting.size();
            for (Frames f : waiting) {
                try {
                    f.notTaken();
                } catch (IOException e) {
                    // that client went away
                }
            }
            waiting.clear();
            last.run();
            released.countDown();
            return told;
        }
    }
}

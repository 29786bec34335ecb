package dev.postern.controller;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reads the person at the reader asked for (a message, its attachments, a folder's listing), which a background job
 * on the account's thread (a sync a cron {@code postern sync} had the reader run) lets go ahead between its batches
 * (hunt32-V B4): each is queued on the account's executor as any task, and also here; whichever takes it first runs it,
 * once. A read submitted after a change that has not run yet (a flag, a move, a store-only offline change) is not put
 * here: it keeps its place behind that change, so what the user did is done in the order it was done.
 */
final class UrgentReads {
    private final ConcurrentLinkedQueue<Once> waiting = new ConcurrentLinkedQueue<>();
    /** Changes submitted and not yet run (or skipped). */
    private final AtomicInteger changes = new AtomicInteger();

    private static final class Once implements Runnable {
        private final AtomicBoolean taken = new AtomicBoolean();
        private final Runnable body;

        Once(Runnable body) {
            this.body = body;
        }

        @Override
        public void run() {
            if (taken.compareAndSet(false, true)) body.run();
        }
    }

    /** {@code body}, a read the user asked for, as the executor's task: run in its turn unless a job's gap ran it first. */
    Runnable read(Runnable body) {
        Once once = new Once(body);
        if (changes.get() == 0) waiting.add(once);
        return () -> {
            waiting.remove(once);
            once.run();
        };
    }

    /** {@code body}, a change, as the executor's task: no read submitted until it has run goes ahead of it. */
    Runnable change(Runnable body) {
        changes.incrementAndGet();
        return () -> {
            try {
                body.run();
            } finally {
                changes.decrementAndGet();
            }
        };
    }

    boolean any() { return !waiting.isEmpty(); }

    /** Whether a change (or a store-only task) was submitted and has not ended: quitting waits for it to be set down. */
    boolean changesPending() { return changes.get() > 0; }

    /** Set while {@link #runWaiting} runs: a read in hand then is on a background job's session. */
    private volatile boolean running;

    /** Whether the read in hand (if any) runs in a background job's gap, on its session: cutting it would cut the job. */
    boolean running() { return running; }

    /** Runs the reads waiting here, in the order asked, on the calling (account) thread; returns how many ran. */
    int runWaiting() {
        int n = 0;
        running = true;
        try {
            for (Once o = waiting.poll(); o != null; o = waiting.poll()) {
                if (o.taken.get()) continue;
                o.run();
                n++;
            }
        } finally {
            running = false;
        }
        return n;
    }
}

package dev.postern.controller;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Work;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's running jobs: each on a thread of its own ({@code postern-job-ID}), publishing
 * {@link Event.Progress} (at most ten times a second, and once at the end with done == total, which takes it
 * off the reader's status bar), listed by {@link #list()} and cancelled by id. Closing cancels every job and
 * waits for each to tidy up, so a process ending (the reader quitting, Ctrl-C on a batch command) never
 * closes the store under a job that is still writing.
 */
final class Jobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Jobs.class);
    /** How long closing waits for cancelled jobs to stop (a job stops at its next message). */
    static final long CLOSE_WAIT_SECONDS = 30;

    private final LongSupplier ids;
    private final Consumer<Event> publish;
    private final Map<Long, Job<?>> running = new ConcurrentSkipListMap<>();
    private final Map<Long, Thread> threads = new ConcurrentSkipListMap<>();
    private volatile boolean closed;

    Jobs(LongSupplier ids, Consumer<Event> publish) {
        this.ids = ids;
        this.publish = publish;
    }

    /** Starts {@code body} as a job of {@code account}; {@code what} names it ("export", "import"). */
    <T> Job<T> start(String account, String what, Function<Work, T> body) {
        if (closed) throw new PosternException(ExitCode.TEMPFAIL, "postern is closing; " + what + " was not started.");
        Job<T> job = new Job<>(ids.getAsLong(), account, what);
        Work work = new Work() {
            private long published;

            @Override
            public void progress(long done, long total) {
                job.progress(done, total);
                long now = System.nanoTime();
                if (now - published >= 100_000_000L && (total <= 0 || done < total)) {
                    published = now;
                    publish.accept(new Event.Progress(job.id(), account, "job " + job.id() + " " + what, done, total));
                }
            }

            @Override
            public boolean cancelled() { return job.cancelled(); }

            @Override
            public Work.Cut whenCancelled(Runnable cut) { return job.whenCancelled(cut); }
        };
        running.put(job.id(), job);
        Thread t = new Thread(() -> {
            T value = null;
            Throwable failure = null;
            try {
                value = body.apply(work);
            } catch (RuntimeException | Error e) {
                if (!(e instanceof PosternException)) log.error("job {} ({}) failed", job.id(), what, e);
                failure = e;
            }
            // Off the list and the status bar before anyone waiting on the result hears of it.
            running.remove(job.id());
            threads.remove(job.id());
            publish.accept(new Event.Progress(job.id(), account, "job " + job.id() + " " + what, 1, 1));
            if (failure == null) job.future().complete(value);
            else job.future().completeExceptionally(failure);
        }, "postern-job-" + job.id());
        t.setDaemon(true);
        threads.put(job.id(), t);
        t.start();
        return job;
    }

    /** The running jobs, oldest first. */
    List<Job.Info> list() {
        List<Job.Info> out = new ArrayList<>();
        for (Job<?> j : running.values()) out.add(j.info());
        return out;
    }

    /** Asks job {@code id} to stop; false when no such job runs. */
    boolean cancel(long id) {
        Job<?> j = running.get(id);
        return j != null && j.cancel();
    }

    @Override
    public void close() {
        closed = true;
        for (Job<?> j : running.values()) j.cancel();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
        for (Thread t : threads.values()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

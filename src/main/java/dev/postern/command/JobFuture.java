package dev.postern.command;

import dev.postern.controller.AccountTask;
import dev.postern.controller.Job;
import dev.postern.controller.JobControl;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command's future over the controller jobs it starts (export, import, retention, the outbox flush) and the work it
 * has an account's thread do (a sync, a fetch, a search on the server, a message's download: {@link AccountTask}): cancelling it asks every
 * job it started to stop through {@link JobControl#cancel}, as {@code postern cancel ID} does, and stops its account
 * work (not begun: never run; in hand: cut off at its next read, what it committed kept). A batch
 * door cancels the future it waits on when that wait is interrupted: Ctrl-C in {@code postern shell}, or the client
 * of a command a resident owner serves (its Ctrl-C, or its end: {@code resident.ClientWatch}). Without this the job
 * went on in the owner after its client had gone. The job then stops at its next message and leaves what it wrote as
 * its own cancel leaves it; {@link #stopped} waits for that and says what it left. A served {@code sync} or
 * {@code fetch} went on in the same way (its syncs, downloads, retention and outbox flush) until every work it started
 * was followed here.
 */
public final class JobFuture<T> extends CompletableFuture<T> {
    private final JobControl control;
    private final List<Job<?>> jobs = new CopyOnWriteArrayList<>();
    private final List<AccountTask<?>> tasks = new CopyOnWriteArrayList<>();
    private volatile boolean cancelAsked;
    private volatile CompletableFuture<T> source;

    public JobFuture(JobControl control) {
        this.control = control;
    }

    /** Takes {@code started} as the job a cancel stops from now on (a job started after a cancel is stopped at once). */
    public <J> Job<J> follow(Job<J> started) {
        jobs.add(started);
        if (cancelAsked) control.cancel(started.id());
        return started;
    }

    /**
     * Takes {@code started}, a controller future, as stopped by a cancel from now on when it is work on an account's
     * thread ({@link AccountTask}); returns it.
     */
    public <X> CompletableFuture<X> follow(CompletableFuture<X> started) {
        if (started instanceof AccountTask<?> t) {
            tasks.add(t);
            if (cancelAsked) t.stop();
        }
        return started;
    }

    /** Completes as {@code work} (which waits for the jobs followed) completes; returns this future. */
    public JobFuture<T> completing(CompletableFuture<T> work) {
        source = work;
        work.whenComplete((v, e) -> {
            if (e == null) complete(v);
            else completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
        });
        return this;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        cancelAsked = true;
        for (Job<?> j : jobs) if (!j.result().isDone()) control.cancel(j.id());
        for (AccountTask<?> t : tasks) t.stop();
        return super.cancel(mayInterruptIfRunning);
    }

    /**
     * After {@link #cancel}: waits up to {@code millis} for the work to end (the job stopped and tidied up what it
     * wrote, the account work cut off left its thread) and returns its last word, the cancelled job's sentence of what
     * it left; null when it ended otherwise or not in time.
     */
    public String stopped(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        String left = null;
        try {
            CompletableFuture<T> work = source;
            if (work != null) left = lastWord(work, until);
            for (AccountTask<?> t : tasks) lastWord(t.ended(), until);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return left;
    }

    private static String lastWord(CompletableFuture<?> work, long untilNanos) throws InterruptedException {
        try {
            work.get(Math.max(0, untilNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return cause instanceof dev.postern.model.Work.Cancelled ? cause.getMessage() : null;
        } catch (TimeoutException | java.util.concurrent.CancellationException e) {
            return null;
        }
    }
}

package dev.postern.command;

import dev.postern.controller.Job;
import dev.postern.controller.JobControl;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command's future over the controller jobs it starts (export, import, retention, the outbox flush): cancelling it
 * asks the job running for it to stop through {@link JobControl#cancel}, as {@code postern cancel ID} does. A batch
 * door cancels the future it waits on when that wait is interrupted: Ctrl-C in {@code postern shell}, or the client
 * of a command a resident owner serves (its Ctrl-C, or its end: {@code resident.ClientWatch}). Without this the job
 * went on in the owner after its client had gone. The job then stops at its next message and leaves what it wrote as
 * its own cancel leaves it; {@link #stopped} waits for that and says what it left.
 */
public final class JobFuture<T> extends CompletableFuture<T> {
    private final JobControl control;
    private volatile Job<?> job;
    private volatile boolean cancelAsked;
    private volatile CompletableFuture<T> source;

    public JobFuture(JobControl control) {
        this.control = control;
    }

    /** Takes {@code started} as the job a cancel stops from now on (a job started after a cancel is stopped at once). */
    public <J> Job<J> follow(Job<J> started) {
        job = started;
        if (cancelAsked) control.cancel(started.id());
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
        Job<?> j = job;
        if (j != null) control.cancel(j.id());
        return super.cancel(mayInterruptIfRunning);
    }

    /**
     * After {@link #cancel}: waits up to {@code millis} for the work to end (the job stopped and tidied up what it
     * wrote) and returns its last word, the cancelled job's sentence of what it left; null when it ended otherwise
     * or not in time.
     */
    public String stopped(long millis) {
        CompletableFuture<T> work = source;
        if (work == null) return null;
        try {
            work.get(millis, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return cause instanceof dev.postern.model.Work.Cancelled ? cause.getMessage() : null;
        } catch (TimeoutException | java.util.concurrent.CancellationException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

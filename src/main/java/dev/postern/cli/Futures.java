package dev.postern.cli;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Batch commands wait for the controller; its failures surface as the PosternException they carry. An interrupt ends
 * the wait with "interrupted." (75 where nothing else decides the code).
 */
final class Futures {
    private Futures() {}

    /** How long an interrupted command waits for the job it started to stop (a job stops at its next message). */
    static final long WAIT_FOR_JOB_MILLIS = 30_000;

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            // Ctrl-C (the shell's, or a served command's client: resident.ClientWatch): the stages not begun yet are
            // not run (a save after its download, a listing after its sync); the one under way finishes whole.
            f.cancel(true);
            // A job the command started (export, import, retention, outbox flush) is cancelled with it: wait for it to
            // stop and tidy up (its next message), so that the next command finds what it wrote whole, and say what it left.
            String left = f instanceof dev.postern.command.JobFuture<?> job ? job.stopped(WAIT_FOR_JOB_MILLIS) : null;
            Thread.currentThread().interrupt();
            throw new PosternException(ExitCode.TEMPFAIL, left == null ? "interrupted." : "interrupted: " + left);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PosternException p) throw p;
            if (cause instanceof RuntimeException r) throw r;
            throw new PosternException(ExitCode.SOFTWARE, "internal error: " + cause, cause);
        }
    }
}

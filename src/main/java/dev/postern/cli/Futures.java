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

    /**
     * {@link #await} of what {@code work} starts, then on {@code err} each sentence the controller published meanwhile
     * about a damaged stored body it fetched again ({@link dev.postern.controller.Event.BodyRefetched}): a command that
     * reads a message says so once, beside its output.
     */
    static <T> T awaitTellingRefetches(dev.postern.controller.MailController c, java.io.PrintWriter err,
            java.util.function.Supplier<CompletableFuture<T>> work) {
        java.util.List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
        AutoCloseable sub = c.subscribe(e -> {
            if (e instanceof dev.postern.controller.Event.BodyRefetched r) said.add(r.message());
        });
        try {
            return await(work.get());
        } finally {
            try {
                sub.close();
            } catch (Exception ignored) {
                // a listener that did not go only hears events nobody prints
            }
            for (String s : said) err.println("postern: " + dev.postern.render.Sanitizer.oneLine(s));
            err.flush();
        }
    }

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
            // Its owner stops (not its client's signal): that is the cause, said as such (hunt 39-Y, Y6).
            String owner = OwnerStopping.take();
            if (owner != null) throw new PosternException(ExitCode.TEMPFAIL, left == null ? owner : owner + " " + left);
            throw new PosternException(ExitCode.TEMPFAIL, left == null ? "interrupted." : "interrupted: " + left);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PosternException p) throw p;
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof OutOfMemoryError memory) throw dev.postern.model.OutOfMemory.of(memory);
            throw new PosternException(ExitCode.SOFTWARE, "internal error: " + cause, cause);
        }
    }
}

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

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            // Ctrl-C (the shell's, or a served command's client: resident.ClientWatch): the stages not begun yet are
            // not run (a save after its download, a listing after its sync); the one under way finishes whole.
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new PosternException(ExitCode.TEMPFAIL, "interrupted.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PosternException p) throw p;
            if (cause instanceof RuntimeException r) throw r;
            throw new PosternException(ExitCode.SOFTWARE, "internal error: " + cause, cause);
        }
    }
}

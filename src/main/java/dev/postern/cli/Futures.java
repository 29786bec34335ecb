package dev.postern.cli;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Batch commands wait for the controller; its failures surface as the PosternException they carry. */
final class Futures {
    private Futures() {}

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
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

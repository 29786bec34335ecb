package dev.postern.command;

import dev.postern.compose.Outgoing;
import dev.postern.compose.Postman;
import dev.postern.controller.MailController;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The outbox flush after a fetch or sync (the network is evidently back), one account's: the flush job's
 * report, or why it was not sent. It never changes the fetch's or sync's own result.
 */
public record Flushed(String account, Postman.FlushReport report, PosternException failure) {
    /** The lines a batch command prints on stderr (each after "postern: "), as the flush always said it. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        if (failure != null) {
            out.add(Sanitizer.oneLine(account + ": the outbox was not sent: " + failure.getMessage()));
            return out;
        }
        if (report.sent() > 0) out.add(Sanitizer.oneLine(account + ": sent " + report.sent() + " queued message(s)"));
        if (report.waiting() > 0) {
            out.add(Sanitizer.oneLine(account + ": " + report.waiting() + " message(s) still in the outbox"
                    + (report.error() == null ? "" : " (" + report.error() + ")")));
        }
        report.notes().forEach(n -> out.add(Sanitizer.oneLine(n)));
        return out;
    }

    /**
     * Sends what waits in the outbox of each of {@code accounts}, one after the other, each as the controller's
     * flush job (listed, cancellable, and cancelled with {@code following}); an account with nothing waiting (or no
     * SMTP) is left out. Reads the store off the caller's thread.
     */
    static CompletableFuture<List<Flushed>> after(MailController c, List<String> accounts, JobFuture<?> following) {
        Outgoing out = c.outgoing();
        CompletableFuture<List<Flushed>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        if (out == null) return chain;
        for (String name : accounts) {
            chain = chain.thenComposeAsync(done -> {
                CompletableFuture<Flushed> one;
                try {
                    if (out.waiting(name) == 0) return CompletableFuture.completedFuture(done);
                    one = following.follow(c.flushOutbox(name)).result().handle((r, e) -> e == null ? new Flushed(name, r, null) : failed(name, e));
                } catch (PosternException e) {
                    one = CompletableFuture.completedFuture(new Flushed(name, null, e));
                }
                return one.thenApply(f -> {
                    done.add(f);
                    return done;
                });
            });
        }
        return chain;
    }

    private static Flushed failed(String account, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof PosternException p) return new Flushed(account, null, p);
        throw e instanceof CompletionException ce ? ce : new CompletionException(cause);
    }
}

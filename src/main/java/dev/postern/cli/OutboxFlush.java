package dev.postern.cli;

import dev.postern.app.AppContext;
import dev.postern.compose.Postman;
import dev.postern.config.AccountConfig;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.io.PrintWriter;

/**
 * After a fetch or sync (the network is evidently back): sends whatever waits in the outbox of each account
 * named, saying so on stderr. Never changes the command's own result: a failure here is one line of warning.
 */
final class OutboxFlush {
    private OutboxFlush() {}

    /** What the typed command's flushes did, on stderr, as {@link #quietly} says it. */
    static void print(java.util.List<dev.postern.command.Flushed> flushed, PrintWriter err) {
        for (dev.postern.command.Flushed f : flushed) {
            f.lines().forEach(l -> err.println("postern: " + l));
            err.flush();
        }
    }

    static void quietly(AppContext ctx, Iterable<String> accounts, PrintWriter err) {
        for (String name : accounts) {
            AccountConfig a = ctx.config().account(name).orElse(null);
            if (a == null || a.smtp() == null) continue;
            try {
                if (ctx.postman().waiting(name) == 0) continue;
                Postman.FlushReport f = Futures.await(ctx.controller().flushOutbox(name).result()); // a job: listed, cancellable
                if (f.sent() > 0) err.println("postern: " + Sanitizer.oneLine(name + ": sent " + f.sent() + " queued message(s)"));
                if (f.waiting() > 0) {
                    err.println("postern: " + Sanitizer.oneLine(name + ": " + f.waiting() + " message(s) still in the outbox"
                            + (f.error() == null ? "" : " (" + f.error() + ")")));
                }
                f.notes().forEach(n -> err.println("postern: " + Sanitizer.oneLine(n)));
            } catch (PosternException e) {
                err.println("postern: " + Sanitizer.oneLine(name + ": the outbox was not sent: " + e.getMessage()));
            }
            err.flush();
        }
    }
}

package dev.postern.controller;

import static dev.postern.controller.ControllerContext.capability;

import dev.postern.backend.BodySource;
import dev.postern.model.DamagedBody;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import dev.postern.store.MailStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cached body whose stored copy is damaged (its bytes no longer match their hash), met while reading a message: it
 * is fetched again from the server (IMAP by UID, POP3 by its UIDL while the server still has it) and stored in place
 * of the damaged copy, and {@link Event.BodyRefetched} says so once. When it cannot be had (the server no longer has
 * it, the message is kept only here, the server cannot be reached), the message is recorded damaged for the next
 * sync and the failure is one sentence (65) saying what is left: its headers.
 */
final class BodyMend {
    private static final Logger log = LoggerFactory.getLogger(BodyMend.class);

    private final ControllerContext ctx;
    private final MailStore store;

    BodyMend(ControllerContext ctx) {
        this.ctx = ctx;
        this.store = ctx.store;
    }

    /** A cached body as read: present, absent (not cached), or damaged. */
    record Cached(Optional<byte[]> body, DamagedBody damage) {
        boolean damaged() { return damage != null; }
    }

    /** The message's cached body; a damaged one is told apart from one not cached instead of failing the read. */
    Cached cached(MessageRef ref) {
        try {
            return new Cached(store.body(ref), null);
        } catch (DamagedBody d) {
            log.warn("{}: {}", ref, d.getMessage());
            return new Cached(Optional.empty(), d);
        }
    }

    /** The message's body, fetched again in place of its damaged stored copy (see the class). */
    CompletableFuture<byte[]> fetchAgain(MessageRef ref) {
        AccountWorker w = ctx.worker(ref.account());
        if (store.isDetached(ref)) return CompletableFuture.failedFuture(lost(ref, "it is kept only here (its server copy was"
                + " deleted), so it cannot be fetched again", true));
        AccountTask<byte[]> task = w.submit(s -> {
            byte[] raw = capability(s, BodySource.class, ref.account(), "fetch messages").raw(ref);
            if (store.envelope(ref).isPresent()) {
                store.attachBody(ref, raw); // the same bytes: they replace the damaged copy
                store.commit();
                ctx.publish(new Event.BodyLoaded(ref));
            }
            ctx.publish(new Event.BodyRefetched(ref, "the stored copy of " + which(ref)
                    + " was damaged; it was fetched again from the server"));
            return raw;
        });
        // A command's cancel (AccountTask#stop) cuts the download in hand: the damaged copy stays recorded as such.
        return task.carrying(task.exceptionallyCompose(err -> {
            Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (!(t instanceof PosternException p)) return CompletableFuture.failedFuture(t);
            // Recorded, so that `postern sync` fetches it when the server can be reached; then the failure, in one sentence.
            return w.local(() -> {
                try {
                    store.markDamaged(List.of(ref));
                    store.commit();
                } catch (RuntimeException e) {
                    log.warn("recording the damaged body of {}", ref, e);
                    store.rollback();
                }
                throw p.exitCode() == ExitCode.NOINPUT
                        ? lost(ref, "the server no longer has the message (" + p.getMessage() + ")", true)
                        : lost(ref, "it could not be fetched again from the server (" + p.getMessage() + ")", false);
            });
        }));
    }

    private static String which(MessageRef ref) {
        return "message " + ref.uid() + " in " + Sanitizer.oneLine(ref.folder()) + " (account " + Sanitizer.oneLine(ref.account()) + ")";
    }

    /** 65: the body is damaged and cannot be had now; {@code forGood}: not from this server ever again. */
    private static PosternException lost(MessageRef ref, String why, boolean forGood) {
        return new PosternException(ExitCode.DATAERR, "the stored copy of " + which(ref) + " is damaged, and " + why
                + "; only its headers are left in the store (`postern list --cached` shows them)" + (forGood
                ? "; restore the store from a backup to get the body back"
                : " until opening it again or `postern sync` fetches it once the server can be reached"));
    }
}

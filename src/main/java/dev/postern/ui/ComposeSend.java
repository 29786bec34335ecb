package dev.postern.ui;

import dev.postern.compose.Built;
import dev.postern.compose.Draft;
import dev.postern.compose.Postman;
import dev.postern.config.CryptoConfig;
import dev.postern.controller.Composing;
import dev.postern.render.Sanitizer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The review screen's send (y), held to the batch {@code send}'s rule: the message as it is sent (the review screen's
 * To, Subject, attachments... with it) is first written as the unsent draft in the state directory's drafts/ (0600,
 * {@link DraftOnDisk#aheadOfSend}), and the postman's record of it in the outbox just before the final dot removes that
 * draft ({@link DraftOnDisk#recorded}). A kill -9 so leaves the draft (before the dot) or the outbox entry marked MAY
 * HAVE BEEN SENT (after it), never nothing and never both; the server's answer settles the rest as for every door.
 */
final class ComposeSend {
    private ComposeSend() {}

    /**
     * Sends {@code b}, built from {@code draft}, from {@code account} with the protection {@code p}, written ahead in
     * {@code file} (moved to {@code stateDir}/drafts; stays where it is when there is none). Off the UI thread. Once it
     * is in drafts/, {@code ahead} (or null) is run and waited for (it never fails) before postern connects: a recalled
     * draft leaves Drafts there, the file being its one copy from then on.
     */
    static CompletableFuture<Postman.Result> start(Composing composing, String account, Built b, CryptoConfig.Policy p,
            Draft draft, DraftOnDisk file, Path stateDir, java.util.function.Supplier<CompletableFuture<?>> ahead) {
        Path kept = file.aheadOfSend(draft, stateDir);
        CompletableFuture<?> before = kept == null || ahead == null ? CompletableFuture.completedFuture(null) : ahead.get();
        return before.handle((x, e) -> null).thenApplyAsync(x -> composing.protect(account, b, p))
                .thenCompose(o -> composing.send(account, o.message(), file::recorded).thenApply(sent -> o.notes().isEmpty() ? sent
                        : sent.withNote(String.join("; ", o.notes()) + (sent.note() == null ? "" : "; " + sent.note()))));
    }

    /** UI thread: the status line's sentence for the send's result {@code r} (it went, in part, or was queued). */
    static void say(StatusLine status, Postman.Result r) {
        if (r.outcome() == Postman.Outcome.SENT && !r.notSent().isEmpty()) {
            // Part of it went: said as an error, so it is not read as a whole send.
            status.error("Sent to " + Sanitizer.oneLine(String.join(", ", r.recipients())) + ", but "
                    + Sanitizer.oneLine(r.note()) + ".");
        } else if (r.outcome() == Postman.Outcome.SENT) {
            status.notice("Sent to " + Sanitizer.oneLine(String.join(", ", r.recipients()))
                    + (r.sentFolder() != null ? "; copy in " + Sanitizer.oneLine(r.sentFolder()) : "")
                    + (r.note() != null ? " (" + Sanitizer.oneLine(r.note()) + ")" : "") + ".");
        } else {
            status.error("Not sent now (" + Sanitizer.oneLine(r.note()) + "); queued in the outbox.");
        }
    }
}

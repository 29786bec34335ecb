package dev.postern.ui;

import dev.postern.compose.Draft;
import dev.postern.compose.Outgoing;
import dev.postern.compose.Postman;
import dev.postern.compose.SendStopped;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What becomes of the message on the compose screen when the reader ends, and the one line that says so once the
 * screen is put away. The message is left as the batch doors leave theirs (hunt 31-T, T1, T2): a send under way is
 * cut first (the process is ending) and its outcome decides. Cut before the final dot: not sent, the draft is kept
 * (drafts/unsent-*.eml) and said so. Cut after it: perhaps delivered, kept in the outbox as such, and no "not sent"
 * draft (resending it would send it twice; the outbox holds the very bytes for {@code outbox --retry}). Before, the
 * draft was kept whenever the screen was open, before the send was cut (Ctrl-C after the dot: "not sent" and a draft
 * of a message the server had), and only on the reader's normal way out, which SIGTERM never took (the message lost).
 * Once sending, the draft is the unsent one in drafts/ ({@link ComposeSend}), and it may already be gone: the postman
 * took it when it recorded the message in the outbox before the dot ({@link DraftOnDisk#wasRecorded}).
 */
final class ComposeExit {
    /** How long the reader's end waits for a send it cut to set its message down (as the context's close does). */
    static final long WAIT_MILLIS = 3_000;

    private ComposeExit() {}

    /**
     * {@code draft} (its file {@code file}) at the reader's end, {@code sending} the send under way or last tried (or
     * null); a send under way is cut when {@code processEnds} (not for a served reader: its owner goes on sending).
     */
    static String settle(Draft draft, DraftOnDisk file, CompletableFuture<Postman.Result> sending, Outgoing out,
            boolean processEnds, Path stateDir) {
        if (sending == null || sending.isCompletedExceptionally() && !cut(sending)) return unsent(draft, file, stateDir);
        if (!sending.isDone() && processEnds) out.stopSends(WAIT_MILLIS);
        Throwable failed;
        try {
            sending.get(processEnds ? WAIT_MILLIS : 0, TimeUnit.MILLISECONDS);
            file.delete(); // it went (or waits in the outbox): the screen's last word said so, or would have
            return null;
        } catch (ExecutionException e) {
            failed = e.getCause();
        } catch (TimeoutException e) {
            failed = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed = null;
        } catch (java.util.concurrent.CancellationException e) {
            return unsent(draft, file, stateDir);
        }
        if (failed instanceof java.util.concurrent.CompletionException && failed.getCause() != null) failed = failed.getCause();
        if (failed != null && Postman.perhapsSent(failed)) {
            String said = "postern: " + failed.getMessage();
            if (said.contains("kept in the outbox")) {
                file.delete();
                return said;
            }
            return perhaps(said.replaceAll("[.]$", ""), draft, file, stateDir);
        }
        if (failed instanceof SendStopped) {
            Path kept = DraftOnDisk.settle(file.keep(draft), stateDir);
            return "postern: " + failed.getMessage().replaceAll("[.]$", "")
                    + (kept == null ? "." : "; your draft is kept in " + kept + ".");
        }
        if (failed != null) return unsent(draft, file, stateDir); // it failed on its own; the screen said why
        if (file.wasRecorded()) { // in the outbox, its unsent draft gone: no second copy to send again
            return "postern: the message was still being sent when the reader ended, so it may yet go out; it is kept in the"
                    + " outbox marked MAY HAVE BEEN SENT (postern outbox), not as a draft.";
        }
        return perhaps("postern: the message was still being sent when the reader ended, so it may yet go out", draft, file,
                stateDir);
    }

    /** Whether {@code f}, failed, failed because its send was cut (or after its data: perhaps delivered). */
    private static boolean cut(CompletableFuture<Postman.Result> f) {
        try {
            f.getNow(null);
            return false;
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            Throwable t = e.getCause() == null ? e : e.getCause();
            return t instanceof SendStopped || Postman.perhapsSent(t);
        }
    }

    /** The screen's message, never sent: kept as the reader always kept it. */
    private static String unsent(Draft draft, DraftOnDisk file, Path stateDir) {
        Path kept = DraftOnDisk.settle(file.keep(draft), stateDir);
        return kept == null ? null : "postern: the message you were writing was not sent; it is kept in " + kept + ".";
    }

    /** Perhaps delivered and not in the outbox: what was written is kept, named and said as perhaps sent. */
    private static String perhaps(String said, Draft draft, DraftOnDisk file, Path stateDir) {
        Path kept = DraftOnDisk.settle(file.keep(draft), stateDir, "perhaps-sent-");
        return kept == null ? said + "." : said + "; what you wrote is kept in " + kept
                + ": check with the recipients before you send it again.";
    }
}

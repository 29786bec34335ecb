package dev.postern.compose;

import dev.postern.render.RawHeaders;
import dev.postern.render.RenderedMessage;
import dev.postern.render.Rfc2047;
import dev.postern.store.OutboxEntry;
import java.util.Locale;

/**
 * One message waiting in the outbox as a person looks at it: To and Subject read (and RFC 2047-decoded)
 * from its own header, beside what the store keeps about it. Text here is NOT sanitised: whatever shows
 * it on a terminal passes it through {@link dev.postern.render.Sanitizer}.
 *
 * @param state "waiting" (the next flush sends it), "refused" (the server refused it for good) or "unconfirmed" (its
 *              data went out and no answer came: it may have been delivered); the last two are sent only on retry
 */
public record OutboxItem(long id, String account, String to, String subject, String messageId, int size,
        long queuedAtMillis, int attempts, String lastError, String state) {
    /** Whether the next flush sends it. */
    public boolean waiting() {
        return "waiting".equals(state);
    }

    /** What a person reads about its state, or "" for a message that simply waits. */
    public String stateLine() {
        return switch (state) {
            case "refused" -> "REFUSED by the server, not sent again by itself (outbox --retry " + id + " or --drop " + id + ")";
            case "unconfirmed" -> "MAY HAVE BEEN SENT (no answer after its data), not sent again by itself (outbox --retry "
                    + id + " or --drop " + id + ")";
            default -> "";
        };
    }

    public static OutboxItem of(OutboxEntry e) {
        String to = "";
        String subject = "";
        String messageId = "";
        String resentTo = "";
        String resentId = "";
        for (RenderedMessage.Header h : RawHeaders.parse(e.raw())) {
            switch (h.name().toLowerCase(Locale.ROOT)) {
                case "to" -> to = to.isEmpty() ? Rfc2047.decode(h.value()) : to;
                case "subject" -> subject = subject.isEmpty() ? Rfc2047.decode(h.value()) : subject;
                case "message-id" -> messageId = messageId.isEmpty() ? h.value() : messageId;
                // A bounce (its resent block on top) goes to its Resent-To, as its Resent-Message-ID, not the original's.
                case "resent-to" -> resentTo = resentTo.isEmpty() ? Rfc2047.decode(h.value()) : resentTo;
                case "resent-message-id" -> resentId = resentId.isEmpty() ? h.value() : resentId;
                default -> { }
            }
        }
        if (Bounce.resent(e.raw())) {
            to = resentTo;
            messageId = resentId;
        }
        if (to.isEmpty()) to = String.join(", ", e.recipients()); // a message with only Bcc recipients
        return new OutboxItem(e.id(), e.account(), to, subject, messageId, e.raw().length, e.queuedAtMillis(),
                e.attempts(), e.lastError(), e.state().name().toLowerCase(Locale.ROOT));
    }

    /** One sentence: which message left the queue, why, and what the user can do. */
    static String setAsideNote(OutboxEntry e, OutboxEntry.State state, String why) {
        OutboxItem m = of(e);
        String what = state == OutboxEntry.State.REFUSED ? "was refused and will not be sent again by itself"
                : "may have been delivered and will not be sent again by itself";
        return "outbox message " + e.id() + " to " + m.to() + " (\"" + m.subject() + "\") " + what + ": "
                + why.replaceAll("[.]$", "") + "; `postern outbox --retry " + e.id() + "` sends it again, `--drop " + e.id()
                + "` removes it.";
    }
}

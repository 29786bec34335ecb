package dev.postern.backend.smtp;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;

/**
 * A send that failed in a way the outbox must treat apart from a lost link: the server answered the message itself
 * with a refusal (for good, or for now), or the whole message went out and no answer came, so it may have been
 * delivered.
 */
public final class SmtpFailure extends PosternException {
    public enum Kind {
        /** A 5xx reply to MAIL, RCPT, DATA or the end of data: sending it again gets the same answer. */
        REFUSED,
        /** A 4xx reply to the message: this message may go later; other messages are not held up by it. */
        REFUSED_FOR_NOW,
        /** The end of data went out and no reply came (link lost, time-out, an answer that is not SMTP or whose lines carry different codes). */
        UNCONFIRMED
    }

    private final Kind kind;

    SmtpFailure(Kind kind, ExitCode code, String message, Throwable cause) {
        super(code, message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

package dev.postern.compose;

import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;

/**
 * A new message (or bounce) whose send {@link Postman#stop} cut off before its end of data went out: nothing was
 * delivered and nothing was queued, so the door keeps what the user wrote (the batch doors' unsent draft) and says so.
 */
public final class SendStopped extends PosternException {
    private SendStopped(String sentence, Throwable cause) {
        super(ExitCode.TEMPFAIL, sentence, cause);
    }

    /** {@code what} ("the message") not sent: its send was cut, or ({@code cause} a Work.Cancelled) the outbox's before it. */
    static SendStopped of(AccountConfig a, String what, PosternException cause) {
        String why = cause instanceof dev.postern.model.Work.Cancelled c
                ? "; " + c.getMessage().replaceFirst("^interrupted: ", "").replaceAll("[.]$", "")
                : " (postern cut the connection to " + where(a) + " before the end of its data)";
        return new SendStopped("interrupted: postern is ending, so " + what + " was NOT sent" + why + ".", cause);
    }

    /**
     * The sentence for a {@code what} ("message", "bounce") whose send the process ending cut after its whole data had
     * gone out: perhaps delivered.
     */
    static String afterData(AccountConfig a, String what) {
        return "interrupted: postern is ending and cut the connection to " + where(a) + " after the whole " + what
                + " had gone out, so the server may have delivered it.";
    }

    /** The account's submission server, host:port. */
    static String where(AccountConfig a) {
        return a.smtp() == null ? a.host() + ":" + a.port() : a.smtp().host() + ":" + a.smtp().port();
    }
}

package dev.postern.backend;

import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.ServerLimit;

/**
 * The one wording of a server's NO to a body read that says why by its response code, for a single message's read
 * ({@code read}, {@code fetch}) and for {@code sync}'s bulk download alike (hunt28-G G11).
 */
public final class BodyRefusals {
    private BodyRefusals() {}

    /**
     * The server's refusal {@code words} ("NO [THROTTLED] ...") to send {@code what} ("message 7 in 'INBOX'"): a limit
     * for now ({@code [THROTTLED]}, {@code [UNAVAILABLE]}...) is a {@link ServerLimit} (75, try again later), one that
     * stands ({@code [OVERQUOTA]}, {@code [NOPERM]}) 77, each in the server's words, never a faulty server. Null for a
     * NO without such a code, which the caller words as before.
     */
    public static PosternException of(AccountConfig a, String what, String words, Throwable cause) {
        boolean forNow = LoginRefusals.temporary(words);
        ExitCode code = forNow ? ExitCode.TEMPFAIL : ConnectionErrors.refusal(words);
        if (!forNow && (code == ExitCode.TEMPFAIL || code == ExitCode.NOINPUT)) return null;
        String said = "account " + a.name() + ": the server at " + a.host() + ":" + a.port() + " refused to send " + what;
        if (forNow) {
            return new ServerLimit(said + " for now (server said: " + words + "); it is a temporary limit of the server:"
                    + " try again later.", cause);
        }
        return new PosternException(code, said + " (server said: " + words + ").", cause);
    }
}

package dev.postern.model;

/**
 * The server refused the account's credentials (a wrong or expired password, a token it does not take, a login it
 * will not allow): a config matter (78) that no second try mends. What postern does by itself (push, the outbox's
 * retries) never sends them again until the user acts (see {@code controller/LoginGate}): servers lock an account
 * after a few refused logins (fail2ban, Microsoft 365's smart lockout).
 */
public final class LoginRefused extends PosternException {
    public LoginRefused(String message, Throwable cause) {
        super(ExitCode.CONFIG, message, cause);
    }

    /**
     * Whether {@code t}, or what it wraps, is a refusal of the credentials: a {@link LoginRefused}, or a sign-in the
     * account needs ({@link SignInNeeded}) that no sign-in since has mended.
     */
    public static boolean in(Throwable t) {
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof LoginRefused) return true;
            if (t instanceof SignInNeeded s) return !s.superseded();
        }
        return false;
    }
}

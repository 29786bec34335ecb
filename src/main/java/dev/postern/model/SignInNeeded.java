package dev.postern.model;

import java.util.function.BooleanSupplier;

/**
 * An account has no usable OAuth2 sign-in ("not signed in", "the provider no longer accepts the saved
 * sign-in"). It knows whether a sign-in has been saved since the attempt read the tokens: a job that started
 * before {@code :sign-in} finished fails with the old state, and that failure is not news once the account is
 * signed in again, so the reader does not show it over "signed in".
 */
public final class SignInNeeded extends PosternException {
    private final transient BooleanSupplier superseded;

    public SignInNeeded(String message) {
        this(message, () -> false);
    }

    public SignInNeeded(String message, BooleanSupplier superseded) {
        super(ExitCode.CONFIG, message);
        this.superseded = superseded;
    }

    /** Whether the account has been signed in (or its tokens saved anew) since this failure's attempt read them. */
    public boolean superseded() { return superseded.getAsBoolean(); }

    /** Whether {@code t}, or what it wraps, is a sign-in failure that a later sign-in has made stale. */
    public static boolean supersededIn(Throwable t) {
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof SignInNeeded s) return s.superseded();
        }
        return false;
    }
}

package dev.postern.model;

/**
 * The server could not be reached at all (its host not resolved, the connection refused, no route to it): nothing was
 * sent on the connection that failed, so a change that meets this is made in the store and queued, as when offline,
 * whether the connection was the account's first or one a task opened after its link died. Exit code 69.
 */
public class NotReached extends PosternException {
    public NotReached(String message, Throwable cause) {
        super(ExitCode.UNAVAILABLE, message, cause);
    }

    /** Whether {@code e} is, or was caused by, a server not reached. */
    public static boolean in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NotReached) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }
}

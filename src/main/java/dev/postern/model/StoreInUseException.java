package dev.postern.model;

/**
 * The data directory's store is held by another postern process (or already by this one): temporary, worth
 * retrying when that one ends (75). What opening the store throws, as the doors above the controller see it:
 * a command that wants to say what it did not do (fetch, sync) catches this type, never the store's own.
 */
public class StoreInUseException extends PosternException {
    private final String holder;

    public StoreInUseException(String message, Throwable cause) {
        this(message, cause, null);
    }

    /** {@code holder}: who has the store, in a user's words ("postern sync (pid 12345)"); null when not known. */
    public StoreInUseException(String message, Throwable cause, String holder) {
        super(ExitCode.TEMPFAIL, message, cause);
        this.holder = holder;
    }

    /**
     * Whether {@code holder}, as a store's lock names it, is a postern that serves other commands once it is up (the
     * reader, {@code postern shell}, {@code postern daemon}) rather than one that ends by itself; false for null.
     */
    public static boolean servesOthers(String holder) {
        return holder != null && (holder.startsWith("the reader") || holder.startsWith("postern shell")
                || holder.startsWith("postern daemon"));
    }

    /** Who has the store ("postern sync (pid 12345)"), or null when its lock does not say. */
    public String holder() { return holder; }
}

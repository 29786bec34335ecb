package dev.postern.model;

/**
 * The data directory's store is held by another postern process (or already by this one): temporary, worth
 * retrying when that one ends (75). What opening the store throws, as the doors above the controller see it:
 * a command that wants to say what it did not do (fetch, sync) catches this type, never the store's own.
 */
public class StoreInUseException extends PosternException {
    public StoreInUseException(String message, Throwable cause) {
        super(ExitCode.TEMPFAIL, message, cause);
    }
}

package dev.postern.store;

import dev.postern.model.StoreInUseException;

/**
 * Another process has the store open (its {@code store.lock}): temporary, retry when it ends. Above the
 * controller it is seen as the model's {@link StoreInUseException}.
 */
public final class StoreLockedException extends StoreInUseException {
    public StoreLockedException(String message, Throwable cause) {
        super(message, cause);
    }

    StoreLockedException(String message, Throwable cause, String holder) {
        super(message, cause, holder);
    }

    static StoreLockedException of(java.nio.file.Path store, Throwable cause) {
        return of(store, null, cause);
    }

    /**
     * {@code holder}: who has it ("postern sync (pid 12345)"), or null when the lock does not say. A batch command
     * ends by itself, so the sentence says to wait for it rather than to close it (the user may not have opened it:
     * cron did).
     */
    static StoreLockedException of(java.nio.file.Path store, String holder, Throwable cause) {
        if (holder == null) {
            return new StoreLockedException("the store " + store + " is in use by another postern process; close it and retry", cause);
        }
        boolean batch = holder.startsWith("postern ") && !holder.startsWith("postern shell") && !holder.startsWith("postern daemon");
        return new StoreLockedException("the store " + store + " is in use by " + holder + (batch
                ? ", which ends by itself; retry when it has (a reader or `postern daemon` kept open serves such commands"
                        + " instead of refusing them)"
                : "; close it and retry"), cause, holder);
    }
}

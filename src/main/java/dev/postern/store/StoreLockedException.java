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

    static StoreLockedException of(java.nio.file.Path store, Throwable cause) {
        return new StoreLockedException("the store " + store + " is in use by another postern process; close it and retry", cause);
    }
}

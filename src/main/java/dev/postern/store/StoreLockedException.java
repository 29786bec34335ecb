package dev.postern.store;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;

/** Another process has the store open (MapDB's file lock): temporary, retry when it ends. */
public final class StoreLockedException extends PosternException {
    public StoreLockedException(String message, Throwable cause) {
        super(ExitCode.TEMPFAIL, message, cause);
    }

    static StoreLockedException of(java.nio.file.Path store, Throwable cause) {
        return new StoreLockedException("the store " + store + " is in use by another postern process; close it and retry", cause);
    }
}

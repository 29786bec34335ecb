package dev.postern.controller;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.util.concurrent.CompletableFuture;

/** The failure of a capability an account (or a controller) does not have: one sentence, exit 69. */
final class Unsupported {
    private Unsupported() {}

    static <T> CompletableFuture<T> future(String account, String what) {
        return CompletableFuture.failedFuture(exception(account, what));
    }

    static PosternException exception(String account, String what) {
        return new PosternException(ExitCode.UNAVAILABLE, "account " + account + " cannot " + what + " here.");
    }
}

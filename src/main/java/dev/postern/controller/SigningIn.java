package dev.postern.controller;

import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;

/**
 * Signing an OAuth2 account in from inside a long-lived face (the reader), so that an expired or revoked
 * sign-in is mended without leaving it: the same device flow as {@code postern auth login ACCOUNT}.
 */
public interface SigningIn {
    /** True when {@code account} signs in with OAuth2 and postern holds its tokens (not a token_command). */
    default boolean signsInWithOAuth(String account) {
        return false;
    }

    /**
     * Runs the device flow off the caller's thread, printing what the person must do (the address, the code,
     * and a QR code when {@code columns} fits one; 0: none) to {@code out}. Completes with one sentence
     * saying how long the new access token is good for; fails with a PosternException; cancelling the
     * future stops the polling (the tokens of a sign-in approved after that are not saved).
     */
    default CompletableFuture<String> signIn(String account, PrintWriter out, int columns) {
        return CompletableFuture.failedFuture(new dev.postern.model.PosternException(dev.postern.model.ExitCode.USAGE,
                "account " + account + " does not sign in with OAuth2 tokens that postern keeps; there is nothing to sign in."));
    }

    /** Each OAuth2 account's sign-in as saved (never a token's text); blocking (a token_store_command may run). */
    default java.util.List<SignInState> signInStates() {
        return java.util.List.of();
    }

    /** Forgets {@code account}'s saved tokens (the provider's own page can revoke the app's access as well). */
    default void signOut(String account) {
        throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.USAGE,
                "account " + account + " does not sign in with OAuth2 tokens that postern keeps; there is nothing to forget.");
    }
}

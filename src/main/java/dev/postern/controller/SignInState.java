package dev.postern.controller;

import dev.postern.auth.TokenSet;
import dev.postern.model.ExitCode;

/**
 * One OAuth2 account's sign-in as saved, never a token's text: where its tokens come from ({@code store}: the token
 * file or token_store_command; {@code external}: a token_command gives them), the saved set (null: not signed in),
 * or why it could not be read ({@code error}, with its exit code); {@code unsaved}: when and why a renewed sign-in
 * could not be saved (null: nothing waiting), after which the saved one may be refused.
 */
public record SignInState(String account, String provider, boolean external, String store, TokenSet saved, String error,
        ExitCode errorCode, String unsaved) {
    public SignInState(String account, String provider, boolean external, String store, TokenSet saved, String error,
            ExitCode errorCode) {
        this(account, provider, external, store, saved, error, errorCode, null);
    }
}

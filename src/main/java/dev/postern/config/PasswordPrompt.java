package dev.postern.config;

/**
 * Asks the person at the terminal for an account's password (for accounts without a password source).
 * Returns null when the question was cancelled.
 */
@FunctionalInterface
public interface PasswordPrompt {
    String ask(AccountConfig account);
}

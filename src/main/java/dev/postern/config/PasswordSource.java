package dev.postern.config;

/** Where an account's password comes from. Resolved only when a connection needs it. */
public sealed interface PasswordSource {
    /**
     * A command whose first line of output is the password (e.g. {@code pass show mail/work}), run by sh; it must
     * finish within {@code timeout} ({@code command_timeout_seconds}), or it is killed with everything it started.
     */
    record Command(String command, java.time.Duration timeout) implements PasswordSource {
        /** How long a password command may run when the config does not say. */
        public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofSeconds(30);

        public Command(String command) {
            this(command, DEFAULT_TIMEOUT);
        }
    }

    /** An environment variable holding the password. */
    record Env(String variable) implements PasswordSource {}

    /**
     * No source in the config: asked once per process at the terminal (masked), or a configuration error
     * when stdin is not a terminal.
     */
    record Prompt() implements PasswordSource {}

    /** A literal password from a config file that only its owner can read. */
    record Literal(String password) implements PasswordSource {
        @Override
        public String toString() { return "Literal[****]"; }
    }

    /**
     * No password: the account signs in with OAuth2 ({@code auth = "oauth2"}), and a connection logs in with an access
     * token (SASL OAUTHBEARER or XOAUTH2) that {@link dev.postern.auth.TokenService} keeps fresh.
     */
    record OAuth2(dev.postern.auth.OAuth2Config config) implements PasswordSource {}
}

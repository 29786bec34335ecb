package dev.postern.config;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.util.Map;

/** Turns a {@link PasswordSource} into the password, only when a connection is about to log in. */
public final class PasswordResolver {
    private final Map<String, String> env;
    private final java.util.function.Supplier<PasswordPrompt> prompts;
    /** Passwords typed at the prompt, by account: asked once per account per process. */
    private final Map<String, String> typed = new java.util.HashMap<>();

    public PasswordResolver(Map<String, String> env) {
        this(env, () -> null);
    }

    /**
     * @param prompts the current way to ask at the terminal for accounts without a source; it supplies null
     *                when stdin is not a terminal
     */
    public PasswordResolver(Map<String, String> env, java.util.function.Supplier<PasswordPrompt> prompts) {
        this.env = env;
        this.prompts = prompts;
    }

    public String resolve(AccountConfig account) {
        PasswordSource source = account.password();
        if (source instanceof PasswordSource.Prompt) return typed(account);
        if (source instanceof PasswordSource.Literal l) return l.password();
        if (source instanceof PasswordSource.OAuth2 o) return tokens().accessToken(account.name(), o.config());
        if (source instanceof PasswordSource.Env e) {
            String v = env.get(e.variable());
            if (v == null || v.isEmpty()) {
                throw new PosternException(ExitCode.CONFIG, "account " + account.name()
                        + ": the environment variable " + e.variable() + " (password_env) is not set.");
            }
            // Read as password_command's output is: UTF-8 when its bytes are, else the locale's (hunt 39-I, I11).
            String read = dev.postern.model.LocaleText.fromEnvironment(v);
            if (read == null) {
                throw new PosternException(ExitCode.CONFIG, "account " + account.name() + ": the environment variable "
                        + e.variable() + " (password_env) holds bytes that are not UTF-8, the charset of this locale; set it in UTF-8.");
            }
            return read;
        }
        return runCommand(account, (PasswordSource.Command) source);
    }

    /** The process's one token service: a refresh done for one connection serves every other. */
    private static dev.postern.auth.TokenService tokens;

    public static synchronized dev.postern.auth.TokenService tokens(Map<String, String> env) {
        if (tokens == null) tokens = new dev.postern.auth.TokenService(env, java.time.Clock.systemUTC());
        return tokens;
    }

    /** The server refused the account's access token: the next one asked for is renewed first. */
    public static void renew(AccountConfig account) {
        if (account.oauth2() != null) tokens(dev.postern.model.HomeEnv.process()).expireSaved(account.name(), account.oauth2());
    }

    private dev.postern.auth.TokenService tokens() {
        return tokens(env);
    }

    /** True when the account's password will be (or was) asked at the terminal. */
    public static boolean asks(AccountConfig account) {
        return account.password() instanceof PasswordSource.Prompt;
    }

    /** Synchronised so that two connections of one account (worker and watcher) never ask twice. */
    private synchronized String typed(AccountConfig account) {
        String known = typed.get(account.name());
        if (known != null) return known;
        String where = "[accounts." + dev.postern.model.Names.tomlKey(account.name()) + "]";
        PasswordPrompt prompt = prompts.get();
        if (prompt == null) {
            throw new PosternException(ExitCode.CONFIG, "account " + account.name() + " has no password source and "
                    + "stdin is not a terminal to ask on; set password_command or password_env in " + where
                    + " of the config.");
        }
        String pw = prompt.ask(account);
        if (pw == null || pw.isEmpty()) {
            throw new PosternException(ExitCode.CONFIG, "account " + account.name() + ": no password was typed; "
                    + "type it at the prompt or set password_command or password_env in " + where + " of the config.");
        }
        typed.put(account.name(), pw);
        return pw;
    }

    /** Forgets every typed password, so the next connection asks again (after the server refused one). */
    public synchronized void forgetTyped() {
        typed.clear();
    }

    /** The command's first line, run as every secret-giving command is ({@link dev.postern.auth.ExternalCommand}). */
    private static String runCommand(AccountConfig account, PasswordSource.Command command) {
        return dev.postern.auth.ExternalCommand.firstLine(account.name(), "password_command", command.command(),
                command.timeout(), "make it answer sooner or raise command_timeout_seconds");
    }
}

package dev.postern.config;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Turns a {@link PasswordSource} into the password, only when a connection is about to log in. */
public final class PasswordResolver {
    private static final long COMMAND_TIMEOUT_SECONDS = 60;
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
        if (source instanceof PasswordSource.Env e) {
            String v = env.get(e.variable());
            if (v == null || v.isEmpty()) {
                throw new PosternException(ExitCode.CONFIG, "account " + account.name()
                        + ": the environment variable " + e.variable() + " (password_env) is not set.");
            }
            return v;
        }
        return runCommand(account, ((PasswordSource.Command) source).command());
    }

    /** True when the account's password will be (or was) asked at the terminal. */
    public static boolean asks(AccountConfig account) {
        return account.password() instanceof PasswordSource.Prompt;
    }

    /** Synchronised so that two connections of one account (worker and watcher) never ask twice. */
    private synchronized String typed(AccountConfig account) {
        String known = typed.get(account.name());
        if (known != null) return known;
        String where = "[accounts." + account.name() + "]";
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

    /**
     * The command is the user's own config text, so it runs through sh like mutt's and aerc's; its stderr
     * goes to the terminal so that a pinentry or gpg prompt can talk to the user.
     */
    private static String runCommand(AccountConfig account, String command) {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
        try {
            Process p = pb.start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                out = buf.toByteArray();
            }
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw fail(account, "did not finish within " + COMMAND_TIMEOUT_SECONDS + " seconds");
            }
            if (p.exitValue() != 0) throw fail(account, "failed with exit code " + p.exitValue());
            String s = new String(out, StandardCharsets.UTF_8);
            int nl = s.indexOf('\n');
            String first = (nl >= 0 ? s.substring(0, nl) : s).strip();
            if (first.isEmpty()) throw fail(account, "printed nothing");
            return first;
        } catch (IOException e) {
            throw fail(account, "could not be started (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(account, "was interrupted");
        }
    }

    private static PosternException fail(AccountConfig account, String what) {
        return new PosternException(ExitCode.CONFIG, "account " + account.name() + ": password_command " + what
                + "; check it in the config.");
    }
}

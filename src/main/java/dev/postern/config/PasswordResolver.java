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
            return v;
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
        if (account.oauth2() != null) tokens(System.getenv()).expireSaved(account.name(), account.oauth2());
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
     * goes to the terminal so that a pinentry or gpg prompt can talk to the user. It has a deadline: a command
     * that hangs (an agent that never answers, a prompt nobody sees) is killed with every process it started.
     * Its output is read on a thread of its own, so a command that never closes it cannot hold us either.
     */
    private static String runCommand(AccountConfig account, PasswordSource.Command command) {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command.command());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
        long limit = command.timeout().toMillis();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw fail(account, command, "could not be started (" + e.getMessage() + ")");
        }
        java.util.concurrent.CompletableFuture<byte[]> output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                // A password is a line; a command that prints without end (`yes`, a wrong command) is stopped at
                // 1 MiB rather than filling the heap until the time-out.
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                byte[] chunk = new byte[8192];
                for (int n; (n = in.read(chunk)) > 0; ) {
                    if (buf.size() + n > (1 << 20)) throw new IOException("it printed more than 1 MiB");
                    buf.write(chunk, 0, n);
                }
                return buf.toByteArray();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, r -> {
            Thread t = new Thread(r, "password-command-output");
            t.setDaemon(true);
            t.start();
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limit);
            while (!(output.isDone() && !p.isAlive())) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) throw new java.util.concurrent.TimeoutException();
                try {
                    output.get(Math.min(50, left), TimeUnit.MILLISECONDS);
                    p.waitFor(Math.min(50, left), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException stillRunning) {
                    // look again
                }
            }
            byte[] out = output.get();
            if (p.exitValue() != 0) throw fail(account, command, "failed with exit code " + p.exitValue());
            String s = new String(out, StandardCharsets.UTF_8);
            int nl = s.indexOf('\n');
            String first = (nl >= 0 ? s.substring(0, nl) : s).strip();
            if (first.isEmpty()) throw fail(account, command, "printed nothing");
            return first;
        } catch (java.util.concurrent.TimeoutException e) {
            killTree(p);
            throw fail(account, command, "did not finish within " + command.timeout().toSeconds()
                    + " s and was stopped; make it answer sooner or raise command_timeout_seconds");
        } catch (java.util.concurrent.ExecutionException e) {
            killTree(p);
            Throwable c = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
            throw fail(account, command, "could not be read (" + c.getMessage() + ")");
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw fail(account, command, "was interrupted");
        }
    }

    /** Kills the command and everything it started (sh, its pipeline, an agent it spawned in the foreground). */
    private static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static PosternException fail(AccountConfig account, PasswordSource.Command command, String what) {
        String cmd = command.command().strip().replaceAll("\\s+", " ");
        if (cmd.length() > 60) cmd = cmd.substring(0, 60) + "…";
        return new PosternException(ExitCode.CONFIG, "account " + account.name() + ": password_command '" + cmd + "' "
                + what + (what.contains("command_timeout_seconds") ? "." : "; check it in the config."));
    }
}

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

    public PasswordResolver(Map<String, String> env) {
        this.env = env;
    }

    public String resolve(AccountConfig account) {
        PasswordSource source = account.password();
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

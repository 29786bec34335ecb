package dev.postern.auth;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one of the user's secret-giving commands ({@code password_command}, and the OAuth2 ones: {@code token_command},
 * {@code client_secret_command}, {@code token_store_command}) through sh, like mutt and aerc: stderr to the terminal
 * (a pinentry or gpg prompt may talk), a deadline after which it is killed with everything it started, output read on
 * a thread of its own (a command that never closes it cannot hold us either) and kept to {@link #MAX_OUTPUT}.
 * Failures are one sentence naming the key, never the output (it may hold a secret).
 */
public final class ExternalCommand {
    private ExternalCommand() {}

    /** The most of a command's output kept. */
    static final int MAX_OUTPUT = 1 << 20;

    /**
     * @param key     the config key, for the sentence
     * @param args    $1.. for the command ("load", "store", "erase" for token_store_command)
     * @param stdin   bytes for its standard input, or null to give it ours
     * @return everything it printed on stdout
     */
    static byte[] run(String account, String key, String command, List<String> args, byte[] stdin, Duration timeout) {
        return run(account, key, command, args, stdin, timeout, null);
    }

    /** As above; {@code lateAdvice}, when not null, is what the sentence for a command past its deadline ends with. */
    private static byte[] run(String account, String key, String command, List<String> args, byte[] stdin, Duration timeout,
            String lateAdvice) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", command, "postern"));
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        if (stdin == null) pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
        String mark = dev.postern.model.ChildProcesses.mark(pb);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw fail(account, key, command, dev.postern.model.ProgramStart.why(e.getMessage()));
        }
        if (stdin != null) {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // It did not read its input; its exit code says whether that mattered.
            }
        }
        // What was read so far: a command that ended while a process it left behind holds the pipe gives this.
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                // A token, a secret or a token file is a few KB; a command that prints without end (a wrong
                // command, `yes`) is stopped at MAX_OUTPUT rather than filling the heap until the time-out.
                byte[] chunk = new byte[8192];
                for (int n; (n = in.read(chunk)) > 0; ) {
                    synchronized (buf) {
                        if (buf.size() + n > MAX_OUTPUT) throw new IOException("it printed more than " + (MAX_OUTPUT >> 20) + " MiB");
                        buf.write(chunk, 0, n);
                    }
                }
                synchronized (buf) {
                    return buf.toByteArray();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, r -> {
            Thread t = new Thread(r, "oauth2-command-output");
            t.setDaemon(true);
            t.start();
        });
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            // The command's own end, not its output's: `echo secret; agent &` ends at once, its agent holding the pipe.
            CompletableFuture.anyOf(output, p.onExit()).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!p.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) throw new TimeoutException();
            dev.postern.model.ChildProcesses.killAll(p, mark); // what it left running in our group: the man page's promise
            byte[] out;
            try {
                out = output.get(dev.postern.model.ChildProcesses.OUTPUT_GRACE_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException heldOpen) {
                synchronized (buf) {
                    out = buf.toByteArray(); // a daemon it started (out of our group) keeps the pipe: what came is all
                }
            }
            if (p.exitValue() != 0) throw fail(account, key, command, "failed with exit code " + p.exitValue());
            return out;
        } catch (TimeoutException e) {
            dev.postern.model.ChildProcesses.killAll(p, mark);
            String late = "did not finish within " + timeout.toSeconds() + " s and was stopped";
            throw lateAdvice == null ? fail(account, key, command, late)
                    : fail(account, key, command, late + "; " + lateAdvice, ".");
        } catch (ExecutionException e) {
            dev.postern.model.ChildProcesses.killAll(p, mark);
            Throwable c = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw fail(account, key, command, "could not be read (" + c.getMessage() + ")");
        } catch (InterruptedException e) {
            dev.postern.model.ChildProcesses.killAll(p, mark);
            Thread.currentThread().interrupt();
            throw fail(account, key, command, "was interrupted");
        }
    }

    /** The first line it printed, stripped; an empty one is a failure. */
    static String firstLine(String account, String key, String command, Duration timeout) {
        return firstLine(account, key, command, timeout, null);
    }

    /**
     * As above, for a caller with its own advice for a command past its deadline ({@code lateAdvice}, e.g. which
     * setting raises it; null: "check it in the config").
     */
    public static String firstLine(String account, String key, String command, Duration timeout, String lateAdvice) {
        // UTF-8 when it is, else the locale's charset, as password_env's value is read (model/LocaleText: hunt 39-I, I11).
        String s = dev.postern.model.LocaleText.decode(run(account, key, command, List.of(), null, timeout, lateAdvice));
        if (s == null) {
            throw fail(account, key, command, "printed bytes that are not UTF-8, the charset of this locale ("
                    + dev.postern.model.UnusablePath.locale(System.getenv()) + "); make it print UTF-8", ".");
        }
        int nl = s.indexOf('\n');
        String first = (nl >= 0 ? s.substring(0, nl) : s).strip();
        if (first.isEmpty()) throw fail(account, key, command, "printed nothing");
        return first;
    }

    private static PosternException fail(String account, String key, String command, String what) {
        return fail(account, key, command, what, "; check it in the config.");
    }

    private static PosternException fail(String account, String key, String command, String what, String end) {
        String cmd = command.strip().replaceAll("\\s+", " ");
        if (cmd.length() > 60) cmd = cmd.substring(0, 60) + "…";
        return new PosternException(ExitCode.CONFIG, "account " + account + ": " + key + " '" + cmd + "' " + what + end);
    }
}

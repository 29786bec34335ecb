package dev.postern.config;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the user's helper commands that are not secrets (signature_command, address_book_command,
 * new_mail_command): stdin is empty, stderr is dropped (the reader owns the terminal), stdout is read up to
 * {@code maxOutput} bytes on a thread of its own, and the command and everything it started is killed at the
 * deadline. Blocking: never call it on the UI thread. Failures are one sentence naming the config key.
 */
public final class UserCommand {
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);
    private static final int MAX_OUTPUT = 1 << 20;

    private UserCommand() {}

    /**
     * {@code command} through {@code /bin/sh -c} (a setting the user wrote as a shell line); its stdout as UTF-8, else in
     * the locale's charset.
     */
    public static String shell(String key, String command, List<String> args, Duration deadline) {
        List<String> argv = new java.util.ArrayList<>(List.of("/bin/sh", "-c", command, "postern"));
        argv.addAll(args);
        return run(key, argv, Map.of(), deadline, true);
    }

    /**
     * {@code argv} as it is, no shell; {@code extraEnv} added to postern's environment. Returns its stdout. What it
     * starts in the background and leaves running when it ends 0 (a notifier's sound) is left to run; at the deadline
     * it is killed with the rest.
     */
    public static String run(String key, List<String> argv, Map<String, String> extraEnv, Duration deadline) {
        return run(key, argv, extraEnv, deadline, false);
    }

    /** As above; {@code leftOversGo}: what the command left running in postern's process group is killed when it ends. */
    private static String run(String key, List<String> argv, Map<String, String> extraEnv, Duration deadline,
            boolean leftOversGo) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(extraEnv);
        String mark = dev.postern.model.ChildProcesses.mark(pb);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new PosternException(ExitCode.UNAVAILABLE, dev.postern.model.ProgramStart.sentence(key, argv.get(argv.size() > 2
                    && argv.get(0).equals("/bin/sh") ? 2 : 0), e.getMessage(), "check " + key + " in the config"));
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            byte[] chunk = new byte[8192];
            try (InputStream in = p.getInputStream()) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    synchronized (buf) {
                        if (buf.size() < MAX_OUTPUT) buf.write(chunk, 0, Math.min(n, MAX_OUTPUT - buf.size()));
                    }
                }
            } catch (IOException ignored) {
                // killed, or the output ended
            }
        }, "postern-user-command");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                dev.postern.model.ChildProcesses.killAll(p, mark);
                throw new PosternException(ExitCode.TEMPFAIL, key + " did not finish within " + deadline.toSeconds()
                        + " s and was stopped.");
            }
            // Ended: what it left running in our group goes too (it would hold the output open, and outlive us).
            if (leftOversGo) dev.postern.model.ChildProcesses.killAll(p, mark);
            reader.join(dev.postern.model.ChildProcesses.OUTPUT_GRACE_MS);
        } catch (InterruptedException e) {
            dev.postern.model.ChildProcesses.killAll(p, mark);
            Thread.currentThread().interrupt();
            throw new PosternException(ExitCode.TEMPFAIL, key + " was interrupted.");
        }
        if (p.exitValue() != 0) {
            throw new PosternException(ExitCode.UNAVAILABLE, key + " exited with code " + p.exitValue() + ".");
        }
        synchronized (buf) {
            return dev.postern.model.LocaleText.decodeLeniently(buf.toByteArray()); // UTF-8, else the locale's (I11)
        }
    }
}

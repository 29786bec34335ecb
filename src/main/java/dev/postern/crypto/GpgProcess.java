package dev.postern.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs gpg or gpgsm once: argv only (never a shell string), input on stdin, output from stdout up to a cap,
 * machine-readable status lines ({@code --status-fd 2}) from stderr, everything within a deadline. The process
 * (and anything it started) is killed when the deadline passes or the output outgrows the cap.
 */
public final class GpgProcess {
    /** What one run gave. {@code missing} is set (and nothing else) when the program could not be started. */
    public record Result(int exit, byte[] out, List<String> status, List<String> log, boolean timedOut, boolean tooLarge,
                  String missing) {
        public boolean has(String keyword) {
            for (String s : status) if (s.equals(keyword) || s.startsWith(keyword + " ")) return true;
            return false;
        }

        /** The arguments of the first status line with that keyword, or null. */
        public String[] first(String keyword) {
            for (String s : status) {
                if (s.equals(keyword) || s.startsWith(keyword + " ")) return s.split(" ", -1);
            }
            return null;
        }

        /** Why it did not work, in a few words, or "" when it did. */
        String failure() {
            if (missing != null) return missing;
            if (timedOut) return "gpg did not answer in time and was stopped";
            if (tooLarge) return "gpg's output was larger than the limit and was cut off";
            return "";
        }
    }

    private static final String STATUS = "[GNUPG:] ";
    /** Human-readable lines kept for the log: the first few only. */
    private static final int MAX_LOG_LINES = 40;

    private GpgProcess() {}

    static Result run(List<String> argv, byte[] stdin, Duration deadline, int maxOut, Map<String, String> env) {
        return run(argv, stdin, deadline, maxOut, env, List.of());
    }

    /** As above, with the variables named in {@code unset} taken out of the environment gpg inherits. */
    static Result run(List<String> argv, byte[] stdin, Duration deadline, int maxOut, Map<String, String> env, List<String> unset) {
        ProcessBuilder pb = dev.postern.model.SecretEnv.scrub(new ProcessBuilder(argv));
        if (env != null) pb.environment().putAll(env);
        for (String name : unset) pb.environment().remove(name);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(-1, new byte[0], List.of(), List.of(), false, false,
                    argv.get(0) + " is not installed or not on PATH (install GnuPG to read and write signed or encrypted mail)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        boolean[] tooLarge = new boolean[1];
        Thread outReader = pump(p.getInputStream(), out, maxOut, tooLarge, p, "gpg-out");
        Thread errReader = pump(p.getErrorStream(), err, 4 << 20, new boolean[1], p, "gpg-err");
        Thread writer = new Thread(() -> {
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin);
            } catch (IOException e) {
                // gpg stopped reading (it failed early, or was killed): its status says why
            }
        }, "gpg-in");
        writer.setDaemon(true);
        writer.start();
        boolean timedOut = false;
        try {
            if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                kill(p);
            }
            outReader.join(2000);
            errReader.join(2000);
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("gpg run cancelled");
        }
        List<String> status = new ArrayList<>();
        List<String> log = new ArrayList<>();
        for (String line : err.toString(StandardCharsets.UTF_8).split("\n")) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (l.startsWith(STATUS)) status.add(l.substring(STATUS.length()));
            else if (!l.isBlank() && log.size() < MAX_LOG_LINES) log.add(l);
        }
        int exit = timedOut ? -1 : p.exitValue();
        return new Result(exit, out.toByteArray(), status, log, timedOut, tooLarge[0], null);
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream to, int max, boolean[] over, Process p, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (to.size() + n > max) {
                        over[0] = true;
                        kill(p);
                        return;
                    }
                    to.write(buf, 0, n);
                }
            } catch (IOException e) {
                // the process was killed or closed its end
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** Undoes gpg's percent-escaping of status arguments (%25, %0A ...). */
    static String unescape(String s) {
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '%' && i + 2 < b.length && hex(b[i + 1]) >= 0 && hex(b[i + 2]) >= 0) {
                out.write(hex(b[i + 1]) * 16 + hex(b[i + 2]));
                i += 2;
            } else {
                out.write(b[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    }
}

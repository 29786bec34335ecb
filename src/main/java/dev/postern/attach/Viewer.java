package dev.postern.attach;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Opens an attachment with its mailcap viewer on a private temporary copy (a directory only the user
 * can enter, the file read-only), waits for the viewer, then removes the copy (also when postern is ended meanwhile:
 * {@link dev.postern.model.PrivateTemp}).
 */
public final class Viewer {
    /** What the viewer did: its exit code, and for copiousoutput entries what it printed (untrusted). */
    public record Outcome(int exitCode, String output, List<String> argv) {}

    private Viewer() {}

    /** Runs a mailcap test command (argument list, two seconds at most); true when it exits 0. */
    public static boolean testPasses(List<String> argv) {
        try {
            Process p = dev.postern.model.SecretEnv.scrub(new ProcessBuilder(argv)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File("/dev/null");
    }

    /**
     * @return empty if no mailcap entry can show this type
     */
    public static Optional<Outcome> open(Mailcap mailcap, String type, String untrustedName, int index, byte[] content,
            Map<String, String> env) throws IOException, InterruptedException {
        return open(mailcap, type, untrustedName, index, content, env, null);
    }

    /** The entry that {@link #open} would start for {@code type} (its test commands run), or empty. */
    public static Optional<Mailcap.Entry> entryFor(Mailcap mailcap, String type, Map<String, String> env) {
        return mailcap.viewer(type, Path.of("/nonexistent/postern-view"), env, Viewer::testPasses).map(Mailcap.Launch::entry);
    }

    /**
     * @param detached null: the viewer gets the terminal (stdin, stderr; the reader has stepped aside or this is a
     *                 batch command); else it runs with no terminal (beside a screen that owns it, or for a served
     *                 command): stdin is empty (or the file), stderr dropped, and it is killed with what it started
     *                 after this long
     * @return empty if no mailcap entry can show this type
     */
    public static Optional<Outcome> open(Mailcap mailcap, String type, String untrustedName, int index, byte[] content,
            Map<String, String> env, java.time.Duration detached) throws IOException, InterruptedException {
        return open(mailcap, type, untrustedName, index, content, env, detached, null);
    }

    /** Where a batch command's copiousoutput viewer's output goes as it comes: UTF-8 text, untrusted. */
    @FunctionalInterface
    public interface Sink {
        void write(String text);
    }

    /** What the reader keeps of a copiousoutput viewer's output (chars); the rest is read and dropped, and a line says so. */
    static final int KEPT = 4 << 20;
    static final String CUT = "\n[the viewer's output is cut here (the reader keeps 4 Mi characters of it);"
            + " `postern attachment open` prints it all]\n";

    /**
     * As {@link #open(Mailcap, String, String, int, byte[], Map, java.time.Duration)}; with a {@code sink} (a batch
     * command) a copiousoutput viewer's output is streamed to it whole as it comes, never cut and never left
     * unread (hunt 38-A, A12: cut at 4 MiB, the viewer killed by the closed pipe and blamed), and {@code detached} only
     * bounds its time. Whichever way it runs, the viewer and what it started are killed when this thread is
     * interrupted (a served command's Ctrl-C or its client's end: hunt 38-A, A14, where an abandoned viewer held the
     * owner's command queue) or its time is up.
     */
    public static Optional<Outcome> open(Mailcap mailcap, String type, String untrustedName, int index, byte[] content,
            Map<String, String> env, java.time.Duration detached, Sink sink) throws IOException, InterruptedException {
        Path dir = privateTempDir();
        try {
            Path file = dir.resolve(SafeName.of(untrustedName, index));
            Files.write(file, content);
            setPermissions(file, "r--------");
            Optional<Mailcap.Launch> launch = mailcap.viewer(type, file, env, Viewer::testPasses);
            if (launch.isEmpty()) return Optional.empty();
            Mailcap.Launch l = launch.get();
            boolean beside = detached != null; // no terminal of ours: the reader's screen, or a served command's owner
            ProcessBuilder pb = dev.postern.model.SecretEnv.scrub(new ProcessBuilder(l.argv()));
            pb.redirectError(beside ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.INHERIT);
            pb.redirectInput(l.stdinFile() ? ProcessBuilder.Redirect.from(file.toFile())
                    : beside ? ProcessBuilder.Redirect.from(nullFile()) : ProcessBuilder.Redirect.INHERIT);
            boolean capture = l.entry().copiousOutput() || beside;
            if (!capture) pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
            Process p = pb.start();
            StringBuilder kept = new StringBuilder();
            Thread reader = null;
            if (capture) {
                Sink keep = text -> {
                    synchronized (kept) {
                        kept.append(text);
                    }
                };
                reader = new Thread(() -> pump(p.getInputStream(), sink != null ? sink : keep, sink == null),
                        "postern-viewer-output");
                reader.setDaemon(true);
                reader.start();
            }
            try {
                if (detached != null && !p.waitFor(detached.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill(p);
                    throw new IOException(Path.of(l.argv().get(0)).getFileName() + " did not finish within "
                            + detached.toSeconds() + " s and was stopped");
                }
                p.waitFor();
            } catch (InterruptedException e) {
                kill(p);
                throw e;
            }
            if (reader != null) reader.join(1000); // a descendant that kept the pipe open is not waited for
            String output;
            synchronized (kept) {
                output = kept.toString();
            }
            return Optional.of(new Outcome(p.exitValue(), output, l.argv()));
        } finally {
            dev.postern.model.PrivateTemp.remove(dir);
        }
    }

    /** The viewer ran past its time and was killed with what it started. */
    public static final class TimedOut extends IOException {
        TimedOut(String message) {
            super(message);
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /**
     * Reads the viewer's output to its end (so it never dies of a closed pipe), handing it on in pieces that end at a
     * line end where there is one; {@code bounded}: {@link #KEPT} chars at most are handed on, then {@link #CUT}.
     */
    static void pump(InputStream raw, Sink to, boolean bounded) {
        try (java.io.Reader in = new java.io.InputStreamReader(raw, StandardCharsets.UTF_8)) {
            char[] buf = new char[8192];
            StringBuilder piece = new StringBuilder();
            long given = 0;
            boolean cut = false;
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (cut) continue;
                piece.append(buf, 0, n);
                int end = piece.lastIndexOf("\n") + 1;
                if (end == 0 && piece.length() >= 65536) end = piece.length();
                if (bounded && given + piece.length() > KEPT) {
                    end = Math.max(0, (int) (KEPT - given));
                    end = piece.lastIndexOf("\n", end - 1) + 1; // 0: what was given already ended the last whole line
                    cut = true;
                }
                if (end > 0) {
                    to.write(piece.substring(0, end));
                    given += end;
                    piece.delete(0, end);
                }
                if (cut) to.write(CUT);
            }
            if (!cut && piece.length() > 0) to.write(piece.toString());
        } catch (IOException ignored) {
            // killed, or the output ended
        }
    }

    /** An owner-only directory for a copy a viewer reads: removed after it, or when postern is ended meanwhile. */
    static Path privateTempDir() throws IOException {
        return dev.postern.model.PrivateTemp.directory("postern-view-");
    }

    static void setPermissions(Path file, String perms) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
        }
    }
}

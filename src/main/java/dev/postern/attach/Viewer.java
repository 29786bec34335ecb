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
     *                 batch command); else it runs beside a screen that owns the terminal: stdin is empty (or the
     *                 file), stderr dropped, and it is killed with what it started after this long
     * @return empty if no mailcap entry can show this type
     */
    public static Optional<Outcome> open(Mailcap mailcap, String type, String untrustedName, int index, byte[] content,
            Map<String, String> env, java.time.Duration detached) throws IOException, InterruptedException {
        Path dir = privateTempDir();
        try {
            Path file = dir.resolve(SafeName.of(untrustedName, index));
            Files.write(file, content);
            setPermissions(file, "r--------");
            Optional<Mailcap.Launch> launch = mailcap.viewer(type, file, env, Viewer::testPasses);
            if (launch.isEmpty()) return Optional.empty();
            Mailcap.Launch l = launch.get();
            ProcessBuilder pb = dev.postern.model.SecretEnv.scrub(new ProcessBuilder(l.argv()));
            pb.redirectError(detached != null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.INHERIT);
            pb.redirectInput(l.stdinFile() ? ProcessBuilder.Redirect.from(file.toFile())
                    : detached != null ? ProcessBuilder.Redirect.from(nullFile()) : ProcessBuilder.Redirect.INHERIT);
            boolean capture = l.entry().copiousOutput() || detached != null;
            if (!capture) pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
            Process p = pb.start();
            String output = "";
            if (detached != null) {
                java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
                Thread reader = new Thread(() -> {
                    try (InputStream in = p.getInputStream()) {
                        byte[] got = in.readNBytes(4 << 20);
                        synchronized (buf) {
                            buf.writeBytes(got);
                        }
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    } catch (IOException ignored) {
                        // killed, or the output ended
                    }
                }, "postern-viewer-output");
                reader.setDaemon(true);
                reader.start();
                if (!p.waitFor(detached.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    throw new IOException(Path.of(l.argv().get(0)).getFileName() + " did not finish within "
                            + detached.toSeconds() + " s and was stopped");
                }
                reader.join(1000);
                synchronized (buf) {
                    output = buf.toString(StandardCharsets.UTF_8);
                }
            } else if (capture) {
                try (InputStream in = p.getInputStream()) {
                    output = new String(in.readNBytes(4 << 20), StandardCharsets.UTF_8);
                }
            }
            int code = p.waitFor();
            return Optional.of(new Outcome(code, output, l.argv()));
        } finally {
            dev.postern.model.PrivateTemp.remove(dir);
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

package dev.postern.attach;

import dev.postern.render.PartViewer;
import dev.postern.render.Sanitizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * mutt's {@code auto_view}: a text part of a type listed in the {@code auto_view} setting is shown by the
 * user's mailcap {@code copiousoutput} entry for it (e.g. {@code text/html; w3m -dump -T text/html %s;
 * copiousoutput}), the built-in rendering being the fallback when there is none or it fails.
 *
 * <p>The command is started from an argument list ({@link Mailcap#argv}: no shell; the file's path is
 * postern's own, never a name from the message). The part is written, in UTF-8 ({@code %{charset}} is
 * "utf-8"), to a read-only file in a fresh directory only the user can enter, removed when the command ends.
 * stdin is that file when the entry has no {@code %s}, else empty; stderr is dropped; the output is read up to
 * a cap; at the deadline the command and everything it started are killed. The proxy variables point at a
 * closed local port, so a viewer that honours them (w3m, lynx, elinks) cannot fetch remote content.
 */
public final class AutoView implements PartViewer {
    private static final int MAX_OUTPUT_BYTES = 4 << 20;
    private static final int CACHE = 8;
    static final String NO_NETWORK = "http://127.0.0.1:9/";

    private final Mailcap mailcap;
    private final List<String> types;
    private final Duration deadline;
    private final Map<String, String> env;
    /** The last few outputs by content: the reader renders a message twice (at once, then with attachment text). */
    private final Map<String, String> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CACHE;
        }
    };

    /** @param types the auto_view list: "text/html", or "text/*" */
    public AutoView(Mailcap mailcap, List<String> types, Duration deadline, Map<String, String> env) {
        this.mailcap = mailcap;
        this.types = types.stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).toList();
        this.deadline = deadline;
        this.env = Map.copyOf(env);
    }

    @Override
    public Shown show(String type, String text, int maxChars) {
        String t = type.toLowerCase(Locale.ROOT);
        if (types.stream().noneMatch(p -> Mailcap.matches(p.contains("/") ? p : p + "/*", t))) return Shown.NOT_HANDLED;
        String key = key(t, text);
        synchronized (recent) {
            String known = recent.get(key);
            if (known != null) return new Shown(known, null);
        }
        Shown shown;
        try {
            shown = run(t, text, maxChars);
        } catch (IOException e) {
            shown = new Shown(null, failed(t, Sanitizer.oneLine(dev.postern.model.ProgramStart.sentence("the viewer",
                    dev.postern.model.ProgramStart.program(e.getMessage()), e.getMessage(), "check its mailcap entry"))));
        }
        if (shown.text() != null) {
            synchronized (recent) {
                recent.put(key, shown.text());
            }
        }
        return shown;
    }

    private Shown run(String type, String text, int maxChars) throws IOException {
        Path dir = Viewer.privateTempDir();
        try {
            Path file = dir.resolve(type.equals("text/html") ? "part.html" : "part.txt");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Viewer.setPermissions(file, "r--------");
            Optional<Mailcap.Launch> launch = mailcap.viewer(type, file, env, Viewer::testPasses,
                    e -> e.copiousOutput() && !e.needsTerminal(), Map.of("charset", "utf-8"));
            if (launch.isEmpty()) return Shown.NOT_HANDLED; // no entry: the built-in rendering, as mutt does
            Mailcap.Launch l = launch.get();
            ProcessBuilder pb = dev.postern.model.SecretEnv.scrub(new ProcessBuilder(l.argv()));
            pb.redirectInput(l.stdinFile() ? ProcessBuilder.Redirect.from(file.toFile())
                    : ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            for (String v : List.of("http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                    "FTP_PROXY", "ALL_PROXY")) {
                pb.environment().put(v, NO_NETWORK);
            }
            pb.environment().remove("no_proxy");
            pb.environment().remove("NO_PROXY");
            String mark = dev.postern.model.ChildProcesses.mark(pb);
            Process p = pb.start();
            long cap = Math.min(MAX_OUTPUT_BYTES, 4L * Math.max(maxChars, 1) + 16);
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> drain(p, buf, cap), "postern-auto-view");
            reader.setDaemon(true);
            reader.start();
            String name = Sanitizer.oneLine(Path.of(l.argv().get(0)).getFileName().toString());
            try {
                if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                    dev.postern.model.ChildProcesses.killAll(p, mark);
                    return new Shown(null, failed(type, name + " did not finish within " + deadline.toSeconds() + " s"));
                }
                dev.postern.model.ChildProcesses.killAll(p, mark); // nothing it left in the background outlives the render
                reader.join(dev.postern.model.ChildProcesses.OUTPUT_GRACE_MS);
            } catch (InterruptedException e) {
                dev.postern.model.ChildProcesses.killAll(p, mark); // the render was given up (the user left the message)
                Thread.currentThread().interrupt();
                return Shown.NOT_HANDLED;
            }
            if (p.exitValue() != 0) return new Shown(null, failed(type, name + " exited with code " + p.exitValue()));
            synchronized (buf) {
                return new Shown(buf.toString(StandardCharsets.UTF_8), null);
            }
        } finally {
            dev.postern.model.PrivateTemp.remove(dir);
        }
    }

    private static void drain(Process p, ByteArrayOutputStream buf, long cap) {
        byte[] chunk = new byte[8192];
        try (InputStream in = p.getInputStream()) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                synchronized (buf) {
                    if (buf.size() < cap) buf.write(chunk, 0, (int) Math.min(n, cap - buf.size()));
                }
            }
        } catch (IOException ignored) {
            // killed, or the output ended
        }
    }

    private static String failed(String type, String why) {
        return "[postern] auto_view for " + Sanitizer.oneLine(type) + ": " + why + "; shown by the built-in renderer";
    }

    private static String key(String type, String text) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(type.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

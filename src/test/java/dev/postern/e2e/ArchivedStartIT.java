package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's rows that pay a JVM's own start, run as people run them: through {@code ./postern} with the start-up
 * archive {@code mvn package} recorded. Every class the reader of a named folder loads before its first screen, and
 * every class of a search the index answers alone, comes from that archive; the reader reads no annotations (picocli's,
 * through proxies) and the search spins no lambda of ours: a class read from the shaded jar is parsed and verified at
 * each start (and the jar's directory of 16,000 entries read first), a proxy or a lambda is made at each start. Logged by {@code -Xlog:class+load} beside the start-up marks
 * ({@code POSTERN_TRACE_STARTUP}). Skipped when the build skipped the archive. About 15 s.
 */
class ArchivedStartIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    private static final Path TREE = PosternProcess.jar().getParent().getParent();

    @TempDir Path dir;
    private Path config;

    @BeforeEach
    void aSyncedStore() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(TREE.resolve("target/postern.jsa.key")), "built with -Dpostern.archive.skip=true");
        var user = greenMail.setUser("zed@localhost", "zed", "pw");
        for (int i = 1; i <= 30; i++) {
            String raw = "From: Ann <ann@localhost>\r\nSubject: Stored note " + i + "\r\nDate: Mon, 1 Jan 2024 10:" + (10 + i)
                    + ":00 +0000\r\nMessage-ID: <n" + i + "@localhost>\r\n\r\nHello " + i + "\r\n";
            user.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
        }
        config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null));
        launcher("sync", "--folder", "INBOX").timeout(Duration.ofSeconds(60)).run().assertNoStackTrace().assertExitCode(0);
    }

    @Test
    @Timeout(120)
    void theReaderOfANamedFolderTakesWhatItLoadsBeforeItsFirstScreenFromTheArchive() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        Path stderr = dir.resolve("stderr.log");
        StringBuilder env = new StringBuilder("env");
        for (var e : env(" -Xlog:class+load:stderr").entrySet()) env.append(' ').append(e.getKey()).append("='").append(e.getValue()).append('\'');
        // A folder named on the command line, as people open one (and as issue 16's row opens "Small").
        String cmd = env + " POSTERN_TRACE_STARTUP=1 " + TREE.resolve("postern") + " --config " + config + " INBOX 2>" + stderr
                + "; echo EXIT=$?; sleep 60";
        try (Tmux tmux = Tmux.start("postern-archived-start-it", 80, 24, cmd)) {
            tmux.waitFor("the stored rows", s -> s.contains("Stored note 30") && s.contains("Stored note 10"), Duration.ofSeconds(60));
            waitForLine(stderr, "behind the first screen", Duration.ofSeconds(30));
            tmux.keys("q");
            tmux.waitFor("exit", s -> s.contains("EXIT=0"), Duration.ofSeconds(30));
        }
        String log = Files.readString(stderr);
        int behind = log.indexOf("behind the first screen");
        assertTrue(behind > 0, "no mark 'behind the first screen' in:\n" + tail(log));
        String before = log.substring(0, behind);
        assertTrue(before.contains("source: shared objects file"), "the archive was not in use:\n" + tail(before));
        assertEquals(List.of(), notFromTheArchive(before, false), "loaded before the first screen, not from the archive");
        // Nothing of picocli: the command words were read from the 29 command classes' annotations (through annotation
        // proxies made at run time) to tell a command from the folder's name.
        List<String> picocli = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)\\[class,load\\] (picocli\\.\\S+) ").matcher(before);
        while (m.find()) picocli.add(m.group(1));
        assertEquals(List.of(), picocli, "picocli's annotations read before the first screen");
    }

    @Test
    @Timeout(120)
    void aSearchTheIndexAnswersAloneTakesItsClassesFromTheArchive() throws Exception {
        Path log = dir.resolve("classes.log");
        launcher("search", "--local", "subject:note").run().assertExitCode(0); // its close keeps the index's snapshot, if the sync's did not
        PosternProcess.Result r = launcher("search", "--local", "--json", "subject:note").env(env(" -Xlog:class+load:file=" + log))
                .env("POSTERN_TRACE_STARTUP", "1").run();
        r.assertNoStackTrace().assertExitCode(0);
        assertEquals(30, r.stdout().lines().count(), r.describe());
        assertTrue(r.stderr().contains("search: answered by the index"), "not answered by the index alone:\n" + r.stderr());
        String classes = Files.readString(log);
        assertTrue(classes.contains("source: shared objects file"), "the archive was not in use");
        assertEquals(List.of(), notFromTheArchive(classes, true), "loaded by the search, not from the archive");
    }

    /**
     * The classes in {@code log} read from a jar, and with {@code lambdas} the lambdas of postern's own classes spun at
     * run time (the reader's on a real terminal are: the training's reader runs on a virtual one).
     */
    private static List<String> notFromTheArchive(String log, boolean lambdas) {
        List<String> out = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (!line.contains("[class,load]")) continue;
            boolean jar = line.contains("source: file:") || line.contains("source: jar:");
            boolean spun = lambdas && line.matches(".*\\] dev\\.postern\\.\\S+\\$\\$Lambda\\$\\S+ source: dev\\.postern\\..*");
            if (jar || spun) out.add(line.substring(line.indexOf("] ") + 2));
        }
        return out;
    }

    private PosternProcess launcher(String... args) {
        List<String> argv = new ArrayList<>(List.of(TREE.resolve("postern").toString(), "--config", config.toString()));
        argv.addAll(List.of(args));
        return PosternProcess.command(argv.toArray(String[]::new)).env(env(""));
    }

    /** The launcher's environment here: this test's home, no resident owner, the launcher's own JVM options plus {@code extra}. */
    private Map<String, String> env(String extra) {
        Matcher opts;
        try {
            opts = Pattern.compile("(?m)^postern_opts=\\$\\{POSTERN_JAVA_OPTS:-(.*)}$")
                    .matcher(Files.readString(TREE.resolve("packaging/archive/postern-options.sh")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertTrue(opts.find(), "the launcher's default JVM options");
        return Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString(), "XDG_RUNTIME_DIR", dir.toString(),
                "XDG_CONFIG_HOME", dir.resolve("cfg").toString(), "POSTERN_CLIENT", "none", "POSTERN_JAVA_OPTS", opts.group(1) + extra);
    }

    private static void waitForLine(Path file, String text, Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(file) && Files.readString(file).contains(text)) return;
            Thread.sleep(100);
        }
        throw new AssertionError("'" + text + "' never came in " + file + ":\n" + tail(Files.readString(file)));
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
    }
}

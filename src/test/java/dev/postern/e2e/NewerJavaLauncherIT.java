package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * postern on a newer Java than its target (Java 17): with Java 22 or later first on PATH, commands print nothing on
 * stderr but postern's own sentences. Java 22+ warned at every command that lz4 (MapDB's hashing) loads a native
 * library (four lines, in every cron mail); the client jar's manifest enables native access, and the shaded jar
 * no longer holds that library, nor lz4's Unsafe hash, of which Java 24+ warns. (Java 23+ also warned
 * of MapDB's Unsafe::invokeCleaner while the store file was memory-mapped; store/FileVolume maps nothing.) Runs a
 * copy of the tree (PerlTree) through its launcher, whose PATH's java is the newest JDK installed under
 * /usr/lib/jvm; skipped where none of 22 or later is.
 */
@Timeout(600)
class NewerJavaLauncherIT {

    /** The java binary of the newest JDK of 22 or later under /usr/lib/jvm (its `release` file says the version). */
    static Optional<Path> newerJava() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) return Optional.empty();
        Path best = null;
        int bestMajor = 21;
        try (Stream<Path> dirs = Files.list(jvms)) {
            for (Path d : dirs.toList()) {
                Path release = d.resolve("release");
                Path java = d.resolve("bin/java");
                if (!Files.isRegularFile(release) || !Files.isExecutable(java) || Files.isSymbolicLink(d)) continue;
                Matcher m = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)")
                        .matcher(Files.readString(release));
                if (m.find() && Integer.parseInt(m.group(1)) > bestMajor) {
                    bestMajor = Integer.parseInt(m.group(1));
                    best = java;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    @Test
    void commandsOnANewerJavaPrintNoWarningOfTheJvms(@TempDir Path dir) throws Exception {
        Optional<Path> java = newerJava();
        Assumptions.assumeTrue(java.isPresent(), "no JDK of 22 or later under /usr/lib/jvm");
        // The launcher, its jars and no archive for this java (none recorded in the background while the test runs).
        PerlTree copy = PerlTree.in(dir, java.get());
        Path tree = copy.tree;
        Map<String, String> env = Map.of("PATH", copy.bin + ":" + System.getenv("PATH"), "HOME", dir.toString(),
                "XDG_RUNTIME_DIR", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString(),
                "XDG_CACHE_HOME", dir.resolve("cache").toString());
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", dev.postern.ClosedPort.take(), "plain", "u", "pw", 5, null));

        // Commands that open and close the store, its search index and a session that cannot connect: postern's own
        // sentences only (an empty store's note that INBOX was never synced, the refused connection).
        for (String[] args : new String[][] {{"list", "--cached"}, {"search", "--local", "subject:x"}, {"store", "verify"},
                {"sync"}}) {
            String[] argv = new String[args.length + 3];
            argv[0] = tree.resolve("postern").toString();
            argv[1] = "--config";
            argv[2] = config.toString();
            System.arraycopy(args, 0, argv, 3, args.length);
            PosternProcess.Result r = PosternProcess.command(argv).env(env).timeout(Duration.ofMinutes(2)).run();
            assertTrue(r.stderr().lines().allMatch(l -> l.startsWith("postern: ")), "only postern speaks: " + r.describe());
            r.assertNoStackTrace();
        }
        // The launcher's memory options are known to the newer JVM (a running postern's flags list them, not dropped).
        Path home = Files.createDirectories(dir.resolve("flags"));
        String flags = LauncherIT.runningFlags(tree.resolve("postern"), java.get().resolveSibling("jcmd"), home, Map.of("PATH", env.get("PATH")));
        assertTrue(flags.contains("-XX:-ShrinkHeapInSteps") && flags.contains("-XX:TrimNativeHeapInterval=5000"), flags);
        PosternProcess.Result version = PosternProcess.command(tree.resolve("postern").toString(), "--version").env(env).run();
        assertTrue(version.stdout().contains("Java ") && !version.stdout().contains("Java 17."),
                "the copy runs on the newer java: " + version.describe());

        // The shaded jar's own entry, without the client jar's manifest (Enable-Native-Access): still only postern
        // speaks, since the jar holds neither lz4-java's native library nor its Unsafe hash (pom.xml's shade filter).
        PosternProcess.Result plain = PosternProcess.command(java.get().toString(), "-cp", tree.resolve("target/postern.jar").toString(),
                "dev.postern.app.Postern", "--config", config.toString(), "list", "--cached").env(env).run();
        assertTrue(plain.stderr().lines().allMatch(l -> l.startsWith("postern: ")), "without the manifest: " + plain.describe());
        // The check is not empty: a warning of this JVM reaches the stderr read above and fails it.
        PosternProcess.Result loud = PosternProcess.command(java.get().toString(), "-Xverify:none", "-cp",
                tree.resolve("target/postern.jar").toString(), "dev.postern.app.Postern", "--config", config.toString(),
                "list", "--cached").env(env).run();
        assertFalse(loud.stderr().lines().allMatch(l -> l.startsWith("postern: ")), "the JVM's warning is seen: " + loud.describe());
    }
}

package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * postern on a newer Java than its target (Java 17): with Java 23 or later first on PATH, a command prints nothing on
 * stderr that it did not mean. Java 22+ warned that lz4 (MapDB's hashing) loads a native library, and Java 23+ that
 * MapDB calls sun.misc.Unsafe::invokeCleaner when it unmaps the store file: eight lines at every command, in every
 * cron mail. The jar's manifest enables native access; postern-archive records, beside the archive it makes for that
 * java, the option that allows the Unsafe call (Java 17 refuses it, so the launchers cannot always pass it), and the
 * launcher passes it while the archive's key matches. Runs on a copy of the tree whose PATH's java is the newest
 * JDK installed under /usr/lib/jvm; skipped where none of 23 or later is.
 */
@Timeout(600)
class NewerJavaLauncherIT {
    private static final Path TREE = PosternProcess.jar().getParent().getParent();

    /** The java binary of the newest JDK of 23 or later under /usr/lib/jvm (its `release` file says the version). */
    static Optional<Path> newerJava() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) return Optional.empty();
        Path best = null;
        int bestMajor = 22;
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
    void aCommandOnJava23OrLaterPrintsNoWarningOfTheJvms(@TempDir Path dir) throws Exception {
        Optional<Path> java = newerJava();
        Assumptions.assumeTrue(java.isPresent(), "no JDK of 23 or later under /usr/lib/jvm");
        Path tree = Files.createDirectories(dir.resolve("tree"));
        for (String f : new String[] {"postern", "packaging/archive/postern-options.sh", "packaging/archive/postern-archive",
                "packaging/client/postern-client.pl", "target/postern.jar", "target/postern-client.jar"}) {
            Files.createDirectories(tree.resolve(f).getParent());
            Files.copy(TREE.resolve(f), tree.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("java"), java.get());
        String path = bin + ":" + System.getenv("PATH");
        Map<String, String> env = Map.of("PATH", path, "HOME", dir.toString(), "XDG_RUNTIME_DIR", dir.toString(),
                "XDG_STATE_HOME", dir.resolve("state").toString(), "XDG_CACHE_HOME", dir.resolve("cache").toString());

        // What `mvn package` does for ./postern, with this java.
        PosternProcess.command(tree.resolve("packaging/archive/postern-archive").toString(),
                tree.resolve("target/postern-client.jar").toString(), tree.resolve("target/postern.jsa").toString(), "java")
                .env(env).timeout(Duration.ofMinutes(5)).run().assertExitCode(0);
        assertEquals("--sun-misc-unsafe-memory-access=allow", Files.readString(tree.resolve("target/postern.jsa.opts")).strip(),
                "what postern-archive recorded for " + java.get());

        // A command that opens and closes the store (MapDB's hashing and its unmapping on close): postern's words only
        // (an empty store's one note, that INBOX was never synced).
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", dev.postern.ClosedPort.take(), "plain", "u", "pw", 5, null));
        PosternProcess.Result quiet = PosternProcess.command(tree.resolve("postern").toString(), "--config", config.toString(),
                "list", "--cached").env(env).run();
        quiet.assertExitCode(0);
        assertTrue(quiet.stderr().lines().allMatch(l -> l.startsWith("postern: ")), "only postern speaks: " + quiet.describe());
        PosternProcess.Result version = PosternProcess.command(tree.resolve("postern").toString(), "--version").env(env).run();
        assertTrue(version.stdout().contains("Start-up archive: in use"), version.describe());

        // The same without the recorded option: the check above is not empty.
        Files.writeString(tree.resolve("target/postern.jsa.opts"), "\n");
        PosternProcess.Result loud = PosternProcess.command(tree.resolve("postern").toString(), "--config", config.toString(),
                "list", "--cached").env(env).run();
        assertTrue(loud.stderr().contains("sun.misc.Unsafe"), "without the option Java warns: " + loud.describe());
    }
}

package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers' start-up archive: used when its key matches the jar and the JVM, set aside (never handed to
 * the JVM) when it does not, and then recorded again in the background, not on the user's path. The
 * builder is a stub here that notes its arguments and fails, so the test costs seconds; the real builder
 * runs in `mvn package`, whose archive the first test finds in use.
 */
class LauncherIT {
    private static final Path TREE = PosternProcess.jar().getParent().getParent();

    @Test
    void theArchiveThatThePackageBuildRecordedIsInUse() {
        Path key = TREE.resolve("target/postern.jsa.key");
        Assumptions.assumeTrue(Files.isRegularFile(key), "built with -Dpostern.archive.skip=true");
        PosternProcess.Result r = PosternProcess.command(TREE.resolve("postern").toString(), "--version").run();
        r.assertExitCode(0);
        assertTrue(r.stdout().contains("Start-up archive: in use (class-data sharing, " + TREE.resolve("target/postern.jsa")),
                r.describe());
        assertTrue(r.stdout().startsWith("postern "), r.describe());
    }

    @Test
    void aCopiedTreeLeavesItsStaleArchiveOutAndRecordsOneInTheBackground(@TempDir Path copy) throws Exception {
        Files.createDirectories(copy.resolve("target"));
        Files.createDirectories(copy.resolve("packaging/archive"));
        Files.copy(TREE.resolve("postern"), copy.resolve("postern"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createSymbolicLink(copy.resolve("target/postern.jar"), PosternProcess.jar());
        Files.createSymbolicLink(copy.resolve("target/postern-client.jar"), PosternProcess.jar().resolveSibling("postern-client.jar"));
        // An archive and key as a copied tree has them: made for the original jar paths.
        Files.writeString(copy.resolve("target/postern.jsa"), "an archive made for another path");
        Files.writeString(copy.resolve("target/postern.jsa.key"), TREE.resolve("target/postern-client.jar") + ":1:2;"
                + TREE.resolve("target/postern.jar") + ":1:2;/x/libjvm.so:3:4;\n");
        Path calls = copy.resolve("builder-calls");
        stubBuilder(copy.resolve("packaging/archive/postern-archive"), calls);

        PosternProcess.Result r = PosternProcess.command(copy.resolve("postern").toString(), "--version").run();
        r.assertExitCode(0);
        assertTrue(r.stdout().contains("Start-up archive: none"), r.describe());
        List<String> args = awaitLines(calls);
        assertEquals(copy.resolve("target/postern-client.jar").toString(), args.get(0));
        assertEquals(copy.resolve("target/postern.jsa").toString(), args.get(1));
        assertTrue(args.get(2).endsWith("/java"), args.toString());
        Path failed = copy.resolve("target/postern.jsa.failed");
        awaitFile(failed);
        awaitGone(copy.resolve("target/postern.jsa.lock"));

        // A builder that failed for this jar and JVM is not tried again on every run.
        Files.delete(calls);
        PosternProcess.command(copy.resolve("postern").toString(), "--version").run().assertExitCode(0);
        Thread.sleep(1000);
        assertFalse(Files.exists(calls), "the builder ran again for a key it already failed on");
    }

    @Test
    void anInstalledCopyRecordsIntoTheUsersCacheWhenNoArchiveMatches(@TempDir Path root) throws Exception {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path lib = Files.createDirectories(root.resolve("lib/postern"));
        Files.copy(TREE.resolve("packaging/bin/postern"), bin.resolve("postern"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createSymbolicLink(lib.resolve("postern.jar"), PosternProcess.jar());
        Files.createSymbolicLink(lib.resolve("postern-client.jar"), PosternProcess.jar().resolveSibling("postern-client.jar"));
        Path calls = root.resolve("builder-calls");
        stubBuilder(lib.resolve("postern-archive"), calls);
        Path cache = root.resolve("cache");

        PosternProcess.Result r = PosternProcess.command(bin.resolve("postern").toString(), "--version")
                .env("XDG_CACHE_HOME", cache.toString()).run();
        r.assertExitCode(0);
        assertTrue(r.stdout().contains("Start-up archive: none"), r.describe());
        List<String> args = awaitLines(calls);
        assertEquals(lib.resolve("postern-client.jar"), Path.of(args.get(0)).normalize(), "the archive is recorded through the entry jar");
        assertEquals(cache.resolve("postern/postern.jsa").toString(), args.get(1));
        awaitFile(cache.resolve("postern/postern.jsa.failed"));
    }

    private static void stubBuilder(Path at, Path calls) throws IOException {
        Files.writeString(at, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done > '" + calls + ".tmp' && mv '" + calls
                + ".tmp' '" + calls + "'\nexit 1\n");
        Files.setPosixFilePermissions(at, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static List<String> awaitLines(Path file) throws Exception {
        awaitFile(file);
        return Files.readAllLines(file);
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(file) && System.nanoTime() < end) Thread.sleep(50);
        assertTrue(Files.exists(file), file + " never appeared");
    }

    private static void awaitGone(Path file) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Files.exists(file) && System.nanoTime() < end) Thread.sleep(50);
        assertFalse(Files.exists(file), file + " is still there");
    }
}

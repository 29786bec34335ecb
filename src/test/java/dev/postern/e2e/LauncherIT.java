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
import java.util.Map;
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
    /** The JVM options and owner check every launcher sources. */
    private static final String OPTIONS = "packaging/archive/postern-options.sh";

    @Test
    void theArchiveThatThePackageBuildRecordedIsInUse() throws IOException {
        Path key = TREE.resolve("target/postern.jsa.key");
        Assumptions.assumeTrue(Files.isRegularFile(key), "built with -Dpostern.archive.skip=true");
        PosternProcess.Result r = PosternProcess.command(TREE.resolve("postern").toString(), "--version").run();
        r.assertExitCode(0);
        assertTrue(r.stdout().contains("Start-up archive: in use (class-data sharing, " + TREE.resolve("target/postern.jsa")),
                r.describe());
        assertTrue(r.stdout().startsWith("postern "), r.describe());
        // The recording leaves nothing of its own work beside the archive (its class lists leaked 435 KB a build).
        try (var files = Files.list(TREE.resolve("target"))) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> n.contains(".jsa.tmp.")).toList());
        }
    }

    /**
     * A short command in its own process (no owner) takes every class of postern and its libraries from the archive
     * the package build recorded: one loaded from the shaded jar is parsed and verified there, and before that the
     * JVM reads the jar's directory (16,000 entries; 53,000 before the parsers went to postern-tika.jar). Picocli's interfaces are Java 5 class files, which JDK 17's
     * dump leaves out, with every class implementing them, once a lambda of ours made it link them.
     */
    @Test
    void aShortCommandInItsOwnProcessTakesEveryClassFromTheArchive(@TempDir Path home) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(TREE.resolve("target/postern.jsa.key")), "built with -Dpostern.archive.skip=true");
        Path config = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", 9, "plain", "u", "pw", 5, null));
        Path log = home.resolve("classes.log");
        // The launcher's own JVM options and the log (-Xlog:disable, ahead of them, turns off JAVA_TOOL_OPTIONS' logs).
        java.util.regex.Matcher opts = java.util.regex.Pattern.compile("(?m)^postern_opts=\\$\\{POSTERN_JAVA_OPTS:-(.*)}$")
                .matcher(Files.readString(TREE.resolve(OPTIONS)));
        assertTrue(opts.find(), "the launcher's default JVM options");
        PosternProcess.Result r = PosternProcess.command(TREE.resolve("postern").toString(), "--config", config.toString(),
                        "list", "--cached", "--limit", "50")
                .env(java.util.Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString(),
                        "XDG_RUNTIME_DIR", home.toString(), "POSTERN_JAVA_OPTS", opts.group(1) + " -Xlog:class+load:file=" + log))
                .run();
        r.assertExitCode(0);
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.size() > 1000, lines.size() + " classes loaded");
        StringBuilder fromJars = new StringBuilder();
        for (String line : lines) {
            if (line.contains("source: file:") || line.contains("source: jar:")) fromJars.append(line).append('\n');
        }
        assertTrue(fromJars.isEmpty(), "loaded from a jar, not the archive:\n" + fromJars);
        // Issue 16: a plain `list --cached` is read without picocli (cli/CachedList), whose model of `list` (reflection
        // over its annotations, the annotation proxies made at run time) was a fifth of the command's CPU.
        StringBuilder picocli = new StringBuilder();
        for (String line : lines) {
            if (line.contains("] picocli.") || line.contains("$Proxy")) picocli.append(line).append('\n');
        }
        assertTrue(picocli.isEmpty(), "picocli's model made for a plain list --cached:\n" + picocli);
    }

    @Test
    void aCopiedTreeLeavesItsStaleArchiveOutAndRecordsOneInTheBackground(@TempDir Path copy) throws Exception {
        Files.createDirectories(copy.resolve("target"));
        Files.createDirectories(copy.resolve("packaging/archive"));
        Files.copy(TREE.resolve("postern"), copy.resolve("postern"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(TREE.resolve(OPTIONS), copy.resolve(OPTIONS));
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
        Files.copy(TREE.resolve(OPTIONS), lib.resolve("postern-options.sh")); // installed beside the jars
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

    /**
     * Under umask 000 the cache directories the installed launcher makes for the archive (missing parents included) and
     * what is recorded there are the user's alone, as every directory postern makes: they were 0777 and the key 0666,
     * so another user could put in an archive (with a key, which is only stat data) that the next start maps (hunt 43-P, P2).
     */
    @Test
    void underUmask000TheUsersArchiveCacheIsTheUsersAlone(@TempDir Path root) throws Exception {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path lib = Files.createDirectories(root.resolve("lib/postern"));
        Files.copy(TREE.resolve("packaging/bin/postern"), bin.resolve("postern"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(TREE.resolve(OPTIONS), lib.resolve("postern-options.sh"));
        Files.createSymbolicLink(lib.resolve("postern.jar"), PosternProcess.jar());
        Files.createSymbolicLink(lib.resolve("postern-client.jar"), PosternProcess.jar().resolveSibling("postern-client.jar"));
        Path calls = root.resolve("builder-calls");
        stubBuilder(lib.resolve("postern-archive"), calls);
        Path xdg = root.resolve("xdg");
        Path cache = xdg.resolve("cache");

        PosternProcess.command("/bin/sh", "-c", "umask 000 && exec \"$0\" --version", bin.resolve("postern").toString())
                .env("XDG_CACHE_HOME", cache.toString()).run().assertExitCode(0);
        awaitLines(calls);
        Path failed = cache.resolve("postern/postern.jsa.failed");
        awaitFile(failed);
        for (Path dir : List.of(xdg, cache, cache.resolve("postern"))) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), dir.toString());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(failed)), failed.toString());
    }

    /**
     * With an owner of this user serving and POSTERN_CLIENT=jvm (as without perl), a command starts in a client-only
     * JVM (the interpreter, the client's own archive) and is served; when that guess is wrong (this data directory has no owner), the same command still
     * runs, in a full JVM the client-only one starts, with the same output and exit code. The tree's java is a
     * stub that notes each JVM's arguments and runs the real one.
     */
    @Test
    void withAnOwnerServingACommandStartsInAClientOnlyJvmAndAWrongGuessStillRunsIt(@TempDir Path root) throws Exception {
        Path realClientArchive = TREE.resolve("target/postern-client.jsa");
        Assumptions.assumeTrue(Files.isRegularFile(realClientArchive), "built with -Dpostern.archive.skip=true");
        Path copy = Files.createDirectories(root.resolve("tree"));
        Files.createDirectories(copy.resolve("target"));
        Files.createDirectories(copy.resolve("packaging/archive"));
        Files.copy(TREE.resolve("postern"), copy.resolve("postern"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(TREE.resolve(OPTIONS), copy.resolve(OPTIONS));
        Files.createSymbolicLink(copy.resolve("target/postern.jar"), PosternProcess.jar());
        Files.createSymbolicLink(copy.resolve("target/postern-client.jar"), PosternProcess.jar().resolveSibling("postern-client.jar"));
        stubBuilder(copy.resolve("packaging/archive/postern-archive"), root.resolve("builder-calls"));
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path calls = root.resolve("java-calls");
        Files.writeString(bin.resolve("java"), "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + calls + "'\nexec '"
                + PosternProcess.javaBinary() + "' \"$@\"\n");
        Files.setPosixFilePermissions(bin.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        // The client's archive with the key this tree and its java make (the archive itself was made for the
        // original tree's jar paths: the JVM leaves it out, which changes the time, not the result).
        Process stat = new ProcessBuilder("stat", "-L", "--printf", "%n:%s:%Y;", copy.resolve("target/postern-client.jar").toString(),
                copy.resolve("target/postern.jar").toString(), bin.resolve("java").toString()).start();
        String key = new String(stat.getInputStream().readAllBytes());
        assertEquals(0, stat.waitFor());
        Files.copy(realClientArchive, copy.resolve("target/postern-client.jsa"));
        Files.writeString(copy.resolve("target/postern-client.jsa.key"), key + "\n");

        Path home = Files.createDirectories(root.resolve("home"));
        Path served = PosternConfig.write(root.resolve("served.toml"), root.resolve("served-data"),
                PosternConfig.account("s", "imap", "127.0.0.1", 1, "plain", "u", "pw", 5, null));
        Path unserved = PosternConfig.write(root.resolve("unserved.toml"), root.resolve("unserved-data"),
                PosternConfig.account("other", "imap", "127.0.0.1", 1, "plain", "u", "pw", 5, null));
        java.util.function.Function<String[], PosternProcess.Result> run = args -> {
            String[] argv = new String[args.length + 1];
            argv[0] = copy.resolve("postern").toString();
            System.arraycopy(args, 0, argv, 1, args.length);
            return PosternProcess.command(argv).env("PATH", bin + ":" + System.getenv("PATH")).env("HOME", home.toString())
                    .env("XDG_RUNTIME_DIR", null).env("XDG_CACHE_HOME", null).env("POSTERN_CLIENT", "jvm")
                    .timeout(Duration.ofSeconds(120)).run().assertNoStackTrace();
        };

        run.apply(new String[] {"--config", served.toString(), "daemon", "start"}).assertExitCode(0);
        try {
            Path owners = home.resolve(".cache/postern-owners");
            List<Path> marks;
            try (var l = Files.list(owners)) {
                marks = l.toList();
            }
            assertEquals(1, marks.size(), marks.toString());
            assertTrue(Files.readAllLines(marks.get(0)).contains("data_dir=" + root.resolve("served-data")), marks.toString());

            Files.deleteIfExists(calls);
            PosternProcess.Result status = run.apply(new String[] {"--config", served.toString(), "daemon", "status"});
            status.assertExitCode(0);
            assertTrue(status.stdout().contains("owns " + root.resolve("served-data")), status.describe());
            List<String> jvms = Files.readAllLines(calls);
            assertEquals(1, jvms.size(), jvms.toString());
            assertTrue(jvms.get(0).contains("-Dpostern.client.only=" + copy.resolve("postern")), jvms.toString());
            assertTrue(jvms.get(0).contains("-XX:SharedArchiveFile=" + copy.resolve("target/postern-client.jsa")), jvms.toString());

            for (String[] args : List.of(new String[] {"--config", unserved.toString(), "complete", "accounts"},
                    new String[] {"--config", unserved.toString(), "-a", "nosuch", "list", "--cached"})) {
                Files.deleteIfExists(calls);
                PosternProcess.Result guessed = run.apply(args);
                jvms = Files.readAllLines(calls);
                assertEquals(2, jvms.size(), "a client-only JVM, then the full one: " + jvms);
                assertTrue(jvms.get(0).contains("-Dpostern.client.only="), jvms.toString());
                assertFalse(jvms.get(1).contains("-Dpostern.client.only="), jvms.toString());
                String[] full = new String[args.length + 1];
                full[0] = copy.resolve("postern").toString();
                System.arraycopy(args, 0, full, 1, args.length);
                PosternProcess.Result direct = PosternProcess.command(full).env("PATH", bin + ":" + System.getenv("PATH"))
                        .env("HOME", home.toString()).env("POSTERN_CLIENT", "none").timeout(Duration.ofSeconds(120)).run();
                assertEquals(direct.exitCode(), guessed.exitCode(), guessed.describe() + "\n---\n" + direct.describe());
                assertEquals(direct.stdout(), guessed.stdout(), guessed.describe());
                assertEquals(direct.stderr(), guessed.stderr(), guessed.describe());
            }
        } finally {
            run.apply(new String[] {"--config", served.toString(), "daemon", "stop"});
        }
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Path> left;
        do {
            try (var l = Files.list(home.resolve(".cache/postern-owners"))) {
                left = l.toList();
            }
        } while (!left.isEmpty() && System.nanoTime() < end && sleep(50));
        assertEquals(List.of(), left, "the owner's file outlived it");
        Files.deleteIfExists(calls);
        run.apply(new String[] {"--config", served.toString(), "complete", "accounts"}).assertExitCode(0);
        assertFalse(Files.readString(calls).contains("-Dpostern.client.only="), "no owner serves: no client-only JVM");
    }

    private static boolean sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
        return true;
    }

    /**
     * The JVM of a running postern started by the launcher gives freed memory back: the old generation shrinks at
     * once after a big arrangement (-ShrinkHeapInSteps) and glibc's freed native memory is trimmed every 5 s
     * (TrimNativeHeapInterval, which a JVM ignores rather than refuse when it predates it). Read from the running JVM
     * with jcmd: a flag it did not recognise would not be listed. bench/MEMORY.md has what each is worth.
     */
    @Test
    void aRunningPosternsJvmGivesFreedHeapAndNativeMemoryBack(@TempDir Path home) throws Exception {
        String flags = runningFlags(TREE.resolve("postern"), Path.of(System.getProperty("java.home"), "bin", "jcmd"), home, Map.of());
        assertTrue(flags.contains("-XX:-ShrinkHeapInSteps"), flags);
        assertTrue(flags.contains("-XX:TrimNativeHeapInterval=5000"), flags);
        assertTrue(flags.contains("-XX:+UseSerialGC"), "the launcher's options, not the JVM's defaults: " + flags);
    }

    /** `jcmd PID VM.flags` of `postern daemon run` started by {@code launcher} (stopped after), with {@code extraEnv}. */
    static String runningFlags(Path launcher, Path jcmd, Path home, Map<String, String> extraEnv) throws Exception {
        Path config = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", dev.postern.ClosedPort.take(), "plain", "u", "pw", 5, null));
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--config", config.toString(), "daemon", "run")
                .redirectErrorStream(true).redirectOutput(home.resolve("daemon.log").toFile());
        pb.environment().remove("POSTERN_JAVA_OPTS");
        pb.environment().putAll(Map.of("HOME", home.toString(), "XDG_RUNTIME_DIR", home.toString(),
                "XDG_STATE_HOME", home.resolve("state").toString(), "XDG_CACHE_HOME", home.resolve("cache").toString()));
        pb.environment().putAll(extraEnv);
        Process p = pb.start(); // the launcher execs java: this is the JVM's pid
        try {
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String out = "";
            while (System.nanoTime() < end) {
                assertTrue(p.isAlive(), "the daemon exited: " + Files.readString(home.resolve("daemon.log")));
                PosternProcess.Result r = PosternProcess.command(jcmd.toString(), Long.toString(p.pid()), "VM.flags")
                        .timeout(Duration.ofSeconds(30)).run();
                out = r.stdout();
                if (r.exitCode() == 0 && out.contains("-XX:")) return out;
                Thread.sleep(200);
            }
            throw new AssertionError("jcmd never read the flags: " + out);
        } finally {
            p.destroy();
            p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /**
     * A tree (or an installed copy's cache) whose path holds a space: once its archive is recorded, the launcher hands
     * that path to java as one word. It put the options on the command line unquoted, so the path split and every
     * command failed with "Could not find or load main class" (hunt 34-C, C10). The builder here copies the package
     * build's archive and writes the key the real one would.
     */
    @Test
    void anArchiveAtAPathWithASpaceIsUsed(@TempDir Path root) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(TREE.resolve("target/postern.jsa.key")), "built with -Dpostern.archive.skip=true");
        Path copy = Files.createDirectories(root.resolve("my tree"));
        Files.createDirectories(copy.resolve("target"));
        Files.createDirectories(copy.resolve("packaging/archive"));
        Files.copy(TREE.resolve("postern"), copy.resolve("postern"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(TREE.resolve(OPTIONS), copy.resolve(OPTIONS));
        Files.createSymbolicLink(copy.resolve("target/postern.jar"), PosternProcess.jar());
        Files.createSymbolicLink(copy.resolve("target/postern-client.jar"), PosternProcess.jar().resolveSibling("postern-client.jar"));
        Path builder = copy.resolve("packaging/archive/postern-archive");
        Files.writeString(builder, "#!/bin/sh\ncp '" + TREE.resolve("target/postern.jsa") + "' \"$2\" || exit 1\n"
                + "stat -L --printf '%n:%s:%Y;' \"$1\" \"$(dirname -- \"$1\")/postern.jar\" \"$(command -v \"$3\")\" > \"$2.key\"\n");
        Files.setPosixFilePermissions(builder, PosixFilePermissions.fromString("rwxr-xr-x"));

        PosternProcess.command(copy.resolve("postern").toString(), "--version").run().assertExitCode(0);
        awaitFile(copy.resolve("target/postern.jsa.key"));
        awaitGone(copy.resolve("target/postern.jsa.lock"));
        PosternProcess.Result r = PosternProcess.command(copy.resolve("postern").toString(), "--version").run();
        r.assertExitCode(0);
        assertTrue(r.stdout().contains("Start-up archive: in use (class-data sharing, " + copy.resolve("target/postern.jsa")),
                r.describe());
    }

    /**
     * No java on PATH: one sentence saying what is missing and 69, from the tree's launcher and the installed one, not
     * the shell's "exec: java: not found" and 127 (hunt 34-C, C12).
     */
    @Test
    void withoutJavaOnPathTheLaunchersSaySoAndExit69(@TempDir Path root) throws Exception {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path lib = Files.createDirectories(root.resolve("lib/postern"));
        Files.copy(TREE.resolve("packaging/bin/postern"), bin.resolve("postern"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(TREE.resolve(OPTIONS), lib.resolve("postern-options.sh"));
        Files.createSymbolicLink(lib.resolve("postern.jar"), PosternProcess.jar());
        Files.createSymbolicLink(lib.resolve("postern-client.jar"), PosternProcess.jar().resolveSibling("postern-client.jar"));
        for (Path launcher : List.of(TREE.resolve("postern"), bin.resolve("postern"))) {
            PosternProcess.Result r = PosternProcess.command("/usr/bin/env", "-i", "PATH=" + root.resolve("nothing"),
                    "HOME=" + root, launcher.toString(), "list").run();
            r.assertExitCode(69);
            assertEquals("postern: no java on PATH; postern needs Java 17 or later (Debian: apt install default-jre-headless).\n",
                    r.stderr(), r.describe());
            // A JAVA_HOME the user relied on is named: the launchers run the java on PATH alone (hunt 43-P, P5).
            PosternProcess.Result h = PosternProcess.command("/usr/bin/env", "-i", "PATH=" + root.resolve("nothing"),
                    "HOME=" + root, "JAVA_HOME=" + Path.of(PosternProcess.javaBinary()).getParent().getParent(), launcher.toString(),
                    "list").run();
            h.assertExitCode(69);
            assertEquals("postern: no java on PATH (postern does not read JAVA_HOME; put $JAVA_HOME/bin on PATH); postern needs Java 17"
                    + " or later.\n", h.stderr(), h.describe());
        }
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

package dev.postern.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs a program as a child process and hands back what it did: exit code, stdout and stderr.
 *
 * <p>End-to-end tests drive the finished {@code postern} exactly as a user does, through
 * {@link #postern(String...)} ({@code java -jar target/postern.jar ...}); the fixture also uses
 * {@link #command(String...)} for openssl and doveadm, so there is one place that knows how to
 * run a child without deadlocking on a full pipe or leaking it after a timeout.
 *
 * <p>The child inherits this JVM's environment; {@link #env(String, String)} overrides or, with a
 * {@code null} value, removes a variable, so a test can pin HOME and the XDG directories.
 */
public final class PosternProcess {

    /** The shaded jar that {@code mvn package} builds; failsafe passes its absolute path. */
    public static Path jar() {
        String configured = System.getProperty("postern.jar");
        return configured != null ? Path.of(configured) : Path.of("target", "postern.jar").toAbsolutePath();
    }

    private final List<String> command;
    private final Map<String, String> env = new LinkedHashMap<>();
    private byte[] stdin = new byte[0];
    private Duration timeout = Duration.ofSeconds(60);
    private Path directory;

    private PosternProcess(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** {@code java -jar target/postern.jar ARGS...} with the same java that runs the tests. */
    public static PosternProcess postern(String... args) {
        Path jar = jar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: end-to-end tests need the shaded jar, "
                    + "run them with `mvn -B verify` (failsafe runs after `package`)");
        }
        return new PosternProcess(jarCommand(args));
    }

    /**
     * {@code java OPTIONS -jar postern.jar}: the JVM options the launcher ({@code ./postern}) uses by
     * default, serial GC and C1 only, so children start as a user's do and a suite of hundreds of short
     * runs costs the two CI cores less, and the start-up archive ({@link #archiveOptions}).
     */
    public static List<String> jarCommand(String... args) {
        List<String> argv = new ArrayList<>(List.of(javaBinary()));
        argv.addAll(LAUNCHER_JVM);
        argv.addAll(archiveOptions());
        argv.addAll(List.of("-jar", entryJar().toString()));
        argv.addAll(List.of(args));
        return argv;
    }

    /**
     * The jar the launchers run: postern-client.jar beside the shaded jar (the thin client; its Class-Path brings
     * in the shaded jar when no owner serves the command), for which the start-up archive is recorded; the shaded
     * jar itself when a build has none.
     */
    public static Path entryJar() {
        Path client = jar().resolveSibling("postern-client.jar");
        return Files.isRegularFile(client) ? client : jar();
    }

    /**
     * The start-up archive that {@code mvn package} records beside the jar, when there is one: the end-to-end
     * suite starts several hundred short-lived postern JVMs on CI's two cores, and each spends about 0.7 s
     * less CPU with it. A JVM that finds the archive does not fit (another jar or Java build, as after a
     * test replaced the jar) runs without it; -Xlog:disable keeps the JVM's notice of that off the output the
     * tests read. No {@code -Dpostern.archive}, so {@code --version} says what it says without the launcher.
     */
    static List<String> archiveOptions() {
        Path archive = jar().resolveSibling("postern.jsa");
        if (!Files.isRegularFile(archive)) return List.of();
        return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:disable");
    }

    /**
     * {@code ./postern ARGS...}: the launcher people run, which maps the class-data-sharing archive that
     * {@code mvn package} recorded (or, when it is stale, starts without it and records one in the background).
     */
    public static PosternProcess launcher(String... args) {
        Path launcher = Path.of("postern").toAbsolutePath();
        if (!Files.isExecutable(launcher)) throw new IllegalStateException(launcher + " is missing: run from the repository root");
        List<String> argv = new ArrayList<>(List.of(launcher.toString()));
        argv.addAll(List.of(args));
        return new PosternProcess(argv);
    }

    /**
     * {@code postern --config CONFIG ARGS...} with HOME at {@code home} and XDG_STATE_HOME at
     * {@code home/state}: the way the end-to-end tests run the jar against their own config.
     */
    public static PosternProcess withConfig(Path home, Path config, String... args) {
        String[] full = PosternConfig.argv(config, args);
        return postern(full).env(Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString()));
    }

    /** Any program, for tools the fixture needs and for testing this class itself. */
    public static PosternProcess command(String... argv) {
        if (argv.length == 0) {
            throw new IllegalArgumentException("empty command");
        }
        return new PosternProcess(List.of(argv));
    }

    /** The launcher's JVM options: {@code ./postern} starts every JVM with serial GC and C1 only. */
    static final List<String> LAUNCHER_JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /**
     * {@link #javaBinary()} and the launcher's JVM options, for a shell command line (a reader in a tmux pane): the
     * JVM a user's {@code ./postern} starts. A reader under the JDK's defaults (G1, C2) took about 0.5 s more CPU for
     * a few seconds' life (1.8 s against 1.3 s), which the end-to-end phase, its two cores busy from start to end,
     * pays in wall time. The classes that time the reader's 200 ms answers (tagged {@code quiet}) keep the defaults
     * they were measured with.
     */
    public static String launcherJava() {
        return javaBinary() + " " + String.join(" ", LAUNCHER_JVM);
    }

    /** The java launcher of the running JVM, so children use the JDK the build chose. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code argv} at nice {@code n}: {@code nice} execs it, so its pid is the command's and a kill reaches it. */
    public static List<String> niced(int n, List<String> argv) {
        List<String> out = new ArrayList<>(List.of("nice", "-n", Integer.toString(n)));
        out.addAll(argv);
        return out;
    }

    /** This command at nice {@code n} ({@link #niced(int, List)}), with the same environment, input and time-out. */
    public PosternProcess niced(int n) {
        PosternProcess p = new PosternProcess(niced(n, command));
        p.env.putAll(env);
        p.stdin = stdin;
        p.timeout = timeout;
        p.directory = directory;
        return p;
    }

    public PosternProcess env(String name, String value) {
        env.put(Objects.requireNonNull(name), value);
        return this;
    }

    public PosternProcess env(Map<String, String> values) {
        values.forEach(this::env);
        return this;
    }

    public PosternProcess stdin(String text) {
        return stdin(text.getBytes(StandardCharsets.UTF_8));
    }

    public PosternProcess stdin(byte[] bytes) {
        this.stdin = bytes.clone();
        return this;
    }

    public PosternProcess timeout(Duration limit) {
        this.timeout = Objects.requireNonNull(limit);
        return this;
    }

    public PosternProcess directory(Path dir) {
        this.directory = dir;
        return this;
    }

    /**
     * Runs to completion. On timeout the child and all its descendants are killed and a
     * {@link TimedOut} error is thrown, so a hung program fails the test instead of hanging the
     * build, and no test can mistake a killed run for a finished one.
     */
    public Result run() {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Map<String, String> childEnv = builder.environment();
        env.forEach((k, v) -> {
            if (v == null) {
                childEnv.remove(k);
            } else {
                childEnv.put(k, v);
            }
        });
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        // Both pipes are drained on their own threads: a child that fills one pipe while we
        // block on the other would otherwise never finish.
        Drain out = new Drain(process.getInputStream(), "stdout of " + command.get(0));
        Drain err = new Drain(process.getErrorStream(), "stderr of " + command.get(0));
        writeStdin(process);
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            long pid = process.pid();
            List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
            tree.add(process.toHandle());
            tree.forEach(ProcessHandle::destroyForcibly);
            // SIGKILL is asynchronous; wait so that callers (and the next test) see them gone.
            for (ProcessHandle handle : tree) {
                try {
                    handle.onExit().get(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // Reported below through the TimedOut error; nothing more can be done here.
                }
            }
            throw new TimedOut(command, pid, timeout, out.text(), err.text());
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        return new Result(command, process.exitValue(), out.text(), err.text(), elapsed);
    }

    private void writeStdin(Process process) {
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // The child may exit without reading its input (java -version does); that is its
            // business, and the exit code and output still tell the test what happened.
        }
    }

    /** What a finished child did. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr, Duration elapsed) {

        // A stack trace frame, or a Java exception class name leaking into user-facing output.
        private static final Pattern STACK_TRACE = Pattern.compile("(?m)^\\tat |Exception");

        /** Fails if either stream shows a stack trace: users must get a message, not a trace. */
        public Result assertNoStackTrace() {
            for (String[] stream : new String[][] {{"stdout", stdout}, {"stderr", stderr}}) {
                if (STACK_TRACE.matcher(stream[1]).find()) {
                    throw new AssertionError(stream[0] + " of " + command + " shows a stack trace or exception name\n"
                            + describe());
                }
            }
            return this;
        }

        /** Fails with both streams in the message, which is what one needs to see when it fails. */
        public Result assertExitCode(int expected) {
            if (exitCode != expected) {
                throw new AssertionError("expected exit code " + expected + " but was " + exitCode + "\n" + describe());
            }
            return this;
        }

        public String describe() {
            return "command: " + command + "\nexit code: " + exitCode + "\n--- stdout ---\n" + stdout
                    + "\n--- stderr ---\n" + stderr;
        }
    }

    /** Thrown when the child outlived its time limit; it has been killed with its descendants. */
    public static final class TimedOut extends AssertionError {
        private static final long serialVersionUID = 1L;
        private final long pid;
        private final String stdout;

        TimedOut(List<String> command, long pid, Duration limit, String stdout, String stderr) {
            super(command + " (pid " + pid + ") did not finish within " + limit + " and was killed"
                    + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr);
            this.pid = pid;
            this.stdout = stdout;
        }

        public long pid() {
            return pid;
        }

        /** What the child wrote before it was killed. */
        public String stdout() {
            return stdout;
        }
    }

    /** Reads one stream to the end on a daemon thread. */
    private static final class Drain {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread thread;

        Drain(InputStream in, String name) {
            thread = new Thread(() -> {
                try (in) {
                    in.transferTo(bytes);
                } catch (IOException e) {
                    // The stream closes when the child is killed; what was read so far is kept.
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        String text() {
            try {
                // A grandchild that escaped the kill could hold the pipe open; don't wait forever.
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}

package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Commands through a {@link PerlTree}'s launcher as a user's shell runs them (the test's directory as HOME, no XDG
 * runtime, cache or config directory, the state directory under it, the tree's java stub first on PATH), the daemons
 * they start (killed by {@link #close} at the test's end), and the log they share (DaemonConfigChangeIT,
 * DaemonUpgradeIT).
 */
final class TreeRuns implements AutoCloseable {
    private final Path dir;
    private final PerlTree tree;
    private final List<Long> daemons = new ArrayList<>();

    TreeRuns(Path dir, PerlTree tree) {
        this.dir = dir;
        this.tree = tree;
    }

    /** {@code postern ARGS} through the tree's launcher, {@code client} its POSTERN_CLIENT (null: the Perl client). */
    PosternProcess.Result run(String client, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = tree.launcher().toString();
        System.arraycopy(args, 0, argv, 1, args.length);
        return PosternProcess.command(argv).env("HOME", dir.toString()).env("XDG_RUNTIME_DIR", null)
                .env("XDG_CACHE_HOME", null).env("XDG_CONFIG_HOME", null).env("XDG_STATE_HOME", dir.resolve("state").toString())
                .env("PATH", tree.bin + ":" + System.getenv("PATH")).env("POSTERN_CLIENT", client)
                .timeout(Duration.ofSeconds(120)).run().assertNoStackTrace();
    }

    /** `postern daemon start`; the daemon's pid. */
    long daemon(Path config) {
        PosternProcess.Result start = run("none", "--config", config.toString(), "daemon", "start").assertExitCode(0);
        Matcher m = Pattern.compile("\\(pid (\\d+)\\)").matcher(start.stdout() + start.stderr());
        assertTrue(m.find(), start.describe());
        long pid = Long.parseLong(m.group(1));
        daemons.add(pid);
        return pid;
    }

    /** Process {@code pid} (a daemon the test found) is killed at the test's end too. */
    void killAtEnd(long pid) {
        daemons.add(pid);
    }

    /** Waits (30 s at most) for process {@code pid} to end. */
    static void ended(long pid) throws Exception {
        var p = ProcessHandle.of(pid);
        if (p.isPresent()) p.get().onExit().get(30, TimeUnit.SECONDS);
    }

    /** The log every postern under the test's directory writes. */
    Path log() {
        return dir.resolve("state").resolve("postern").resolve("postern.log");
    }

    /** How many INFO lines of the log contain {@code text}. */
    long infoLines(String text) throws Exception {
        return Files.readAllLines(log()).stream().filter(l -> l.contains("INFO") && l.contains(text)).count();
    }

    @Override
    public void close() {
        for (long pid : daemons) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
}

package dev.postern;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps a test's {@code @TempDir} until every process using it has ended, and fails a test (or class) that leaves
 * one running: a process whose command line or working directory names the directory JUnit is about to delete (not
 * its environment: a gpg-agent or the launcher's archive builder inherits a test's HOME or EDITOR and is not the
 * test's). Registered for the whole suite (META-INF/services, junit-platform.properties) and run after the test's own
 * clean-up ({@code @AfterEach}, {@code @AfterAll}, extensions registered by the class), before the directory goes. A
 * process found is given {@link #GRACE_NANOS} to end by itself (it may be stopping: {@code daemon stop} returns once
 * the store is released, and a test's SIGTERM is not its end); one still running then is a process the test never
 * stopped: the test fails, naming it.
 *
 * <p>Such a process made the suite flake, not fail: TwoDaemonStartsTest SIGTERMed its daemon and returned, and
 * JUnit's deletion of the directory the daemon still wrote to failed only when the daemon was slow to end (the
 * grading run of ca62b5f4, "Failed to close extension context"). A daemon started with {@code setsid} is no
 * child of the test's JVM, so the leak was silent otherwise. Waiting here takes that race away from every test; a
 * process left running is stopped (SIGTERM, then SIGKILL) so that neither the deletion nor the next tests meet it.
 */
public final class ProcessesLeftGuard implements AfterEachCallback, AfterAllCallback {
    private static final long SELF = ProcessHandle.current().pid();
    /** How long a process found may take to end by itself, and then after SIGTERM: generous, for a loaded machine. */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(30);

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        check(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        check(context);
    }

    private static void check(ExtensionContext context) throws InterruptedException {
        List<Path> dirs = RememberedTempDirs.takeFor(context);
        if (dirs.isEmpty()) return;
        List<ProcessHandle> left = new ArrayList<>();
        List<String> described = new ArrayList<>();
        ProcessHandle.allProcesses().filter(h -> h.pid() != SELF).forEach(h -> {
            String uses = uses(h.pid(), dirs);
            if (uses != null && h.isAlive() && !tmuxServer(h) && !archiveBuilder(h)) {
                left.add(h);
                described.add(h.pid() + " (" + uses + ")");
            }
        });
        if (left.isEmpty()) return;
        long start = System.nanoTime();
        List<String> running = new ArrayList<>();
        for (int i = 0; i < left.size(); i++) {
            if (!endsBy(left.get(i), start + GRACE_NANOS)) running.add(described.get(i));
        }
        long waited = (System.nanoTime() - start) / 1_000_000;
        if (running.isEmpty()) {
            // Already on their way out (`daemon stop` returns once the store is released, before the process ends):
            // the directory is deleted only now, which is what a test that waits for them would have done.
            System.err.println(ProcessesLeftGuard.class.getSimpleName() + ": waited " + waited + " ms after "
                    + context.getDisplayName() + " for the end of " + String.join("; ", described));
            return;
        }
        for (ProcessHandle h : left) h.destroy();
        for (ProcessHandle h : left) {
            if (!endsBy(h, System.nanoTime() + GRACE_NANOS)) {
                h.destroyForcibly();
                endsBy(h, System.nanoTime() + GRACE_NANOS);
            }
        }
        throw new AssertionError(running.size() + " process(es) still ran " + waited / 1000 + " s after "
                + context.getDisplayName() + " ended, in its temporary directory " + dirs + " (stopped now by "
                + ProcessesLeftGuard.class.getSimpleName() + "): " + String.join("; ", running)
                + ". A test stops every process it starts, and waits for its end.");
    }

    /** Whether the process has ended by {@code deadline} (System.nanoTime). */
    private static boolean endsBy(ProcessHandle h, long deadline) throws InterruptedException {
        try {
            h.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException slow) {
            return !h.isAlive();
        } catch (ExecutionException e) {
            return !h.isAlive();
        }
    }

    /**
     * Whether {@code h} is tmux itself: the user's one tmux server keeps the command line of the client that started
     * it (`tmux new-session ... 'postern --config /tmp/junit.../config.toml'`, e2e/Tmux) for its whole life, which the
     * other sessions of other forks' tests prolong; stopping it would end theirs. What runs in a test's session (the
     * pane's processes) is still counted, and Tmux.close ends it and waits.
     */
    private static boolean tmuxServer(ProcessHandle h) {
        String argv0 = ProcCmdline.line(h.pid());
        int space = argv0.indexOf(' ');
        if (space >= 0) argv0 = argv0.substring(0, space);
        return argv0.equals("tmux") || argv0.endsWith("/tmux");
    }

    /**
     * Whether {@code h} is (or runs, or was started by) the source launcher's background recording of its start-up
     * archive ({@code ./postern} starts packaging/archive/postern-archive, niced, when target/postern.jsa's key does
     * not match, as after {@code -Dpostern.archive.skip=true}): a forked copy of the launcher's shell, so its command
     * line is the test's command's, but it is meant to outlive that command, writes only under target/, and is not
     * the test's to stop (LauncherIT's daemon in such a tree started one).
     */
    private static boolean archiveBuilder(ProcessHandle h) {
        ProcessHandle p = h;
        for (int depth = 0; p != null && depth < 8; depth++) {
            if (ProcCmdline.line(p.pid()).contains("postern-archive")) return true;
            p = p.parent().orElse(null);
        }
        // The launcher's forked subshell that waits for the builder; not the JVM the launcher exec'd, which is the
        // subshell's parent and would otherwise count the builder among its descendants.
        String argv = ProcCmdline.line(h.pid());
        if (!argv.startsWith("/bin/sh ") && !argv.startsWith("sh ")) return false;
        return h.descendants().anyMatch(d -> ProcCmdline.line(d.pid())
                .contains("postern-archive"));
    }

    /**
     * How process {@code pid} names one of {@code dirs} (its command line or working directory), or
     * null if it does not. /proc, not ProcessHandle.Info: that gives no arguments past 4,096 bytes of command line.
     */
    private static String uses(long pid, List<Path> dirs) {
        Path proc = Path.of("/proc", Long.toString(pid));
        String cmdline = ProcCmdline.line(pid);
        if (names(cmdline, dirs)) return "command line: " + shorten(cmdline);
        try {
            String cwd = Files.readSymbolicLink(proc.resolve("cwd")).toString();
            if (names(cwd, dirs)) return "working directory " + cwd + "; command line: " + shorten(cmdline);
        } catch (IOException | RuntimeException gone) {
            // Ended, or not ours to read.
        }
        return null;
    }

    private static boolean names(String text, List<Path> dirs) {
        if (text.isEmpty()) return false;
        for (Path d : dirs) {
            String s = d.toString();
            int at = text.indexOf(s);
            while (at >= 0) {
                int after = at + s.length();
                // /tmp/junit12 is not /tmp/junit123.
                if (after == text.length() || !Character.isDigit(text.charAt(after))) return true;
                at = text.indexOf(s, at + 1);
            }
        }
        return false;
    }

    /** The command line without a class path's value (a JVM's is kilobytes long), cut at 400 characters. */
    private static String shorten(String cmdline) {
        String s = cmdline.replaceAll("(-cp|-classpath|--class-path) \\S+", "$1 ...");
        return s.length() <= 400 ? s : s.substring(0, 400) + "...";
    }
}

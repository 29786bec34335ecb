package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * One detached tmux session running a shell command on a real pseudo-terminal of a given size, for the
 * end-to-end tests of the finished jar's terminal faces (the reader, the shell, batch output on a terminal):
 * send keys, look at the pane as a person would (polling {@code capture-pane}, never a fixed sleep), and kill
 * the session when done. Skips the calling test (an assumption) where tmux is not installed.
 */
public final class Tmux implements AutoCloseable {
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    private final String session;
    private final int scrollback;
    private Duration poll = Duration.ofMillis(50);

    private Tmux(String session, int scrollback) {
        this.session = session;
        this.scrollback = scrollback;
    }

    /** Whether tmux runs here at all. */
    public static boolean available() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts {@code command} (run by tmux's shell) in a new detached session {@code cols} x {@code rows} named
     * after {@code name}, this JVM and a counter; skips the test where tmux is missing. Captures show the
     * visible screen only.
     */
    public static Tmux start(String name, int cols, int rows, String command) throws Exception {
        return start(name, cols, rows, 0, null, command);
    }

    /**
     * The same, with {@code scrollback} lines of history above the screen joined into each capture (for output
     * that scrolls, as batch commands' does) and {@code cwd} (null: this JVM's) as the command's working directory.
     */
    public static Tmux start(String name, int cols, int rows, int scrollback, Path cwd, String command) throws Exception {
        Assumptions.assumeTrue(available(), "tmux is not installed");
        Tmux t = new Tmux(name + "-" + ProcessHandle.current().pid() + "-" + SESSIONS.incrementAndGet(), scrollback);
        List<String> argv = new ArrayList<>(List.of("new-session", "-d", "-s", t.session, "-x", Integer.toString(cols),
                "-y", Integer.toString(rows)));
        if (cwd != null) argv.addAll(List.of("-c", cwd.toString()));
        argv.add(command);
        String out = t.tmux(argv.toArray(String[]::new));
        // tmux's one server per user exits when its last session ends; a new-session that reaches it in that moment gets
        // "server exited unexpectedly" (seen in ci33b, another test's session having just ended): the next try starts a
        // server of its own. Tried three times, then the failure is the test's.
        for (int i = 0; i < 2 && !t.exists() && out.contains("server exited unexpectedly"); i++) {
            out = t.tmux(argv.toArray(String[]::new));
        }
        if (!t.exists()) throw new IllegalStateException("tmux did not start session " + t.session + ": " + out);
        return t;
    }

    /** The session's name, for a target of one's own tmux command. */
    public String name() { return session; }

    /** How often the waits look at the pane (50 ms unless set). */
    public Tmux poll(Duration every) {
        this.poll = every;
        return this;
    }

    /** Runs {@code tmux ARGS} and returns what it printed (stdout and stderr). */
    public String tmux(String... args) throws Exception {
        List<String> argv = new ArrayList<>(args.length + 1);
        argv.add("tmux");
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Sends keys as {@code tmux send-keys} takes them ("Enter", "C-c", "PageDown", or literal text). */
    public void keys(String... keys) throws Exception {
        List<String> argv = new ArrayList<>(List.of("send-keys", "-t", session));
        argv.addAll(List.of(keys));
        tmux(argv.toArray(String[]::new));
    }

    /** The pane's text (with the history this session was started with), no attributes. */
    public String capture() throws Exception {
        return scrollback > 0 ? tmux("capture-pane", "-p", "-J", "-S", "-" + scrollback, "-t", session)
                : tmux("capture-pane", "-p", "-t", session);
    }

    /**
     * The visible screen as tmux renders it with {@code -e}: text and tmux's own SGR sequences for each cell's
     * colours and attributes (whatever reached the cells, shown as tmux would redraw it).
     */
    public String captureWithAttributes() throws Exception {
        return tmux("capture-pane", "-p", "-e", "-t", session);
    }

    /** A tmux format of the pane, e.g. {@code #{pane_title}} or {@code #{pane_pid}}. */
    public String format(String format) throws Exception {
        return tmux("display-message", "-p", "-t", session, format).strip();
    }

    /** Polls the pane until it satisfies {@code done} or {@code deadline} passes (then fails, showing the pane). */
    public String waitFor(String what, Predicate<String> done, Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        String s = "";
        while (true) {
            s = capture();
            if (done.test(s)) return s;
            if (System.nanoTime() >= end) break;
            Thread.sleep(poll.toMillis());
        }
        return fail("the terminal never showed " + what + " within " + deadline.toSeconds() + " s:\n" + s);
    }

    /** Polls the pane until it contains {@code text}. */
    public String waitFor(String text, Duration deadline) throws Exception {
        return waitFor("'" + text + "'", s -> s.contains(text), deadline);
    }

    /**
     * What tmux itself costs for one key and one look at the pane (two tmux client runs), the best of three
     * measured now: on a loaded machine it is well over 200 ms by itself, so a program's own answer to a key,
     * timed from send-keys to the pane showing it, is the time less this.
     */
    /**
     * What the instrument itself may add to an answer timed from send-keys to a capture showing it, on a loaded
     * machine where process starts vary: two of the slowest of three tmux round trips (a command and a capture)
     * plus one poll period. Two, since the answer may land just after one capture took its picture, to be seen
     * only by the next: the one in flight and the one that sees it both count.
     */
    public long allowanceMillis() throws Exception {
        long worst = 0;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            tmux("display-message", "-p", "-t", session, "x");
            capture();
            worst = Math.max(worst, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        return 2 * worst + poll.toMillis();
    }

    public long overheadMillis() throws Exception {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            tmux("display-message", "-p", "-t", session, "x");
            capture();
            best = Math.min(best, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        return best;
    }

    /**
     * The process the pane's shell started ({@code sh -c COMMAND} runs the first command of a list as its child),
     * once there is one: the program under test, to time its exit.
     */
    public Optional<ProcessHandle> child() throws Exception {
        String pid = format("#{pane_pid}");
        if (!pid.matches("\\d+")) return Optional.empty();
        Optional<ProcessHandle> shell = ProcessHandle.of(Long.parseLong(pid));
        if (shell.isEmpty()) return Optional.empty();
        return shell.get().children().findFirst();
    }

    /** Whether the session still exists. */
    public boolean exists() throws Exception {
        Process p = new ProcessBuilder("tmux", "has-session", "-t", session).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /**
     * Kills the session and waits (up to 15 s, then kills them outright) for whatever ran in it to end: a program
     * told to hang up still closes its files, and a test's temporary directory must not be deleted under it.
     */
    @Override
    public void close() throws Exception {
        List<ProcessHandle> running = new ArrayList<>();
        String pid = format("#{pane_pid}");
        if (pid.matches("\\d+")) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(shell -> {
                running.add(shell);
                shell.descendants().forEach(running::add);
            });
        }
        tmux("kill-session", "-t", session);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (ProcessHandle p : running) {
            while (p.isAlive() && System.nanoTime() < end) Thread.sleep(20);
            if (p.isAlive()) p.destroyForcibly();
        }
    }
}

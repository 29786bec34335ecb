package dev.postern.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the user's commands (password_command, token_command, signature_command, new_mail_command, a pipe) leave
 * behind. A shell line such as {@code echo secret; sleep 60 &} ends at once, but its background child stays, holding
 * the output pipe open (so reading to its end waited the whole time-out: hunt F, F17) and running on after postern.
 * Java sees the child among the command's descendants only while the shell lives; once the shell has exited the child
 * belongs to init. So each run is marked in its environment ({@link #mark}), and {@link #killAll} ends the command,
 * its descendants, and every process that still carries the mark in postern's own process group, as a terminal's
 * Ctrl-C would. A daemon that went on its own properly (setsid: gpg-agent, an agent a password manager starts) has
 * left the group and is spared. The group and the mark are read from /proc (Linux); elsewhere only the descendants.
 */
public final class ChildProcesses {
    /** The environment variable each run carries, a fresh value per run. */
    public static final String MARK = "POSTERN_COMMAND_RUN";
    /**
     * How long the output may go on after the command itself ended 0 before what was read is taken: what it wrote
     * is in the pipe already; only a process it left holding the pipe (and spared as a daemon) can keep it open.
     */
    public static final long OUTPUT_GRACE_MS = 1000;

    private ChildProcesses() {}

    /** Marks the environment of the process {@code pb} starts; returns the mark for {@link #killAll}. */
    public static String mark(ProcessBuilder pb) {
        String mark = UUID.randomUUID().toString();
        pb.environment().put(MARK, mark);
        return mark;
    }

    /** Kills {@code p} (ended or not), its descendants, and what it left in postern's process group with {@code mark}. */
    public static void killAll(Process p, String mark) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        // Not p.destroyForcibly() on an ended command: besides the signal it closes the command's streams, and the JDK
        // reports the end before its last output (up to a pipe's worth) is read, so the reader got "Stream closed".
        if (p.isAlive()) p.toHandle().destroyForcibly();
        if (mark != null) killLeftBehind(mark);
    }

    private static void killLeftBehind(String mark) {
        leftBehind(mark).forEach(ProcessHandle::destroyForcibly);
    }

    /** The processes in postern's process group that carry {@code mark} (Linux; elsewhere none are found). */
    private static List<ProcessHandle> leftBehind(String mark) {
        List<ProcessHandle> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        long group = group(Path.of("/proc/self/stat"));
        if (group <= 0) return found;
        byte[] wanted = ("\0" + MARK + "=" + mark + "\0").getBytes(StandardCharsets.UTF_8);
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> isPid(p.getFileName().toString()))) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                if (pid == self || group(proc.resolve("stat")) != group || !carries(proc.resolve("environ"), wanted)) continue;
                ProcessHandle.of(pid).ifPresent(found::add);
            }
        } catch (IOException | RuntimeException noProc) {
            // not Linux, or /proc not readable: the descendants were all we could find
        }
        return found;
    }

    /** How long the commands {@link Runs#endAll} ends are given after SIGTERM before SIGKILL. */
    public static final long END_GRACE_MS = 500;

    /**
     * The commands a reader started for its user that may still be running (a pipe: {@code | git am}, {@code | tail -f}).
     * When the reader quits (q, Ctrl-C, SIGTERM, SIGHUP) they are ended as a terminal's hang-up ends a shell's jobs
     * ({@link #endAll}), after the screen is put away: left running they were orphaned to init for the rest of their
     * lives, their output pipe gone (hunt 32-V, C1). A command that has ended is forgotten, and what it left in the
     * background is left to run, as mutt leaves it.
     */
    public static final class Runs {
        private record Run(Process process, String mark) {}

        private final Set<Run> live = ConcurrentHashMap.newKeySet();
        private volatile boolean ended;

        /** Starts {@code pb}, marked ({@link #mark}), as one of these runs; refused once {@link #endAll} has begun. */
        public Process start(ProcessBuilder pb) throws IOException {
            if (ended) throw new IOException("the reader has quit");
            String mark = mark(pb);
            Process p = pb.start();
            Run run = new Run(p, mark);
            live.add(run);
            p.onExit().thenRun(() -> live.remove(run));
            if (ended) { // endAll began between the check and the add, and may not have seen it
                killAll(p, mark);
                throw new IOException("the reader has quit");
            }
            return p;
        }

        /** How many of the runs are still going. */
        public int running() {
            live.removeIf(r -> !r.process().isAlive());
            return live.size();
        }

        /**
         * SIGTERM to every run still going, its descendants and what carries its mark in postern's process group; those
         * still there after {@code graceMillis} (a command that ignores SIGTERM) get SIGKILL. Returns once all are gone
         * or killed; at once when none runs.
         */
        public void endAll(long graceMillis) {
            ended = true;
            if (live.isEmpty()) return;
            end(List.copyOf(live), graceMillis);
        }

        /** {@link #endAll}'s ending of one run, {@code p} (a pipe's command cancelled while the reader goes on). */
        public void end(Process p, long graceMillis) {
            end(live.stream().filter(r -> r.process() == p).toList(), graceMillis);
        }

        private void end(List<Run> runs, long graceMillis) {
            if (runs.isEmpty()) return;
            List<ProcessHandle> signalled = new ArrayList<>();
            for (Run r : runs) {
                r.process().descendants().forEach(signalled::add);
                signalled.add(r.process().toHandle());
                signalled.addAll(leftBehind(r.mark()));
            }
            signalled.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + graceMillis * 1_000_000L;
            for (ProcessHandle h : signalled) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                try {
                    h.onExit().get(left, java.util.concurrent.TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException late) {
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            for (Run r : runs) killAll(r.process(), r.mark());
            for (ProcessHandle h : signalled) if (h.isAlive()) h.destroyForcibly();
        }
    }

    private static boolean isPid(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) if (name.charAt(i) < '0' || name.charAt(i) > '9') return false;
        return true;
    }

    /** The process group in a /proc/PID/stat (the fifth field; the second, the name, may hold spaces), or -1. */
    static long group(Path stat) {
        try {
            String s = Files.readString(stat, StandardCharsets.ISO_8859_1);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[2]);
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    private static boolean carries(Path environ, byte[] wanted) {
        byte[] env;
        try {
            env = Files.readAllBytes(environ);
        } catch (IOException | RuntimeException notOurs) {
            return false;
        }
        byte[] all = new byte[env.length + 1];
        System.arraycopy(env, 0, all, 1, env.length); // a leading NUL so the first variable matches too; each ends in NUL
        outer:
        for (int i = 0; i + wanted.length <= all.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (all[i + j] != wanted[j]) continue outer;
            }
            return true;
        }
        return false;
    }
}

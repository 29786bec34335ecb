package dev.postern.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

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
        long self = ProcessHandle.current().pid();
        long group = group(Path.of("/proc/self/stat"));
        if (group <= 0) return;
        byte[] wanted = ("\0" + MARK + "=" + mark + "\0").getBytes(StandardCharsets.UTF_8);
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> isPid(p.getFileName().toString()))) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                if (pid == self || group(proc.resolve("stat")) != group || !carries(proc.resolve("environ"), wanted)) continue;
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (IOException | RuntimeException noProc) {
            // not Linux, or /proc not readable: the descendants were all we could find
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

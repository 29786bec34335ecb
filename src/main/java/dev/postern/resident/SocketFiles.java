package dev.postern.resident;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the owner's socket of a data directory is, and the checks both ends make on it. Used by the client
 * before anything else of postern is loaded: no lambdas, no string concatenation (see {@link Wire}).
 */
public final class SocketFiles {
    private SocketFiles() {}

    /** The socket's name in the data directory. */
    public static final String NAME = "owner.sock";

    /** A Unix socket's path must fit in 108 bytes (sun_path) with its NUL; this leaves room for the temporary name. */
    private static final int MAX_PATH = 100;

    /**
     * {@code DATA_DIR/owner.sock}; when that path is too long for a Unix socket, {@code /tmp/postern-UID/HASH.sock}
     * (the directory private to the user, the hash of the data directory's absolute path).
     */
    public static Path socketFor(Path dataDir) {
        Path abs = dataDir.toAbsolutePath().normalize();
        Path inDir = abs.resolve(NAME);
        if (inDir.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_PATH) return inDir;
        long h = 0xcbf29ce484222325L; // FNV-1a over the path's bytes
        for (byte b : abs.toString().getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        StringBuilder dir = new StringBuilder("/tmp/postern-").append(ownUid());
        return Path.of(dir.toString(), new StringBuilder(Long.toHexString(h)).append(".sock").toString());
    }

    /**
     * Where each serving owner leaves a file named by its pid (holding its data directory): the launchers look here,
     * without reading the config, to guess whether a command will be served and a client-only JVM will do
     * ({@code $XDG_RUNTIME_DIR/postern-owners}, else {@code ${XDG_CACHE_HOME:-$HOME/.cache}/postern-owners}, the
     * variables taken when set and not empty, as the launchers' shell does). A hint only: a wrong guess costs one
     * short JVM, never a different result. Null when there is no home to put it in.
     */
    public static Path ownersDir(Map<String, String> env) {
        String base = env.get("XDG_RUNTIME_DIR");
        if (base == null || base.isEmpty()) {
            base = env.get("XDG_CACHE_HOME");
            if (base == null || base.isEmpty()) {
                String home = env.get("HOME");
                if (home == null || home.isEmpty()) return null;
                base = new StringBuilder(home).append("/.cache").toString();
            }
        }
        return Path.of(base, "postern-owners");
    }

    /** The uid this process runs as (the owner of /proc/self); -1 when it cannot be told. */
    public static int ownUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Why the socket file may not be trusted, or null when it may: it must be a socket, belong to this
     * process's uid and be readable and writable by its owner only (0600). A client refuses to send its
     * command (and its environment) through anything else; the owner makes it so before it listens.
     */
    public static String untrusted(Path socket) {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(socket, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            return null; // gone or unreadable: connecting will say so
        }
        int mode = (Integer) a.get("mode");
        int uid = (Integer) a.get("uid");
        if ((mode & 0170000) != 0140000) return new StringBuilder(socket.toString()).append(" is not a socket").toString();
        int own = ownUid();
        if (own >= 0 && uid != own) {
            return new StringBuilder(socket.toString()).append(" belongs to uid ").append(uid).append(", not to you (uid ")
                    .append(own).append(')').toString();
        }
        if ((mode & 077) != 0) {
            return new StringBuilder(socket.toString()).append(" has mode 0").append(Integer.toOctalString(mode & 0777))
                    .append(", open to other users (it must be 0600)").toString();
        }
        return null;
    }

    /**
     * Whether some process holds a POSIX lock on {@code file} (as the owner holds store.lock), read from
     * /proc/locks without taking the lock, so looking never gets in the way of an owner starting. False
     * when it cannot be told.
     */
    public static boolean lockHeld(Path file) {
        return lockHolder(file) >= 0;
    }

    /**
     * The pid of the process holding a POSIX lock on {@code file} (as {@link #lockHeld}); 0 when one holds it
     * but its pid cannot be read, -1 when none does or it cannot be told.
     */
    public static long lockHolder(Path file) {
        long inode;
        try {
            Object ino = Files.getAttribute(file, "unix:ino");
            inode = ((Number) ino).longValue();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        String locks;
        try {
            locks = new String(Files.readAllBytes(Path.of("/proc/locks")), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        // "1: POSIX  ADVISORY  WRITE 4242 08:01:1234567 0 EOF": the fifth field the pid, the sixth major:minor:inode.
        String want = new StringBuilder(":").append(inode).toString();
        int start = 0;
        while (start < locks.length()) {
            int end = locks.indexOf('\n', start);
            if (end < 0) end = locks.length();
            String line = locks.substring(start, end);
            start = end + 1;
            if (line.indexOf("->") >= 0) continue; // a process waiting for the lock, not holding it
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && f[5].endsWith(want) && f[5].indexOf(':') != f[5].lastIndexOf(':')) {
                try {
                    return Math.max(0, Long.parseLong(f[4]));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return -1;
    }

    /**
     * Whether process {@code pid} is stopped (SIGSTOP, Ctrl-Z: state T; or t, stopped by a debugger), from the state
     * field of /proc/PID/stat, which follows the last ')'. False when it cannot be told.
     */
    public static boolean stopped(long pid) {
        char state = state(pid);
        return state == 'T' || state == 't';
    }

    /**
     * Whether process {@code pid} is there and not stopped (running, sleeping, waiting on the disk): an owner shown alive,
     * one that is busy (a long GC, a loaded machine) rather than gone. False when it cannot be told, or it is a zombie.
     */
    public static boolean running(long pid) {
        char state = state(pid);
        return state != 0 && state != 'T' && state != 't' && state != 'Z' && state != 'X' && state != 'x';
    }

    /** The state field of /proc/PID/stat, which follows the last ')'; 0 when it cannot be read. */
    private static char state(long pid) {
        if (pid <= 0) return 0;
        try {
            String stat = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "stat")), StandardCharsets.US_ASCII);
            int close = stat.lastIndexOf(')');
            if (close < 0 || close + 2 >= stat.length()) return 0;
            return stat.charAt(close + 2);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Whether process {@code pid} runs {@code postern daemon} (its command line holds "daemon" then "run" or "start"). */
    public static boolean daemon(long pid) {
        if (pid <= 0) return false;
        try {
            String[] argv = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .split("\0");
            for (int i = 0; i + 1 < argv.length; i++) {
                if (argv[i].equals("daemon") && (argv[i + 1].equals("run") || argv[i + 1].equals("start"))) return true;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}

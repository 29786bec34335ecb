package dev.postern.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The owner-only (0700) directories postern makes in the temporary directory for what it hands to other programs: the
 * copy of an attachment a viewer opens ({@code postern-view-}), a served reader's pipe files ({@code postern-pipe-}),
 * the attachment reader's ({@code postern-tika-}), a draft the editor edits ({@code postern-draft-}). Each is named
 * {@code PREFIX<pid>-<random>}, the pid that of the postern that made it.
 * <p>
 * A {@link #directory} is removed, with what it holds, when this process ends by SIGTERM, SIGINT or SIGHUP (a shutdown
 * hook) if it is still there: before, a viewer running when postern was ended left the mail's decoded attachment in
 * /tmp for ever (hunt 36-S, S1). A kill -9 runs no hook: the first such directory a later postern makes first sweeps
 * the user's own stale ones ({@link #sweep}): a real directory of this user's, whose postern is no longer running,
 * untouched for an hour. A concurrent postern's directory carries its live pid and is left alone.
 * <p>
 * A {@link #draftFile}'s directory is never removed at the end nor swept: it holds what the user typed, which the
 * reader's own end keeps in the drafts directory (ui.ComposeExit); it goes with the draft ({@link #removeWithDirectory}).
 * Before, the reader's draft was a bare file in /tmp, the editor's swap and backup files beside it (hunt 36-S, S4).
 */
public final class PrivateTemp {
    /** Prefixes of the directories a later postern sweeps when their postern is gone. */
    static final List<String> SWEPT = List.of("postern-view-", "postern-pipe-", "postern-tika-");
    /** How long a directory whose postern is gone is left (a viewer it orphaned may still be reading its file). */
    static final Duration STALE = Duration.ofHours(1);
    /** A directory named without a pid (by a postern before 36), whose maker cannot be asked: left a day. */
    static final Duration STALE_UNNAMED = Duration.ofDays(1);
    static final String DRAFT = "postern-draft-";

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    private static boolean hooked;
    private static boolean swept;

    private PrivateTemp() {}

    /**
     * A new owner-only directory {@code prefix<pid>-<random>} in the temporary directory, removed with what it holds
     * by {@link #remove}, or when the process ends if it is still there. The first in a process sweeps stale ones.
     */
    public static Path directory(String prefix) throws IOException {
        Path dir = make(prefix);
        LIVE.add(dir);
        hookOnce();
        sweepOnce(dir);
        return dir;
    }

    /**
     * A new empty owner-only (0600) file {@code name} in a directory of its own ({@code postern-draft-<pid>-<random>},
     * 0700): for the draft the user's editor edits, its swap and backup files beside it, out of sight of other users.
     * Not removed when the process ends: the one who made it keeps or removes it ({@link #removeWithDirectory}).
     */
    public static Path draftFile(String name) throws IOException {
        Path dir = make(DRAFT);
        Path file = dir.resolve(name);
        try {
            Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), owner("rw-------")).close();
        } catch (IOException | RuntimeException e) {
            remove(dir);
            throw e;
        }
        return file;
    }

    /** Removes {@code dir} and all it holds; what cannot be removed is left (it is the user's alone). */
    public static void remove(Path dir) {
        if (dir == null) return;
        try {
            deleteTree(dir);
        } catch (IOException | UncheckedIOException e) {
            // a leftover in an owner-only directory; a later postern sweeps it
        } finally {
            LIVE.remove(dir);
        }
    }

    /**
     * Removes {@code file} and, when it is in a directory of {@link #draftFile}'s (what the editor left there with it:
     * swap, backup files), that directory; a file elsewhere is only removed.
     */
    public static void removeWithDirectory(Path file) {
        if (file == null) return;
        Path dir = file.getParent();
        if (dir != null && dir.getFileName() != null && dir.getFileName().toString().startsWith(DRAFT)) {
            remove(dir);
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // an owner-only file; harmless where it is
        }
    }

    /** {@code file}'s directory removed when it is a {@link #draftFile}'s and {@code file} has gone from it (moved away). */
    public static void removeDirectoryOf(Path file) {
        if (file == null || Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return;
        removeWithDirectory(file);
    }

    /**
     * The temporary directory: {@code TMPDIR} when it names an absolute directory, as every Unix program takes it, else
     * {@code java.io.tmpdir}. The JVM sets java.io.tmpdir to /tmp on Linux whatever TMPDIR says, so with /tmp full,
     * read-only or not the user's to use (pam_tmpdir) postern failed to open an attachment, edit a draft or start the
     * demo while TMPDIR named a directory that would do (hunt 43-P, P4).
     */
    public static Path root() {
        return root(System.getenv("TMPDIR"), System.getProperty("java.io.tmpdir"));
    }

    static Path root(String tmpdir, String javaTmp) {
        if (tmpdir != null && tmpdir.startsWith("/")) {
            try {
                Path p = Path.of(tmpdir);
                if (Files.isDirectory(p)) return p;
            } catch (java.nio.file.InvalidPathException e) {
                // a name the locale's charset cannot hold: java.io.tmpdir
            }
        }
        return Path.of(javaTmp);
    }

    private static Path make(String prefix) throws IOException {
        String name = prefix + ProcessHandle.current().pid() + "-";
        try {
            return POSIX ? Files.createTempDirectory(root(), name, owner("rwx------")) : Files.createTempDirectory(root(), name);
        } catch (UnsupportedOperationException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static FileAttribute<?> owner(String perms) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms));
    }

    private static synchronized void hookOnce() {
        if (hooked) return;
        hooked = true;
        ShutdownHooks.add(new Thread(() -> {
            for (Path dir : List.copyOf(LIVE)) remove(dir);
        }, "postern-private-temp"));
    }

    private static void sweepOnce(Path made) {
        synchronized (PrivateTemp.class) {
            if (swept) return;
            swept = true;
        }
        try {
            Object uid = Files.getAttribute(made, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            sweep(made.getParent(), uid, Instant.now());
        } catch (IOException | RuntimeException e) {
            // no unix attributes, or the directory cannot be listed: nothing swept
        }
    }

    /**
     * Removes from {@code tmp} the stale directories of {@link #SWEPT}: named with a prefix there, a directory itself (no
     * link), owned by {@code uid}, its postern (the pid in its name) not running, and not modified for {@link #STALE}
     * ({@link #STALE_UNNAMED} for a name without a pid). What was removed.
     */
    static List<Path> sweep(Path tmp, Object uid, Instant now) throws IOException {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(tmp, "postern-*")) {
            for (Path dir : s) {
                String name = dir.getFileName().toString();
                String prefix = SWEPT.stream().filter(name::startsWith).findFirst().orElse(null);
                if (prefix == null) continue;
                try {
                    Map<String, Object> a = Files.readAttributes(dir, "unix:uid,mode,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
                    if (!uid.equals(a.get("uid")) || ((Integer) a.get("mode") & 0170000) != 0040000) continue;
                    long pid = pid(name.substring(prefix.length()));
                    if (pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                    Instant modified = ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toInstant();
                    if (modified.plus(pid > 0 ? STALE : STALE_UNNAMED).isAfter(now)) continue;
                    deleteTree(dir);
                    removed.add(dir);
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile, or not ours to read: left
                }
            }
        }
        return removed;
    }

    /** The pid of {@code <pid>-<random>}, or -1 for a name without one. */
    static long pid(String rest) {
        int dash = rest.indexOf('-');
        if (dash <= 0) return -1;
        try {
            return Long.parseLong(rest.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}

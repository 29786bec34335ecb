package dev.postern.store;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.mapdb.DB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of the MapDB files in the data directory, below the records: making one so that a crash or a
 * full disk can never leave a half-made file under its real name, telling a file that never held a
 * commit from one that did, moving a damaged one aside, and keeping every file private (0600).
 *
 * <p>MapDB writes a new file's header straight into the file and grows it before its first commit, so a
 * process killed in its first moments used to leave an empty or cut-off {@code store.db} that never opened
 * again. Here a new file is built under {@code NAME.new}, committed, closed, synced and only then renamed
 * to its name; the rename is atomic, so {@code NAME} is either absent or complete.
 *
 * <p>Every MapDB file is opened with MapDB's own file lock off: the data directory's {@code store.lock}
 * (see {@link MapDbStore}) is the one lock, taken once per process. MapDB's lock is never released when
 * its open throws (it keeps the channel), so with it on a failed open made the next open in the same
 * process fail as "in use by another process".
 */
public final class StoreFiles {
    private static final Logger log = LoggerFactory.getLogger(StoreFiles.class);
    static final String NEW_SUFFIX = ".new";
    /** The copy {@code store compact} writes beside the store (see StoreMaintenance.compact). */
    static final String COMPACT_SUFFIX = ".compact";
    static final String DAMAGED_SUFFIX = ".damaged-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private StoreFiles() {}

    /** Opens or creates the MapDB file {@code file} through plain file I/O; see {@link StoreVolumes}. */
    static DB open(Path file) {
        return StoreVolumes.open(file, false);
    }

    /**
     * As {@link #open(Path)}, through {@link FileVolume}: whole 1 MiB slices, positional I/O with a bounded cache
     * of hot pages (the store file; MapDB's own {@code RandomAccessFileVol} is slower, a locked seek and read a call).
     */
    static DB openCached(Path file) {
        return StoreVolumes.open(file, true);
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    static void createPrivateDirectory(Path dir) {
        if (Files.isDirectory(dir)) return;
        try {
            if (posix()) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            if (Files.exists(dir)) { // a file of that name: the config names it, neither its parent nor the disk is wrong (hunt 42-H, H7)
                throw new PosternException(ExitCode.CONFIG, "the data directory " + dir + " is a file, not a directory; point"
                        + " data_dir at a directory (or move the file away)", e);
            }
            String link = null;
            for (Path p = dir.toAbsolutePath(); p != null && link == null; p = p.getParent()) link = brokenLink(p);
            if (link != null) throw new PosternException(ExitCode.IOERR, "cannot create the data directory " + dir + ": " + link, e);
            throw new PosternException(ExitCode.IOERR, "cannot create the data directory " + dir + " (" + rootMessage(e)
                    + "); check that its parent exists and is writable", e);
        }
    }

    /**
     * What is wrong with {@code p} (the data directory or one above it) when it is a symbolic link that leads to no file (a data_dir linked to a disk
     * not mounted, a loop), or null: the failure named the link twice and advised on its parent (hunt 34-C, C11).
     */
    static String brokenLink(Path p) {
        if (!Files.isSymbolicLink(p) || Files.exists(p)) return null;
        try {
            Path target = Files.readSymbolicLink(p);
            Path reached = p.resolveSibling(target);
            boolean loop = Files.exists(reached, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.exists(reached);
            return p + " is a symbolic link to " + target + (loop ? ", which leads to no file (a loop of links, or one"
                    + " that leads nowhere)" : ", which does not exist") + "; create it, or point data_dir elsewhere";
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Creates {@code file} empty and owner-only from its first byte, if it does not exist (its mode is then made
     * owner-only too): a file made with the umask's mode and narrowed after could be read, or left behind by a full
     * disk, at 0644.
     */
    public static void createPrivate(Path file) throws IOException {
        if (posix()) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                return;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                makePrivate(file);
                return;
            }
        }
        if (!Files.exists(file)) Files.createFile(file);
    }

    /** Makes {@code file} readable and writable by its owner only; quiet when it is gone or not POSIX. */
    public static void makePrivate(Path file) {
        if (!posix()) return;
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            // gone already (a log MapDB just deleted), or not ours to change: the directory is private
        }
    }

    /**
     * The logs of {@code file}: MapDB's write-ahead logs {@code NAME.wal.0}, {@code NAME.wal.1}... and the
     * commit journal {@code NAME.journal} (see {@link JournaledVolume}).
     */
    static List<Path> walFiles(Path file) {
        List<Path> out = new ArrayList<>();
        String prefix = file.getFileName() + ".wal.";
        String journal = file.getFileName() + JournaledVolume.SUFFIX;
        try (var siblings = Files.list(file.getParent())) {
            siblings.filter(p -> p.getFileName().toString().startsWith(prefix) || p.getFileName().toString().equals(journal))
                    .sorted().forEach(out::add);
        } catch (IOException e) {
            // no directory listing: opening the file will say what is wrong
        }
        return out;
    }

    /**
     * Deletes MapDB's {@code NAME.wal.N} files beside {@code file}: the log now lives in memory, and MapDB
     * never read these back, so they are what an older postern (or a crash of one) left.
     */
    static void removeOldLogs(Path file) {
        String prefix = file.getFileName() + ".wal.";
        for (Path p : walFiles(file)) {
            if (!p.getFileName().toString().startsWith(prefix)) continue;
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                log.warn("could not remove {}, a log no postern reads ({})", p, e.getMessage());
            }
        }
    }

    /** The file and its logs, made private (a sealed journal left by a crash is finished at open; MapDB never reads its own logs back). */
    static void makeAllPrivate(Path file) {
        makePrivate(file);
        for (Path wal : walFiles(file)) makePrivate(wal);
    }

    /**
     * Whether {@code file} never held a commit: empty, or nothing but zeros (the length a crash left
     * before the header was written), with no log to replay. Such a file holds nothing to keep.
     */
    static boolean neverCommitted(Path file) {
        try {
            if (!walFiles(file).isEmpty()) return false;
            if (Files.size(file) == 0) return true;
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    for (int i = 0; i < n; i++) if (buf[i] != 0) return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Removes what a crash while making {@code file} left: {@code NAME.new} and its logs; and, when
     * {@code file} itself is missing, logs of it, which belong to no store (replayed into a new file they
     * would write stray pages into it).
     */
    static void removeLeftovers(Path file) {
        Path tmp = sibling(file, NEW_SUFFIX);
        List<Path> stray = new ArrayList<>(walFiles(tmp));
        stray.add(tmp);
        if (!Files.exists(file)) stray.addAll(walFiles(file));
        for (Path p : stray) {
            try {
                if (Files.deleteIfExists(p)) log.info("removed {}, left by a postern that stopped while creating {}", p, file);
            } catch (IOException e) {
                throw new PosternException(ExitCode.IOERR, "cannot remove " + p + ", left by an interrupted start ("
                        + rootMessage(e) + "); check the data directory's permissions", e);
            }
        }
    }

    /**
     * Removes {@code copy} and its logs, a file a postern killed while {@code doing} left beside the store; the
     * caller holds the data directory's lock, so no one is writing it. One that cannot be removed is only logged:
     * it is never opened as the store, and the next open tries again.
     */
    static void removeStray(Path copy, String doing) {
        for (Path p : concat(walFiles(copy), copy)) {
            try {
                if (Files.deleteIfExists(p)) log.info("removed {}, left by a postern that stopped while {}", p, doing);
            } catch (IOException e) {
                log.warn("cannot remove {}, left by a postern that stopped while {}", p, doing, e);
            }
        }
    }

    /**
     * Makes a new MapDB file at {@code file}, with {@code init} run on it and committed, so that {@code file}
     * never exists half-made: built as {@code NAME.new} (without the journal: {@link StoreVolumes#openUnjournaled}), synced
     * once, renamed, the directory synced. A failure
     * (a full disk) removes what it wrote and says so; {@code file} stays absent and the next run starts
     * over.
     */
    static void createAtomically(Path file, String what, Consumer<DB> init) {
        Path tmp = sibling(file, NEW_SUFFIX);
        removeLeftovers(file);
        DB db = null;
        try {
            // Plain file I/O, not memory mapping: on a full disk a mapped write is a signal that takes the
            // process down, a plain one an exception this can clean up after.
            db = StoreVolumes.openUnjournaled(tmp); // no journal, no fsync per commit: materialise forces it once
            makePrivate(tmp);
            init.accept(db);
            db.commit();
            db.close();
            db = null;
            materialise(tmp);
            if (!walFiles(tmp).isEmpty()) throw new IOException("MapDB left a log beside the new file after closing it");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(file.getParent());
        } catch (IOException | RuntimeException e) {
            if (db != null) {
                try {
                    db.close();
                } catch (RuntimeException ignored) {
                    // already failing
                }
            }
            for (Path p : concat(walFiles(tmp), tmp)) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // the next run removes it first
                }
            }
            throw new PosternException(ExitCode.IOERR, "cannot create " + what + " " + file + " (" + rootMessage(e)
                    + "); nothing was left half-made: free some disk space or fix the directory's permissions, then retry", e);
        }
    }

    /**
     * Moves {@code file} and its logs aside as {@code NAME.damaged-<UTC time>} (the logs keep MapDB's names
     * beside it, so the moved file still opens as it was). Returns the new name.
     */
    static Path moveAside(Path file) {
        Path aside = sibling(file, DAMAGED_SUFFIX + STAMP.format(Instant.now()));
        for (int i = 2; Files.exists(aside); i++) aside = sibling(file, DAMAGED_SUFFIX + STAMP.format(Instant.now()) + "-" + i);
        try {
            List<Path> logs = walFiles(file);
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            for (Path wal : logs) {
                String suffix = wal.getFileName().toString().substring(file.getFileName().toString().length());
                Files.move(wal, sibling(aside, suffix), StandardCopyOption.ATOMIC_MOVE);
            }
            syncDirectory(file.getParent());
            return aside;
        } catch (IOException e) {
            throw new PosternException(ExitCode.IOERR, "the store " + file + " is damaged and could not be moved aside to "
                    + aside + " (" + rootMessage(e) + "); move it aside yourself, then retry", e);
        }
    }

    /**
     * Writes every block of {@code file} back in place, then syncs it. MapDB grows a file by setting its
     * length, which leaves holes that take disk space only when first written; through the memory map
     * such a write on a full disk is a SIGBUS, not an exception. A new file with its blocks allocated
     * fails here instead, on a full disk, where the failure can be cleaned up and reported.
     */
    static void materialise(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(64 * 1024);
            long size = ch.size();
            for (long pos = 0; pos < size; pos += buf.capacity()) {
                buf.clear();
                int n = ch.read(buf, pos);
                if (n <= 0) break;
                buf.flip();
                while (buf.hasRemaining()) ch.write(buf, pos + buf.position());
            }
            ch.force(true);
        }
    }

    /** Makes a rename or a new name in {@code dir} durable (Linux: fsync on the directory). */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not supported on this system: the rename is atomic still, only perhaps not yet durable
        }
    }

    static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private static List<Path> concat(List<Path> list, Path one) {
        List<Path> out = new ArrayList<>(list);
        out.add(one);
        return out;
    }

    /** The innermost cause's own words ("No space left on device"), not a chain of class names. */
    /** The innermost cause's own words ("No space left on device"), not a chain of class names. */
    public static String rootMessage(Throwable e) {
        String cause = SystemCause.words(e);
        if (cause != null) return cause;
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }

    /** Whether {@code e} comes from the operating system (a full disk, a permission), not from the bytes read. */
    static boolean fromTheSystem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException) return false;
            if (t instanceof IOException) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }
}

package dev.postern.model;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What is at a name postern writes in a directory another user may also write (an export's output directory, the
 * log's fallback in /tmp): looked at without following a link, so a link or a file someone else planted at a name
 * postern foresees is never written through, nor taken for postern's own (hunt36-S, S5 and S8). A file postern
 * creates there is created exclusively (O_CREAT|O_EXCL, which fails on any name that exists, a link included) and
 * owner-only.
 */
public final class OwnFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<?>[] PRIVATE = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
            : new FileAttribute<?>[0];

    private OwnFiles() {}

    /** What a name holds, seen without following a link. */
    public enum Kind {
        ABSENT, OWN_FILE, OWN_DIRECTORY, LINK, OTHERS,
        /** A fifo, a socket, a device: nothing postern writes. */
        OTHER_TYPE;

        /** The words for a name that is not postern's to write: "is a symbolic link", "belongs to another user"... */
        public String words() {
            return switch (this) {
                case LINK -> "is a symbolic link";
                case OTHERS -> "belongs to another user";
                case OTHER_TYPE -> "is not a regular file";
                case OWN_DIRECTORY -> "is a directory";
                case OWN_FILE -> "is a file";
                case ABSENT -> "does not exist";
            };
        }
    }

    /** What {@code p} is, not following a link; where there are no owners (not POSIX), a file or directory counts as own. */
    public static Kind kind(Path p) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            return Kind.ABSENT;
        }
        if (a.isSymbolicLink()) return Kind.LINK;
        if (!a.isRegularFile() && !a.isDirectory()) return Kind.OTHER_TYPE;
        if (POSIX && !Integer.valueOf(uid()).equals(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
            return Kind.OTHERS;
        }
        return a.isDirectory() ? Kind.OWN_DIRECTORY : Kind.OWN_FILE;
    }

    /**
     * The uid this process runs as (-1 where there is none). resident.SocketFiles.ownUid reads the same for the client
     * jar, which holds only the classes a thin client loads (not this one).
     */
    public static int uid() {
        return Uid.VALUE;
    }

    private static final class Uid {
        static final int VALUE = read();

        private static int read() {
            if (!POSIX) return -1;
            try {
                return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            } catch (IOException | RuntimeException noProc) {
                return -1; // every file then counts as another user's: refused, never written through
            }
        }
    }

    /** The mode bits of {@code p} (following a link), or -1 where there are none. */
    public static int mode(Path p) throws IOException {
        if (!POSIX) return -1;
        Map<String, Object> a = Files.readAttributes(p, "unix:mode");
        return (Integer) a.get("mode");
    }

    /**
     * A new file at {@code p}, created exclusively and 0600, never through a link: FileAlreadyExistsException when
     * anything is there. {@code more}: further options (APPEND, READ).
     */
    public static FileChannel createNew(Path p, OpenOption... more) throws IOException {
        Set<OpenOption> o = new HashSet<>(Set.of(more));
        o.add(StandardOpenOption.CREATE_NEW);
        o.add(StandardOpenOption.WRITE);
        o.add(LinkOption.NOFOLLOW_LINKS);
        return FileChannel.open(p, o, PRIVATE);
    }

    /**
     * The existing file {@code p} opened with {@code options} (never following a link), provided it is a regular file of
     * this user's both before and after the opening, and the same one; else an {@link IOException} naming what is there.
     */
    public static FileChannel openOwn(Path p, OpenOption... options) throws IOException {
        Kind before = kind(p);
        if (before != Kind.OWN_FILE) throw new NotOwn(p, before);
        Object key = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        Set<OpenOption> o = new HashSet<>(Set.of(options));
        o.add(LinkOption.NOFOLLOW_LINKS);
        FileChannel ch = FileChannel.open(p, o);
        try {
            Kind after = kind(p);
            Object now = after == Kind.ABSENT ? null
                    : Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (after != Kind.OWN_FILE || (key != null && !key.equals(now))) throw new NotOwn(p, after == Kind.OWN_FILE ? Kind.OTHERS : after);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** A name that holds something not postern's to write (a link, another user's file): {@link #kind()} says which. */
    public static final class NotOwn extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Path path;
        private final Kind kind;

        public NotOwn(Path path, Kind kind) {
            super(path + " " + kind.words());
            this.path = path;
            this.kind = kind;
        }

        public Path path() { return path; }

        public Kind kind() { return kind; }
    }
}

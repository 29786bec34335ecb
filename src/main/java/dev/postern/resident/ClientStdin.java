package dev.postern.resident;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * What a client gave its owner of its standard input for a command that sends mail (hunt 36-K: `postern send < msg`
 * whose daemon was killed before it had kept the text left no draft, no outbox entry, no copy, while the client pointed
 * at the outbox and the drafts). The bytes relayed ({@link Wire#STDIN}) are held here, in memory up to {@link #MEMORY},
 * beyond that in an unlinked file of the drafts directory (so that nothing is left by a normal end, nor by this process
 * killed), up to {@link #MOST}. When the owner is lost before the command ended (died, or given up as stopped), the
 * command's text is written to {@code drafts/perhaps-sent-DATE-TIME.eml} (0600 in a 0700 directory of this user's, never
 * through a link): what was relayed, and, for a command line that reads its text from a standard input that is no
 * terminal ({@link ClientSilence#readsText}), the rest of it, still unread, to its end. "perhaps-sent": the owner may
 * have sent it; the sentence says to look at the outbox first. A command that ended (the owner's EXIT, a refusal among
 * them) keeps nothing. The Perl client does the same (packaging/client/postern-client.pl, {@code keep_given}), in the
 * same words. Loaded by the client-only JVM: no lambdas, no string concatenation (see {@link Client}).
 */
final class ClientStdin {
    /** Held in memory up to this; the client-only JVM has a 64 MB heap. */
    static final int MEMORY = 1 << 20;
    /** The most kept: backend.SessionProperties.MAX_MESSAGE_BYTES, the largest message postern takes (not loaded here). */
    static final long MOST = 256L << 20;
    /** The kept file's name: the owner may have sent it. */
    static final String PREFIX = "perhaps-sent-";

    private final Map<String, String> env;
    private byte[] held = new byte[8192];
    private int length;
    private FileChannel spool; // unlinked: gone with this process
    private long total;
    private boolean over;
    private String failed; // why the spool could not be written: nothing is kept
    private String said; // what keep said: asked again (an owner dead as it was given up), the same

    ClientStdin(Map<String, String> env) {
        this.env = env;
    }

    /** {@code n} bytes of {@code b} given to the owner. */
    void relayed(byte[] b, int off, int n) {
        if (n <= 0 || over) return;
        if (total + n > MOST) {
            n = (int) (MOST - total);
            over = true;
        }
        total += n;
        if (failed != null) return;
        if (spool == null && length + n <= MEMORY) {
            if (length + n > held.length) held = java.util.Arrays.copyOf(held, Math.min(MEMORY, Math.max(length + n, held.length * 2)));
            System.arraycopy(b, off, held, length, n);
            length += n;
            return;
        }
        try {
            if (spool == null) {
                spool = spooled();
                write(spool, held, 0, length);
                held = null;
            }
            write(spool, b, off, n);
        } catch (IOException e) {
            failed = why(e);
            drop();
        }
    }

    /**
     * Keeps what the command was given; {@code rest}: also the rest of {@code in}, to its end. Returns what the client
     * says of it (a sentence with a leading space), or "" when the command was given nothing.
     */
    String keep(InputStream in, boolean rest) {
        if (said == null) said = kept(in, rest);
        return said;
    }

    private String kept(InputStream in, boolean rest) {
        if (rest && in != null) {
            byte[] b = new byte[65536];
            try {
                int n;
                while (!over && (n = in.read(b)) > 0) relayed(b, 0, n);
            } catch (IOException e) {
                // what was read is kept
            }
        }
        if (total == 0) return "";
        if (failed == null) {
            Path target = null;
            try {
                Path dir = drafts();
                String stamp = stamp();
                for (int n = 1; target == null; n++) {
                    Path p = dir.resolve(new StringBuilder(PREFIX).append(stamp).append(n == 1 ? "" : new StringBuilder("-").append(n))
                            .append(".eml").toString());
                    try {
                        FileChannel ch = createNew(p, false);
                        target = p;
                        try {
                            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------")); // whatever the umask
                            if (spool == null) write(ch, held, 0, length);
                            else for (long at = 0; at < total; ) at += spool.transferTo(at, total - at, ch);
                        } finally {
                            ch.close();
                        }
                    } catch (FileAlreadyExistsException taken) {
                        // another in the same second: the next name
                    }
                }
                drop();
                StringBuilder b = new StringBuilder(over ? " The first 256 MiB of the text given to it on standard input (the rest was not kept) is kept in "
                        : " The text given to it on standard input is kept in ");
                return b.append(target).append("; it may or may not have gone out.").toString();
            } catch (IOException | RuntimeException e) {
                failed = why(e);
                if (target != null) {
                    try {
                        Files.deleteIfExists(target); // no half copy
                    } catch (IOException | RuntimeException left) {
                        // named nowhere
                    }
                }
            }
        }
        drop();
        return new StringBuilder(" The text given to it on standard input could not be kept (").append(failed).append(").").toString();
    }

    /** The command ended (or its text is kept): the spool goes. */
    void drop() {
        held = null;
        if (spool == null) return;
        try {
            spool.close();
        } catch (IOException e) {
            // closed
        }
        spool = null;
    }

    /** The drafts directory, made owner-only if missing; an IOException when it is a link or not this user's. */
    private Path drafts() throws IOException {
        Path dir = Path.of(ClientSilence.drafts(env));
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            // said below, in the words the Perl client has too
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new IOException(new StringBuilder("cannot make ").append(dir).toString());
        }
        if (a.isSymbolicLink()) throw new IOException(new StringBuilder().append(dir).append(" is a symbolic link").toString());
        if (!a.isDirectory()) throw new IOException(new StringBuilder().append(dir).append(" is not a directory").toString());
        Object uid = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (!Integer.valueOf(SocketFiles.ownUid()).equals(uid)) {
            throw new IOException(new StringBuilder().append(dir).append(" belongs to another user").toString());
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    /** A new file in the drafts directory, unlinked at once: its bytes live as long as this process holds it. */
    private FileChannel spooled() throws IOException {
        Path dir = drafts();
        for (int n = 1; ; n++) {
            Path p = dir.resolve(new StringBuilder("relaying-").append(ProcessHandle.current().pid()).append('-').append(n).toString());
            try {
                FileChannel ch = createNew(p, true);
                Files.delete(p);
                return ch;
            } catch (FileAlreadyExistsException taken) {
                // left by another: the next name
            }
        }
    }

    /** A new file, 0600, created exclusively (O_EXCL: never through a link, nor over anything there). */
    private static FileChannel createNew(Path p, boolean read) throws IOException {
        java.util.Set<java.nio.file.OpenOption> o = new java.util.HashSet<>();
        o.add(StandardOpenOption.CREATE_NEW);
        o.add(StandardOpenOption.WRITE);
        o.add(LinkOption.NOFOLLOW_LINKS);
        if (read) o.add(StandardOpenOption.READ);
        return FileChannel.open(p, o, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    private static void write(FileChannel ch, byte[] b, int off, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, n);
        while (buf.hasRemaining()) ch.write(buf);
    }

    /** DATE-TIME as the drafts' other names have it (KeptDraft, the Perl client's localtime). */
    private static String stamp() {
        java.time.LocalDateTime t = java.time.LocalDateTime.now();
        StringBuilder b = new StringBuilder();
        two(two(two(two(two(b.append(t.getYear()), t.getMonthValue()), t.getDayOfMonth()).append('-'), t.getHour()), t.getMinute()),
                t.getSecond());
        return b.toString();
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append(v < 10 ? "0" : "").append(v);
    }

    /** An I/O failure in the C library's words, as the Perl client's $! says it. */
    static String why(Exception e) {
        if (e instanceof AccessDeniedException) return "Permission denied";
        if (e instanceof NoSuchFileException) return "No such file or directory";
        if (e instanceof FileAlreadyExistsException) return "File exists";
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) return ((FileSystemException) e).getReason();
        return String.valueOf(e.getMessage());
    }
}

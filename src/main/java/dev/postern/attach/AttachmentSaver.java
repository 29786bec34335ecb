package dev.postern.attach;

import java.io.IOException;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes an attachment inside one directory under its {@link SafeName}, never over an existing file or
 * through a symbolic link planted at the name, and never half: the content goes to a new temporary file in the same
 * directory (created exclusively, 0600: attachments are mail), which is then hard-linked to the name (link(2) fails
 * on any existing name, a link included, and never follows one) and removed; a taken name gets " (1)", " (2)"...
 * before its extension, up to 999, then " (part N)" after the part's index. A write that fails (a full disk: hunt 27, F16) removes the temporary file and leaves no file
 * under the attachment's name, so the retry gets that name, not "contract (1).pdf" beside an empty one. Where hard
 * links are not supported, the temporary file is renamed to a name found free. The content is written as a stream
 * ({@link Body}: a large attachment never whole in memory) and forced to the disk before it is given its name.
 */
public final class AttachmentSaver {
    private AttachmentSaver() {}

    /** What is written: the content (streamed: an attachment kept in a file), or (tests) a write that fails part-way. */
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** @return the file written, inside {@code dir} */
    public static Path save(Path dir, String untrustedName, int index, byte[] content) throws IOException {
        return save(dir, untrustedName, index, out -> out.write(content));
    }

    /** As {@link #save(Path, String, int, byte[])}, the content written by {@code body} as a stream. */
    public static Path save(Path dir, String untrustedName, int index, Body body) throws IOException {
        Path real = dir.toRealPath();
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(real)) {
            throw new IOException(dir + " is not a directory");
        }
        String name = SafeName.of(untrustedName, index);
        Path part = Files.createTempFile(real, ".postern-", ".part",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
                body.writeTo(out);
                out.flush();
                channel.force(true); // on the disk before it has its name: a crash never leaves a short file named
            }
            Path first = real.resolve(name);
            if (placed(real, part, first)) return first;
            // A message of 3,000 parts all named a.txt (hunt 41-H, H4): the numbers go on from the last one taken here
            // (each save of this name tried every number from 1 again: 16 s for 1,000), and past 999 the part's index,
            // which no other part of the message has, names it.
            Path key = first;
            int from = TAKEN.getOrDefault(key, 0) + 1;
            for (int n = from; n < NUMBERS; n++) {
                Path target = real.resolve(numbered(name, Integer.toString(n)));
                if (placed(real, part, target)) {
                    remember(key, n);
                    return target;
                }
            }
            remember(key, NUMBERS);
            for (int k = 0; k < NUMBERS; k++) {
                Path target = real.resolve(numbered(name, "part " + index + (k == 0 ? "" : ", " + k)));
                if (placed(real, part, target)) return target;
            }
            throw new FileAlreadyExistsException(real.resolve(name).toString(), null, NUMBERS + " files named like " + name
                    + " and " + NUMBERS + " named for its part " + index + " already exist in " + real);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** How many numbered names " (n)" one name is given before the part's index is used instead. */
    private static final int NUMBERS = 1000;

    /** The last number given to a name in a directory, in this process: where the next save of that name starts. */
    private static final java.util.Map<Path, Integer> TAKEN = new java.util.concurrent.ConcurrentHashMap<>();

    private static void remember(Path key, int n) {
        if (TAKEN.size() > 10_000) TAKEN.clear(); // a hint only: a daemon saving for years keeps no more
        TAKEN.put(key, n);
    }

    /** Whether {@code part} now has the name {@code target}; false when the name is taken. */
    private static boolean placed(Path real, Path part, Path target) throws IOException {
        if (!real.equals(target.getParent()) || !target.normalize().equals(target)) {
            throw new IOException("refusing a file name that leaves " + real); // SafeName makes this unreachable
        }
        try {
            place(part, target);
            return true;
        } catch (FileAlreadyExistsException taken) {
            return false;
        }
    }

    /** {@code part} under the name {@code target}, which must not exist (FileAlreadyExistsException when it does). */
    private static void place(Path part, Path target) throws IOException {
        try {
            Files.createLink(target, part);
        } catch (FileAlreadyExistsException taken) {
            throw taken;
        } catch (IOException | UnsupportedOperationException noLinks) {
            // A file system without hard links (vfat, some FUSE): a rename to a name not taken.
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(target.toString());
            Files.move(part, target);
        }
    }

    static String numbered(String name, int n) {
        return numbered(name, Integer.toString(n));
    }

    private static String numbered(String name, String n) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) + " (" + n + ")" + name.substring(dot) : name + " (" + n + ")";
    }
}

package dev.postern.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * The drafts directory of the state directory ({@code STATE/drafts}): where a message that was not sent is kept,
 * outliving a reboot (/tmp is a tmpfs swept of old files), as {@code PREFIXyyyyMMdd-HHmmss[-N].eml} in the user's
 * zone ({@link Zones#clock}), the directory 0700 and each file 0600 whatever the umask. The one way such a file is
 * made: the reader (ui.DraftOnDisk), the batch commands (cli.DraftEditing) and a served reader's client
 * (resident.KeptDraft) each wrote their own, one of them in the owner's zone.
 */
public final class KeptDrafts {
    /** A message not sent (cut or killed before its final dot, a reader that ended with it open). */
    public static final String UNSENT = "unsent-";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private KeptDrafts() {}

    /** {@code stateDir}/drafts, made owner-only (and narrowed if it was not). */
    public static Path directory(Path stateDir) throws IOException {
        Path dir = stateDir.resolve("drafts");
        OwnerOnly.directories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    /** {@code text} in a new file {@code prefix}STAMP.eml of the drafts directory; no half file is left on a failure. */
    public static Path write(Path stateDir, String prefix, byte[] text) throws IOException {
        Path dir = directory(stateDir);
        String stamp = LocalDateTime.now(Zones.clock()).format(STAMP);
        for (int n = 1; ; n++) {
            Path file = dir.resolve(name(prefix, stamp, n));
            try (SeekableByteChannel ch = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                ByteBuffer b = ByteBuffer.wrap(text);
                while (b.hasRemaining()) ch.write(b);
                return file;
            } catch (FileAlreadyExistsException taken) {
                continue; // another in the same second: the next name
            } catch (IOException failed) {
                Files.deleteIfExists(file);
                throw failed;
            }
        }
    }

    /**
     * {@code file} moved into the drafts directory as {@code prefix}STAMP.eml (across file systems: copied, then
     * deleted), and the private temporary directory it was in removed with the editor's leftovers; where it is now.
     * A failure leaves it whole where it was (thrown).
     */
    public static Path settle(Path file, Path stateDir, String prefix) throws IOException {
        Path dir = directory(stateDir);
        String stamp = LocalDateTime.now(Zones.clock()).format(STAMP);
        for (int n = 1; ; n++) {
            Path target = dir.resolve(name(prefix, stamp, n));
            try {
                Files.move(file, target); // never over another draft
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            PrivateTemp.removeDirectoryOf(file);
            try {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException | RuntimeException e) {
                // the directory is the owner's alone either way
            }
            return target;
        }
    }

    /**
     * The messages not sent kept in {@code stateDir}/drafts ({@link #UNSENT}*.eml), oldest first; none when there is no
     * such directory. What {@code postern recall} lists beside the Drafts folder (hunt 39-Y, Y9: nothing listed them).
     */
    public static java.util.List<Path> unsent(Path stateDir) {
        Path dir = stateDir.resolve("drafts");
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return java.util.List.of();
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(UNSENT) && f.getFileName().toString().endsWith(".eml")
                    && Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        } catch (IOException | RuntimeException e) {
            return java.util.List.of();
        }
    }

    private static String name(String prefix, String stamp, int n) {
        return prefix + stamp + (n == 1 ? "" : "-" + n) + ".eml";
    }
}

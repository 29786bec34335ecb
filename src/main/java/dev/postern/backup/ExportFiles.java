package dev.postern.backup;

import dev.postern.model.ExitCode;
import dev.postern.model.OwnFiles;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The names an export writes in its output directory, every one foreseeable ({@code .INBOX.mbox.part}, {@code
 * INBOX.mbox}, {@code .postern-export}...), so another user who can write there could plant a link at one
 * ({@code .INBOX.mbox.part -> ~/.profile}) and have the mailbox written over any file of the user's, or a
 * {@code .postern-export} of his own (hunt36-S, S5). Here nothing is written through a link: a file an export
 * creates is created exclusively (O_EXCL, 0600), one it appends to, cuts back, reads as its state or renames over
 * must be a regular file of the user's own, and a directory it writes into must be one. Anything else at such a
 * name (a link, another user's file) stops the export before it writes, with {@link #refused}.
 */
final class ExportFiles {
    private ExportFiles() {}

    /** Every channel an export writes through passes here: tests give one whose writes fail, as on a full disk. */
    static java.util.function.UnaryOperator<FileChannel> channels = java.util.function.UnaryOperator.identity();

    /**
     * OUT made (0700) when missing. One any user may write is not refused (a USB stick mounted umask=000 shows 0777, and
     * cannot be changed): every name the export writes there is checked and opened without following a link, so a
     * planted link or file stops it; only a swap in the moment between a check and an open is left to such a directory.
     */
    static void directory(Path out) throws IOException {
        PrivateFiles.directories(out);
    }

    /** A directory of the export's own inside OUT: made 0700 when missing, else it must be a directory of the user's. */
    static void subdirectory(Path dir) throws IOException {
        OwnFiles.Kind k = OwnFiles.kind(dir);
        if (k == OwnFiles.Kind.ABSENT) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                return;
            } catch (FileAlreadyExistsException raced) {
                k = OwnFiles.kind(dir);
            } catch (UnsupportedOperationException notPosix) {
                Files.createDirectory(dir);
                return;
            }
        }
        if (k != OwnFiles.Kind.OWN_DIRECTORY) throw new OwnFiles.NotOwn(dir, k);
    }

    /**
     * Before anything is written: every name the export will write at the top of OUT and of each folder holds nothing
     * or what an export of the user's left there, so a planted link refuses the export before its first byte.
     */
    static void check(Path out, java.util.List<String> bases, Exporter.Format format) throws IOException {
        own(out.resolve(Exporter.STATE));
        own(out.resolve(Exporter.STATE + ".tmp"));
        for (String base : bases) {
            if (format == Exporter.Format.MBOX) {
                own(out.resolve(base + ".mbox"));
                own(out.resolve("." + base + ".mbox.part"));
                continue;
            }
            Path target = out.resolve(base);
            ownDirectory(target);
            if (format == Exporter.Format.MAILDIR && OwnFiles.kind(target) != OwnFiles.Kind.ABSENT) {
                for (String d : java.util.List.of("cur", "new", "tmp")) ownDirectory(target.resolve(d));
            }
        }
    }

    private static void ownDirectory(Path dir) throws IOException {
        OwnFiles.Kind k = OwnFiles.kind(dir);
        if (k != OwnFiles.Kind.ABSENT && k != OwnFiles.Kind.OWN_DIRECTORY) throw new OwnFiles.NotOwn(dir, k);
    }

    /** Whether {@code file} holds a regular file of the user's; false when nothing is there; NotOwn for anything else. */
    static boolean own(Path file) throws IOException {
        OwnFiles.Kind k = OwnFiles.kind(file);
        if (k == OwnFiles.Kind.ABSENT) return false;
        if (k != OwnFiles.Kind.OWN_FILE) throw new OwnFiles.NotOwn(file, k);
        return true;
    }

    /**
     * A new file at {@code file} (a part or temporary file of the export's): one of the user's left there by an export
     * that was killed is removed first; anything else there is refused.
     */
    static FileChannel fresh(Path file, OpenOption... more) throws IOException {
        if (own(file)) Files.delete(file);
        try {
            return channels.apply(OwnFiles.createNew(file, more));
        } catch (FileAlreadyExistsException raced) {
            throw new OwnFiles.NotOwn(file, OwnFiles.kind(file));
        }
    }

    /** The user's regular file {@code file}, opened with {@code options}, never through a link. */
    static FileChannel existing(Path file, OpenOption... options) throws IOException {
        return channels.apply(OwnFiles.openOwn(file, options));
    }

    /** Removes {@code file} when it is the user's own regular file; a link or another user's file is left and refused. */
    static void removeOwn(Path file) throws IOException {
        if (own(file)) Files.deleteIfExists(file);
    }

    /** Renames {@code from} (the export's own new file) to {@code to}, which must hold nothing or the user's own file. */
    static void replace(Path from, Path to) throws IOException {
        own(to);
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Sets the modification time of the file at {@code file} itself, never of what a link there leads to. */
    static void modified(Path file, FileTime time) throws IOException {
        Files.getFileAttributeView(file, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(time, null, null);
    }

    /** The sentence for a name in OUT that is not the export's to write: exit 77, nothing written there. */
    static PosternException refused(Path out, OwnFiles.NotOwn e) {
        return new PosternException(ExitCode.NOPERM, "refusing to export into " + out + ": " + e.path() + " "
                + e.kind().words() + ", and an export writes only files of its own there, never through a link nor into"
                + " another user's file; it was left as it is. Remove it if it is yours to remove, or export to a"
                + " directory only you can write.", e);
    }
}

package dev.postern.backup;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What an export creates is mail, so it is created owner-only whatever the umask, as the store is (and as mbsync
 * writes a Maildir): files 0600 (model/OwnFiles, through ExportFiles) and directories 0700 from their first byte.
 * Files and directories that exist already keep their mode.
 */
final class PrivateFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<?>[] DIRECTORY = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
            : new FileAttribute<?>[0];

    private PrivateFiles() {}

    /** {@link Files#createDirectories}, each directory it makes owner-only. */
    static void directories(Path dir) throws IOException {
        Files.createDirectories(dir, DIRECTORY);
    }
}

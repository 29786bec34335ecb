package dev.postern.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Directories postern makes: every one owner-only (0700), the missing parents too ({@code ~/.local},
 * {@code ~/.local/state}, {@code ~/.cache}), whatever the umask. Under {@code umask 000} they were made 0777, and
 * another local user could rename {@code ~/.local/state} and plant a {@code postern/} of their own (the log, the
 * unsent drafts) in its place (hunt 34-C, C8). Directories that exist are left as they are.
 */
public final class OwnerOnly {
    private OwnerOnly() {}

    private static final boolean POSIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private static final FileAttribute<?>[] DIRECTORY = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
            : new FileAttribute<?>[0];

    /** {@link Files#createDirectories}, each directory it makes 0700. */
    public static Path directories(Path dir) throws IOException {
        return Files.createDirectories(dir, DIRECTORY);
    }
}

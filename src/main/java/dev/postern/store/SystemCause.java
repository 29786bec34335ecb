package dev.postern.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names why the system refused a file operation, where Java's own words are the path alone (an
 * {@link AccessDeniedException}'s message is just the file) or the locale's text: "permission denied on FILE (owned by
 * USER, rw-------)", "the file system holding FILE is read-only" (EROFS, told by asking the file system, not by the
 * message's language). The advice that goes with it, so that neither is told to check free disk space (hunt F, F15).
 */
final class SystemCause {
    enum Kind { PERMISSION, READ_ONLY, OTHER }

    private SystemCause() {}

    static Kind kind(Throwable e) {
        Path file = file(e);
        if (file == null) return Kind.OTHER;
        IOException io = io(e);
        String reason = io instanceof FileSystemException f ? f.getReason() : io.getMessage();
        if (reason != null && reason.endsWith("Read-only file system") || readOnly(file)) return Kind.READ_ONLY;
        boolean denied = io instanceof AccessDeniedException
                || io instanceof FileNotFoundException && String.valueOf(io.getMessage()).endsWith("(Permission denied)");
        return denied ? Kind.PERMISSION : Kind.OTHER;
    }

    /** The cause in words for a permission or a read-only file system, else null (the caller's own words then). */
    static String words(Throwable e) {
        Kind k = kind(e);
        if (k == Kind.OTHER) return null;
        Path file = file(e);
        if (k == Kind.READ_ONLY) return "the file system holding " + file + " is read-only";
        Path there = Files.exists(file) ? file : file.getParent();
        String who = there == null ? "" : " (" + (there == file ? "" : "its directory ") + "owned by " + owner(there) + ")";
        return "permission denied on " + file + who;
    }

    /** What to do about it, for a sentence that ends "..., then retry"; {@code otherwise} for any other cause. */
    static String advice(Throwable e, String otherwise) {
        return switch (kind(e)) {
            case PERMISSION -> "run postern as the user who owns the data directory, or give that user the file back";
            case READ_ONLY -> "postern writes its lock and journal beside the store even to read it: remount the file"
                    + " system read-write, or copy the data directory to a writable place and point data_dir at the copy";
            case OTHER -> otherwise;
        };
    }

    private static String owner(Path p) {
        try {
            String mode = "";
            try {
                mode = ", " + java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
            } catch (UnsupportedOperationException | IOException noModes) {
                // the owner alone
            }
            return Files.getOwner(p).getName() + mode;
        } catch (IOException | RuntimeException e) {
            return "another user";
        }
    }

    /** The innermost I/O exception in the chain. */
    private static IOException io(Throwable e) {
        IOException found = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException i) found = i;
        }
        return found;
    }

    /** The file the system refused, from the exception (FileSystemException's file, "PATH (reason)" of the old API). */
    private static Path file(Throwable e) {
        IOException io = io(e);
        try {
            if (io instanceof FileSystemException f && f.getFile() != null) return Path.of(f.getFile());
            if (io instanceof FileNotFoundException && io.getMessage() != null) {
                String m = io.getMessage();
                int cut = m.lastIndexOf(" (");
                if (cut > 0 && m.startsWith("/")) return Path.of(m.substring(0, cut));
            }
        } catch (RuntimeException badPath) {
            // not a path after all
        }
        return null;
    }

    private static boolean readOnly(Path file) {
        for (Path p = file; p != null; p = p.getParent()) {
            try {
                if (Files.exists(p)) return Files.getFileStore(p).isReadOnly();
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        return false;
    }
}

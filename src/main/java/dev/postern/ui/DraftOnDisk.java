package dev.postern.ui;

import dev.postern.compose.Draft;
import dev.postern.compose.DraftFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The review screen's draft file: owner-only, in the temporary directory; written before each round in the editor
 * and read back after it. Deleted once the message is sent, postponed or discarded; kept, with what the review
 * screen shows, when the reader ends with the message still open ({@link #keep}), so that quitting never loses it.
 */
final class DraftOnDisk {
    private Path file;

    private DraftOnDisk(Path file) {
        this.file = file;
    }

    static DraftOnDisk create() throws IOException {
        try {
            return new DraftOnDisk(Files.createTempFile("postern-draft-", ".eml",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
        } catch (UnsupportedOperationException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    Path path() { return file; }

    void write(Draft d) throws IOException {
        Files.writeString(file, DraftFile.write(d), StandardCharsets.UTF_8);
    }

    Draft read(Draft before) throws IOException {
        return DraftFile.read(Files.readString(file, StandardCharsets.UTF_8), before);
    }

    void delete() {
        if (file == null) return;
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a private temporary file; the OS cleans it up
        }
        file = null;
    }

    /**
     * {@code d} written to the file, which is kept and returned; null (the file deleted) when {@code d} holds nothing
     * the user wrote: no recipient, subject, body or attachment.
     */
    Path keep(Draft d) {
        if (file == null) return null;
        if (d.to().isEmpty() && d.cc().isEmpty() && d.bcc().isEmpty() && d.subject().isBlank() && d.body().isBlank()
                && d.attachments().isEmpty()) {
            delete();
            return null;
        }
        try {
            write(d);
        } catch (IOException e) {
            // the file keeps what the editor last saved
        }
        Path kept = file;
        file = null;
        return kept;
    }

    /**
     * A kept draft moved out of the temporary directory into {@code stateDir}/drafts (owner-only), where it outlives a
     * reboot: /tmp is a tmpfs on Debian 13 and is swept of old files. Returns where it is now: its old place when
     * there is no state directory or the move fails (the file is still whole there).
     */
    static Path settle(Path kept, Path stateDir) {
        return settle(kept, stateDir, "unsent-");
    }

    /** As {@link #settle(Path, Path)}, named {@code prefix}DATE-TIME.eml ("perhaps-sent-": the server may have it). */
    static Path settle(Path kept, Path stateDir, String prefix) {
        if (kept == null || stateDir == null) return kept;
        try {
            Path dir = stateDir.resolve("drafts");
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            Path target = dir.resolve(prefix + stamp + ".eml");
            for (int n = 2; Files.exists(target); n++) target = dir.resolve(prefix + stamp + "-" + n + ".eml");
            Files.move(kept, target); // across file systems: a copy, then the temporary file deleted
            try {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException | RuntimeException e) {
                // the directory is the owner's alone either way
            }
            return target;
        } catch (IOException | RuntimeException e) {
            return kept;
        }
    }
}

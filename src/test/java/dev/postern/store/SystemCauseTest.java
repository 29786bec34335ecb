package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that cannot be opened for a permission or a read-only file system says so, not just the path, and is not
 * told to check free disk space (F15 of hunt 27).
 */
class SystemCauseTest {
    @TempDir
    Path dir;

    @Test
    void aPermissionIsNamedWithTheOwner() throws IOException {
        Path lock = Files.createFile(dir.resolve("store.lock"));
        String m = StoreOpening.openFailure(dir.resolve("store.db"),
                new UncheckedIOException(new AccessDeniedException(lock.toString()))).getMessage();
        String owner = Files.getOwner(lock).getName();
        assertTrue(m.contains("(permission denied on " + lock + " (owned by " + owner + ", rw"), m);
        assertTrue(!m.contains("disk space") && m.contains("run postern as the user who owns the data directory"), m);
        String journal = StoreFiles.rootMessage(new AccessDeniedException(dir.resolve("store.db.journal").toString()));
        assertTrue(journal.startsWith("permission denied on " + dir.resolve("store.db.journal") + " (its directory owned by "
                + owner), journal);
    }

    @Test
    void aReadOnlyFileSystemIsNamed() throws IOException {
        Path lock = dir.resolve("store.lock");
        String m = StoreOpening.openFailure(dir.resolve("store.db"),
                new UncheckedIOException(new FileSystemException(lock.toString(), null, "Read-only file system"))).getMessage();
        assertTrue(m.contains("(the file system holding " + lock + " is read-only)") && m.contains("remount"), m);
        assertTrue(!m.contains("disk space"), m);
    }

    @Test
    void aFullDiskKeepsItsAdvice() {
        String m = StoreOpening.openFailure(dir.resolve("store.db"),
                new UncheckedIOException(new IOException("No space left on device"))).getMessage();
        assertTrue(m.contains("(No space left on device); check free disk space"), m);
    }
}

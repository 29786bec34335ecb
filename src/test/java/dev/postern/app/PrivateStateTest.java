package dev.postern.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state directory (log, histories) is the user's alone, whatever the umask or an earlier postern left. */
class PrivateStateTest {
    @TempDir Path dir;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewStateDirectoryAndLogAreOwnerOnly() throws Exception {
        Path state = dir.resolve("state").resolve("postern");
        Logging.privateDirectory(state);
        Logging.privateFile(state.resolve("postern.log"));
        assertEquals("rwx------", mode(state));
        assertEquals("rw-------", mode(state.resolve("postern.log")));
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), mode(dir), "a parent is left as it was");
    }

    @Test
    void anOpenStateDirectoryLeftBeforeIsNarrowed() throws Exception {
        Path state = Files.createDirectories(dir.resolve("postern"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = Files.createFile(state.resolve("postern.log"));
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r-----"));
        Logging.privateDirectory(state);
        Logging.privateFile(log);
        assertEquals("rwx------", mode(state));
        assertEquals("rw-r-----", mode(log), "an existing log keeps the mode its owner gave it");
    }
}

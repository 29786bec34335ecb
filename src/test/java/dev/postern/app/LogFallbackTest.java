package dev.postern.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 27, F11: with no usable state directory the log fell back to /tmp/postern-USER.log, created 0644 and opened
 * through whatever symbolic link was planted at that foreseeable name.
 */
class LogFallbackTest {
    @TempDir Path tmp;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    /** hunt37-J J2: run as root with HOME=/nonexistent, postern made that directory for its log; it is not made now. */
    @Test
    void aHomeThatDoesNotExistIsNotMadeForTheLog() throws Exception {
        Path missing = tmp.resolve("nonexistent");
        org.junit.jupiter.api.Assertions.assertThrows(java.nio.file.NoSuchFileException.class,
                () -> Logging.stateDir(java.util.Map.of("HOME", missing.toString())));
        assertFalse(Files.exists(missing, LinkOption.NOFOLLOW_LINKS));
        assertEquals(tmp.resolve(".local/state/postern"), Logging.stateDir(java.util.Map.of("HOME", tmp.toString())));
        assertEquals(missing.resolve("postern"), Logging.stateDir(java.util.Map.of("HOME", tmp.toString(), "XDG_STATE_HOME", missing.toString())));
    }

    @Test
    void theFallbackLogIsCreatedOwnerOnly() throws Exception {
        Path log = Logging.fallback(tmp, "u");
        assertEquals(tmp.resolve("postern-u.log"), log);
        assertEquals("rw-------", mode(log));
    }

    @Test
    void aLinkPlantedAtTheNameIsNotFollowed() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "keep");
        Files.createSymbolicLink(tmp.resolve("postern-u.log"), victim);
        Path log = Logging.fallback(tmp, "u");
        assertNotEquals(tmp.resolve("postern-u.log"), log);
        assertTrue(Files.isRegularFile(log, LinkOption.NOFOLLOW_LINKS), log.toString());
        assertEquals("rw-------", mode(log));
        assertEquals("rwx------", mode(log.getParent()));
        assertEquals("keep", Files.readString(victim));
    }

    @Test
    void anOwnLogLeftOpenToOthersIsNarrowed() throws Exception {
        Path old = Files.writeString(tmp.resolve("postern-u.log"), "old lines\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(old, Logging.fallback(tmp, "u"));
        assertEquals("rw-------", mode(old));
    }
}

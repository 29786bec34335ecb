package dev.postern.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 27, F13: a config of 3 GB ended in an OutOfMemoryError's stack trace (exit 1), and /dev/zero as the config grew
 * the JVM until it was killed. Both readers of the config (the loader, and the thin client before it) refuse what
 * cannot be a config at once: the loader in one sentence with 78, the client by leaving the command to the loader.
 */
@Timeout(20)
class ConfigFileLimitsTest {
    @TempDir Path dir;

    private PosternException refused(Path config) {
        PosternException e = assertThrows(PosternException.class, () -> new ConfigLoader(Map.of("HOME", dir.toString())).load(config));
        assertEquals(ExitCode.CONFIG, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().startsWith("config " + config + ": cannot be read (it "), e.getMessage());
        return e;
    }

    @Test
    void aHugeConfigIsRefusedInOneSentence() throws Exception {
        Path huge = dir.resolve("huge.toml");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: 3 GB that take no room
        }
        assertTrue(refused(huge).getMessage().contains("more than 1 MiB"));
        assertNull(dev.postern.resident.ClientProbe.dataDir(huge, dir), "the client leaves it to the loader");
    }

    @Test
    void aDeviceAsTheConfigIsRefusedAtOnce() throws Exception {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero));
        assertTrue(refused(zero).getMessage().contains("not a regular file"));
        assertNull(dev.postern.resident.ClientProbe.dataDir(zero, dir), "the client leaves it to the loader");
    }
}

package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plain-file MapDB volume loads lz4-java's native library; its copy in java.io.tmpdir must not outlive a kill. */
class Lz4LibraryTest {
    @TempDir
    Path dir;

    @Test
    void theNativeLibrarysCopyIsUnlinkedOnceLoaded() throws Exception {
        StoreFiles.open(dir.resolve("plain.db")).close();
        List<String> lz4 = Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains("liblz4-java")).toList();
        assertFalse(lz4.isEmpty(), "lz4-java's native library is not loaded: this test checks nothing here");
        for (String line : lz4) {
            assertTrue(line.endsWith("(deleted)"), "the copy a SIGKILL would leave in the temp directory is still there: " + line);
        }
    }
}

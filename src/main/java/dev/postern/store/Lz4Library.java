package dev.postern.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * lz4-java, which MapDB loads for its hashing the first time a store opens ({@code org.mapdb.CC}, from {@code DB}'s
 * class initialisation), copies its native library into {@code java.io.tmpdir} as {@code liblz4-java*.so} and deletes the copy only when the JVM
 * exits cleanly (deleteOnExit): every postern killed with SIGKILL, or that crashed, left 59 KB in /tmp for good.
 * {@link #loadUnlinked} loads the library first and unlinks the copy at once; the loaded library stays mapped,
 * and lz4-java, finding itself loaded, does not copy it again.
 *
 * <p>The shaded jar that postern ships leaves the native library out (pom.xml's shade filter): there
 * {@code Native.load} finds nothing to copy and lz4-java hashes with its Java XXHash, which gives the same values,
 * so a start that opens the store copies, loads and unlinks nothing (17 ms less; bench/STARTUP.md). This class
 * still serves the unshaded class path (tests, an IDE), where lz4-java's own jar brings the library.
 */
final class Lz4Library {
    private static volatile boolean done;

    private Lz4Library() {}

    /** Once per process, before MapDB's hashing is first touched; never throws (MapDB falls back to Java code). */
    static void loadUnlinked() {
        if (done) return;
        synchronized (Lz4Library.class) {
            if (done) return;
            done = true;
            try {
                net.jpountz.util.Native.load();
            } catch (Throwable t) {
                return; // no native library for this system: lz4-java uses its Java code, and copies nothing
            }
            unlinkLoadedCopies();
        }
    }

    /** Deletes every {@code liblz4-java*} file this process has mapped that is still on disk. */
    static void unlinkLoadedCopies() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash < 0 || !line.contains("liblz4-java") || line.endsWith("(deleted)")) continue;
                Path copy = Path.of(line.substring(slash));
                if (copy.getFileName().toString().startsWith("liblz4-java")) Files.deleteIfExists(copy);
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not ours to delete: the copy stays until the JVM's clean exit, as before
        }
    }
}

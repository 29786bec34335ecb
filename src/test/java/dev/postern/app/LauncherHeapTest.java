package dev.postern.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launchers' heap for a command (postern-options.sh, postern_heap_for): a listing into the store starts with a
 * larger heap (fewer full collections), the reader and the rest keep the small one, and POSTERN_JAVA_OPTS wins.
 */
class LauncherHeapTest {
    private static String heapFor(String optsEnv, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c",
                ". \"$0\"; postern_heap_for \"$@\"; printf '%s' \"$postern_heap\"",
                Path.of("packaging/archive/postern-options.sh").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("POSTERN_JAVA_OPTS");
        if (optsEnv != null) pb.environment().put("POSTERN_JAVA_OPTS", optsEnv);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    @Test
    void listingsIntoTheStoreStartWithTheLargerHeapAndOnlyThey() throws Exception {
        assertEquals("-Xms32m", heapFor(null, "sync"));
        assertEquals("-Xms32m", heapFor(null, "fetch", "--json"));
        assertEquals("-Xms32m", heapFor(null, "--config", "/x/list.toml", "list", "--json"));
        assertEquals("-Xms32m", heapFor(null, "-a", "list", "list", "Archive"));
        assertEquals("", heapFor(null, "list", "--cached", "--limit", "50"));
        assertEquals("", heapFor(null, "--config", "/c.toml", "list", "--cached=true"));
        assertEquals("", heapFor(null), "the reader");
        assertEquals("", heapFor(null, "--config", "/c.toml", "Archive"), "the reader on a folder");
        assertEquals("", heapFor(null, "search", "list"));
        assertEquals("", heapFor(null, "daemon", "start"));
        assertEquals("", heapFor("-Xmx1g", "sync"), "POSTERN_JAVA_OPTS replaces all of them");
    }
}

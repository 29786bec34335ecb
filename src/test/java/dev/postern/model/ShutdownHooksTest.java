package dev.postern.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A hook added once the JVM's shutdown has begun (a Ctrl-C in a process's first half second, before its door added
 * its hook) is refused without an exception: before, Runtime's IllegalStateException reached the user as "internal
 * error ... Shutdown in progress" (hunt 30-Q, 6). Checked in a JVM of its own, whose shutdown is under way.
 */
class ShutdownHooksTest {
    /** The child: adds, from inside its own shutdown, another hook, and says what came of it. */
    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            String said;
            try {
                said = "added " + ShutdownHooks.add(new Thread(() -> { }));
            } catch (RuntimeException e) {
                said = "threw " + e;
            }
            System.out.println(said);
            System.out.flush();
        }));
        System.exit(0);
    }

    @Test
    void aHookAddedDuringShutdownIsRefusedQuietly() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), ShutdownHooksTest.class.getName())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("added false", out);
        assertTrue(ShutdownHooks.add(new Thread(() -> { })), "in a running JVM a hook is added");
    }
}

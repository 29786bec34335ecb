package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The process plumbing the end-to-end tests stand on, proven with the JVM itself. */
class PosternProcessTest {

    @Test
    void capturesExitCodeAndStderrOfJavaVersion() {
        PosternProcess.Result result = PosternProcess.command(PosternProcess.javaBinary(), "-version")
                .timeout(Duration.ofSeconds(30))
                .run();

        result.assertExitCode(0).assertNoStackTrace();
        // java -version prints to stderr, never stdout: proves the streams are not mixed up.
        assertTrue(result.stderr().contains(System.getProperty("java.specification.version")), result.describe());
        assertEquals("", result.stdout(), result.describe());
    }

    @Test
    void reportsNonZeroExitAndFlagsTheExceptionInItsOutput() {
        PosternProcess.Result result = PosternProcess.command(
                        PosternProcess.javaBinary(), "-cp", "/nonexistent", "NoSuchMainClass")
                .timeout(Duration.ofSeconds(30))
                .run();

        assertEquals(1, result.exitCode(), result.describe());
        // The launcher prints "Caused by: java.lang.ClassNotFoundException": the guard must catch it.
        AssertionError error = assertThrows(AssertionError.class, result::assertNoStackTrace);
        assertTrue(error.getMessage().contains("NoSuchMainClass"), error.getMessage());
        assertThrows(AssertionError.class, () -> result.assertExitCode(0));
    }

    @Test
    void feedsStdinAndPassesEnvironment() {
        // A shell is the smallest program that echoes both; the point is the plumbing, not the shell.
        PosternProcess.Result result = PosternProcess.command("/bin/sh", "-c", "printf '%s:' \"$POSTERN_X\"; cat")
                .env("POSTERN_X", "from-env")
                .stdin("from-stdin ✓")
                .timeout(Duration.ofSeconds(30))
                .run();

        result.assertExitCode(0);
        assertEquals("from-env:from-stdin ✓", result.stdout());
    }

    @Test
    void killsAChildAndItsDescendantsThatOutliveTheTimeout() {
        // The shell reports the pid of its own child, so the test can see that one die too: a
        // postern that spawned a viewer must not leave it behind when a test gives up on it.
        PosternProcess.TimedOut timedOut = assertThrows(PosternProcess.TimedOut.class, () -> PosternProcess.command(
                        "/bin/sh", "-c", "sleep 120 & echo $!; wait")
                .timeout(Duration.ofMillis(1500))
                .run());

        long grandchild = Long.parseLong(timedOut.stdout().trim());
        assertFalse(alive(timedOut.pid()), "child survived: " + timedOut.getMessage());
        assertFalse(alive(grandchild), "grandchild survived: " + timedOut.getMessage());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}

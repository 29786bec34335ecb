package dev.postern.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runs a reader ends when it quits (hunt 32-V, C1): SIGTERM, SIGKILL after the grace; none after the end. */
class ChildProcessesRunsTest {
    @TempDir Path dir;

    private static boolean ended(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return true;
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z"); // killed, left for an init that does not reap
        } catch (IOException | RuntimeException gone) {
            return true;
        }
    }

    /** Within 20 s (a SIGKILL is delivered a moment after it is sent; a busy CI core): one left running (sleep 63) is not. */
    private static boolean endsSoon(long pid) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (!ended(pid)) {
            if (System.nanoTime() > end) return false;
            Thread.sleep(10);
        }
        return true;
    }

    @Test
    void endAllEndsWhatRunsAndWhatItStartedThenRefusesMore() throws Exception {
        ChildProcesses.Runs runs = new ChildProcesses.Runs();
        Path f = dir.resolve("child");
        Process p = runs.start(new ProcessBuilder("sh", "-c", "(trap '' TERM; exec sleep 63) & echo $! > '" + f + "'; wait"));
        long child = -1;
        try {
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (child < 0) { // until the shell has written it (a condition, not a time; the deadline is for a fault)
                String s = Files.exists(f) ? Files.readString(f).strip() : "";
                if (!s.isEmpty()) child = Long.parseLong(s);
                else if (System.nanoTime() > until) throw new AssertionError("the shell never wrote its child's pid");
                else Thread.sleep(5); // not a spin: on a busy core it took the CPU the shell needed to start
            }
            assertEquals(1, runs.running());
            runs.endAll(ChildProcesses.END_GRACE_MS);
            assertTrue(endsSoon(p.pid()), "the shell");
            assertTrue(endsSoon(child), "its child that ignores SIGTERM");
            assertThrows(IOException.class, () -> runs.start(new ProcessBuilder("true")));
        } finally {
            if (child > 0) ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void aRunThatEndedIsForgotten() throws Exception {
        ChildProcesses.Runs runs = new ChildProcesses.Runs();
        runs.start(new ProcessBuilder("true")).waitFor();
        assertEquals(0, runs.running());
        runs.endAll(ChildProcesses.END_GRACE_MS); // nothing to end: at once
    }
}

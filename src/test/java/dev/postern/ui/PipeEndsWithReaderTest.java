package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A '|' command still running when the reader quits ends with it: SIGTERM to the command and what it started, SIGKILL
 * after a short grace to what ignores that. It was left running, reparented to init, for the rest of its life (a
 * {@code | tail -f} for ever; hunt 32-V, C1).
 */
class PipeEndsWithReaderTest {
    @TempDir Path dir;

    /** Gone, or a zombie nobody reaps (the container's init may not): either way it runs no more. */
    static boolean ended(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
            } catch (java.io.IOException | RuntimeException gone) {
                return true;
            }
        }
        return true;
    }

    /** Whether {@code pid} has ended within 5 s: a command left running (sleep 60) has not. */
    static boolean endsSoon(long pid) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (!ended(pid)) {
            if (System.nanoTime() > end) return false;
            Thread.sleep(10);
        }
        return true;
    }

    private static long pid(Path f) {
        try {
            String s = Files.readString(f).strip();
            return s.isEmpty() ? -1 : Long.parseLong(s);
        } catch (java.io.IOException | RuntimeException notYet) {
            return -1;
        }
    }

    @Test
    void aPipeStillRunningWhenTheReaderQuitsIsEnded() throws Exception {
        PipeTuiTest.WithRaw c = new PipeTuiTest.WithRaw();
        c.addFolder("work", "INBOX", 3);
        Path shell = dir.resolve("shell");
        Path polite = dir.resolve("polite");
        Path stubborn = dir.resolve("stubborn");
        List<Long> pids = new ArrayList<>();
        try {
            try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
                h.awaitText("Message #3");
                h.type("|");
                h.awaitText("Pipe the message to command:");
                // The shell, a child that ends on SIGTERM, and one that ignores it (SIGKILL after the grace).
                h.type("sleep 61 & echo $! > '" + polite + "'; (trap '' TERM; exec sleep 62) & echo $! > '" + stubborn
                        + "'; echo $$ > '" + shell + "'; wait");
                h.press(KeyType.Enter);
                h.awaitScreen("the command and its children started",
                        s -> pid(shell) > 0 && pid(polite) > 0 && pid(stubborn) > 0);
                pids.addAll(List.of(pid(shell), pid(polite), pid(stubborn)));
                for (long p : pids) assertTrue(!ended(p), "running before the quit: " + p);
                h.type("q");
                h.awaitExit();
            }
            // Signalled before the reader's thread ended; a SIGKILL is delivered a moment later, under load more.
            for (long p : pids) assertTrue(endsSoon(p), "still running after the reader quit: " + p + " of " + pids);
        } finally {
            for (long p : pids) ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}

package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The reader's | (pipe-message) is done when its command ends, as in mutt (the F17 class of hunt 27). */
class PipeTest {
    @Test
    void aCommandThatLeavesAChildHoldingItsOutputIsDoneWhenItEnds() throws Exception {
        long t0 = System.nanoTime();
        try {
            Pipe.Result r = Pipe.runHere("head -c 5; echo; sleep 0.3; sleep 13.31 &", "hello world".getBytes(StandardCharsets.UTF_8));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(0, r.exitStatus());
            assertEquals("hello\n", r.output());
            assertTrue(ms < 10_000, "done when the command ended, not when its background child did: " + ms + " ms");
        } finally {
            ProcessHandle.allProcesses().filter(h -> h.info().commandLine().map(c -> c.contains("13.31")).orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
        }
    }
}

package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Ctrl-C quits the reader at once from wherever the user is, an open prompt included. */
class CtrlCQuitsTest {
    private static void awaitEnd(TuiHarness h) throws InterruptedException {
        long start = System.nanoTime();
        while (h.running()) {
            if (System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(2_000)) fail("Ctrl-C did not quit:\n" + h.screen());
            Thread.sleep(1);
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms <= 200, "Ctrl-C took " + ms + " ms");
    }

    @Test
    @Tag("quiet") // a wall-clock bound: run alone after the parallel forks (pom.xml)
    void fromAnOpenPrompt() throws Exception {
        InMemoryMailController c = new InMemoryMailController().addFolder("work", "INBOX", 3);
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("Message #3");
            h.type(":");
            h.awaitText(":");
            h.type("mov");
            h.terminal.addInput(new KeyStroke('c', true, false));
            awaitEnd(h);
        }
    }

    @Test
    @Tag("quiet") // a wall-clock bound: run alone after the parallel forks (pom.xml)
    void fromTheHelpScreenAndFromAMessageStillLoading() throws Exception {
        InMemoryMailController c = new InMemoryMailController().addFolder("work", "INBOX", 3);
        c.delayMillis = 60_000; // the body never comes
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("Message #3");
            h.press(KeyType.Enter);
            h.awaitText("Loading…");
            h.type("?");
            h.awaitText("postern keys in the pager");
            h.terminal.addInput(new KeyStroke('c', true, false));
            awaitEnd(h);
        }
    }
}

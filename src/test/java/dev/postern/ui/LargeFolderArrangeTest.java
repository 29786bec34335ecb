package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Threads in a 100,000-message folder: the flat default reads only the screen, and the whole-folder read
 * that threading needs runs off the UI thread: while it is held up, the keys still work.
 */
class LargeFolderArrangeTest {
    @Test
    void threadingABigFolderNeverBlocksTheKeys() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        InMemoryMailController c = new InMemoryMailController() {
            @Override
            public List<Envelope> page(String account, String folder, int offset, int limit) {
                if (limit > 100) { // the Arranger's whole-folder read, never the screen's window
                    try {
                        if (!release.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.page(account, folder, offset, limit);
            }
        };
        c.addFolder("work", "INBOX", 100_000);
        try (TuiHarness ui = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            ui.awaitText("Message #100000");
            ui.awaitText("flat date");
            assertTrue(c.maxLimit.get() <= 24, "the flat default reads one screenful, not " + c.maxLimit.get());
            ui.type("T");
            ui.awaitText("Arranging 100000 messages");
            // The read is stuck on the worker thread; the UI still moves.
            ui.type("jj");
            ui.awaitText("[3/100000]");
            ui.type("?");
            ui.awaitText("postern keys");
            ui.type("q");
            ui.awaitText("Message #100000");
            release.countDown();
            ui.awaitText("Arranged 100000 messages.");
            ui.awaitText("threads date");
            ui.awaitScreen("threaded order shown, cursor kept", s -> s.contains("[3/100000]") && s.contains("Message #99999"));
            assertTrue(c.maxLimit.get() > 100, "threading read the whole folder");
            ui.type("o");
            ui.awaitText("threads from");
        } finally {
            release.countDown();
        }
    }
}

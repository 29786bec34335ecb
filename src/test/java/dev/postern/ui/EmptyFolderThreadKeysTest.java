package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * z and Z in a folder with no messages, threads on: there is no thread to fold, which is what the reader says. It said
 * "Threads are off; T turns them on." while the status bar read "threads" (hunt 32-V, D2).
 */
class EmptyFolderThreadKeysTest {
    /**
     * {@code key} pressed until its answer is no longer that the threads are still being built (the order is built off
     * the screen's thread, and an empty folder shows no sign of it), then that answer.
     */
    private static String answer(TuiHarness h, String key) {
        h.type(key);
        h.awaitScreen("an answer to " + key, s -> {
            String line = h.row(h.rows() - 1);
            if (line.contains("still being built")) h.type(key);
            return line.contains("here.") || line.contains("turns them on.");
        });
        return h.row(h.rows() - 1).strip();
    }

    @Test
    void zAndZInAnEmptyThreadedFolderSayThereIsNoThreadHere() throws Exception {
        InMemoryMailController c = new InMemoryMailController();
        c.addFolder("work", "INBOX", 0);
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("work: INBOX");
            h.type("T");
            h.awaitText("Threaded view.");
            assertEquals("No thread here.", answer(h, "z"));
            h.type("T");
            h.awaitText("Flat view.");
            h.type("T");
            h.awaitText("Threaded view.");
            assertEquals("No thread here.", answer(h, "Z"));
            h.type("T");
            h.awaitText("Flat view.");
            assertEquals("Threads are off; T turns them on.", answer(h, "z")); // the sentence where it is true
        }
    }
}

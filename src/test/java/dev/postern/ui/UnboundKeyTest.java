package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.googlecode.lanterna.input.KeyType;
import org.junit.jupiter.api.Test;

/**
 * A key bound to nothing says so, as mutt does ("Key is not bound. Press '?' for help."): a mutt habit answered by
 * silence ($ to sync, x to leave) reads as a key lost (hunt 33-Z, Z11). Escape, which puts things away, stays quiet.
 */
class UnboundKeyTest {
    @Test
    void anUnboundKeySaysSoAndNamesTheHelpKey() throws Exception {
        InMemoryMailController c = new InMemoryMailController();
        c.addFolder("work", "INBOX", 3);
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("Message #3");
            h.type("$");
            h.awaitText("Key $ is not bound. Press ? for help.");
            h.press(KeyType.Escape);
            String screen = h.awaitGone("is not bound");
            assertFalse(screen.contains("<Esc>"), screen);
            h.type("j");
            h.awaitText("Message #3");
        }
    }
}

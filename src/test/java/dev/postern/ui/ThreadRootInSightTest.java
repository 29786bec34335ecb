package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * T on a reply keeps the cursor on it and shows its thread from the root when the thread fits in the window: it put the
 * reply on the top row, "└─>" with the message it answers out of sight above it (hunt 32-V, G6).
 */
@Timeout(60)
class ThreadRootInSightTest {
    @Test
    void threadsTurnedOnShowTheCursorsThreadFromItsRoot() throws Exception {
        InMemoryMailController c = new InMemoryMailController().addFolder("work", "INBOX", 200);
        InMemoryMailController.FolderData d = c.folder("work", "INBOX");
        Envelope g = d.generated(200); // the newest, on the top row: a reply to #150, 50 rows down
        d.overrides.put(200, new Envelope(g.ref(), g.messageId(), g.date(), g.from(), g.to(), g.cc(), "Reply sixty",
                g.size(), g.flags(), "<150@test>", List.of("<150@test>"), null));
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("Reply sixty");
            h.awaitText("[1/200]");
            h.type("T");
            String s = h.awaitScreen("threads around the reply", x -> x.contains("Threaded view.") && x.contains("─>"));
            int root = h.rowContaining("Message #150 ");
            int reply = h.rowContaining("Reply sixty");
            assertTrue(root >= 0 && reply == root + 1, "the root above the reply:\n" + s);
            assertTrue(h.row(reply).contains("─>"), "drawn as a reply:\n" + s);
        }
    }
}

package dev.postern.ui;

import dev.postern.controller.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hunt 34-A, A7: tags on messages another client expunged or moved stayed counted: the status bar said "4 tagged"
 * beside 2 tagged rows, and "2 tagged" with none after the others were deleted. Tags of messages that left the folder
 * now go when the folder's rows are read again.
 */
@Timeout(60)
class TagsOfGoneMessagesTest {
    @Test
    void theBarCountsOnlyTaggedMessagesStillInTheFolder() throws Exception {
        InMemoryMailController c = new InMemoryMailController().addFolder("work", "INBOX", 5);
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("Message #5");
            h.type("ttt"); // UIDs 5, 4 and 3
            h.awaitText("3 tagged");
            c.folder("work", "INBOX").size = 3; // another client expunged UIDs 4 and 5
            c.publish(new Event.FolderChanged("work", "INBOX", 0, 2));
            h.awaitText("1 tagged");
            h.awaitGone("Message #5");
        }
    }
}

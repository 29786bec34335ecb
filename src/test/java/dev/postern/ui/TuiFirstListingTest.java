package dev.postern.ui;

import dev.postern.controller.Event;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A folder's first listing fills the store while the reader shows it: what comes first is the highest message
 * numbers, which in a folder not in date order are the oldest mail, and the rest arrives above them. A cursor
 * the user has not moved stays on the first row (the newest) until that listing is done; mail that comes after
 * it moves the rows under a cursor that stays on its message, as in mutt (TuiLiveIndexTest, against GreenMail).
 */
class TuiFirstListingTest {
    @Test
    void anUntouchedCursorStaysOnTheFirstRowWhileTheFirstListingFillsTheFolder() throws Exception {
        CompletableFuture<Integer> listing = new CompletableFuture<>();
        InMemoryMailController c = new InMemoryMailController() {
            @Override
            public CompletableFuture<Integer> refreshFolder(String account, String folder) {
                return listing;
            }
        };
        c.addFolder("work", "INBOX", 100);
        try (TuiHarness ui = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            ui.awaitText("Message #100");
            ui.awaitRow(22, "[1/100]");
            // The rest of the listing lands above the first 100, in two steps.
            c.folder("work", "INBOX").size = 2_000;
            c.publish(new Event.EnvelopesLoaded("work", "INBOX", 2_000));
            ui.awaitRow(22, "[1/2000]");
            ui.awaitRow(0, "Message #2000 ");
            c.folder("work", "INBOX").size = 5_400;
            c.publish(new Event.EnvelopesLoaded("work", "INBOX", 5_400));
            ui.awaitRow(22, "[1/5400]");
            ui.awaitRow(0, "Message #5400 ");
            listing.complete(5_400);
            ui.awaitRow(22, "[1/5400]");
        }
    }

    @Test
    void aCursorTheUserMovedFollowsItsMessageDuringTheFirstListing() throws Exception {
        InMemoryMailController c = new InMemoryMailController() {
            @Override
            public CompletableFuture<Integer> refreshFolder(String account, String folder) {
                return new CompletableFuture<>(); // the first listing never ends in this test
            }
        };
        c.addFolder("work", "INBOX", 100);
        try (TuiHarness ui = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            ui.awaitText("Message #100");
            ui.type("j");
            ui.awaitRow(22, "[2/100]");
            c.folder("work", "INBOX").size = 150;
            c.publish(new Event.EnvelopesLoaded("work", "INBOX", 150));
            ui.awaitRow(22, "[52/150]");
        }
    }
}

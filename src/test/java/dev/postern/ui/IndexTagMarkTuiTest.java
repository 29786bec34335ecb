package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tag mark has a column of its own, the flags' fifth, as mutt's has: it used to be written over the space
 * between the flags and the date ({@code N   T14:20}); and the status bar says how many are tagged while any are
 * (hunt 32-V, G5).
 */
@Timeout(60)
class IndexTagMarkTuiTest {
    @Test
    void aTaggedRowKeepsTheGapBeforeTheDateAndTheBarCountsTheTagged() throws Exception {
        InMemoryMailController c = new InMemoryMailController().addFolder("work", "INBOX", 5);
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("Message #5");
            h.awaitText("[1/5]");
            assertFalse(h.screen().contains("tagged"), h.screen());
            h.type("tt");
            String s = h.awaitText("2 tagged");
            String tagged = h.row(h.rowContaining("Message #5"));
            assertTrue(tagged.matches(".*│[N ][! ][DA ][*L ]T [^ ].*"), "tag mark in its own column: " + tagged + "\n" + s);
            String untagged = h.row(h.rowContaining("Message #3"));
            assertTrue(untagged.matches(".*│[N ][! ][DA ][*L ]  [^ ].*"), "a column kept for the mark: " + untagged);
            h.type("k");
            h.type("t");
            h.awaitText("1 tagged");
            h.type("kk");
            h.type("t");
            h.awaitGone("tagged");
        }
    }
}

package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The index row's fourth flag column says L for a message kept locally only, * for a cached one otherwise.
 * The marks are read off the UI thread with the rows (the snapshot), so this goes through the reader.
 */
class IndexLocalOnlyMarkerTest {
    @Test
    void aLocalOnlyMessageShowsLWhereACachedOneShowsAStar() throws Exception {
        InMemoryMailController c = new InMemoryMailController() {
            @Override
            public boolean localOnly(MessageRef ref) {
                return ref.uid() == 2;
            }
        }.addFolder("work", "INBOX", 3);
        InMemoryMailController.FolderData d = c.folder("work", "INBOX");
        d.overrides.put(2, d.generated(2).withBodyHash("ab"));
        d.overrides.put(1, d.generated(1).withBodyHash("cd"));
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 100, 10)) {
            h.awaitText("Message #1");
            String two = h.row(h.rowContaining("Message #2"));
            String one = h.row(h.rowContaining("Message #1"));
            String three = h.row(h.rowContaining("Message #3"));
            int col = two.indexOf("N  ");
            assertTrue(two.contains("N  L"), two);
            assertTrue(one.contains("N  *"), one);
            assertTrue(three.substring(col, col + 4).equals("    "), three);
        }
    }
}

package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.postern.model.Folder;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reader's folder list shows a folder that only holds folders (Gmail's [Gmail]) without counts (hunt28-G G13). */
class SidebarContainerTest {
    @Test
    void aNoselectFolderHasNoCountsAndEndsInItsSeparator() {
        Sidebar s = new Sidebar(null, null);
        Folder gmail = new Folder("t", "[Gmail]", '/', 0, 0, Set.of("\\Noselect", "\\HasChildren"));
        assertEquals("  [Gmail]/", s.label(new Sidebar.Entry("t", gmail)).stripTrailing());
        Folder inbox = new Folder("t", "INBOX", '/', 3, 1, Set.of());
        assertEquals("  INBOX          1/3", s.label(new Sidebar.Entry("t", inbox)));
    }
}

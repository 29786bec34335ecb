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

    /**
     * Nested folders show their last component, indented by depth (mutt's sidebar_short_path, sidebar_folder_indent),
     * cut from the left with "…": the four Deep.a.b.c.d.e.f.g... siblings read alike, cut from the right (hunt 32-V, G10).
     */
    @Test
    void nestedFoldersShowTheirLastComponentIndentedAndCutFromTheLeft() {
        Sidebar s = new Sidebar(null, null);
        java.util.List<Sidebar.Entry> list = new java.util.ArrayList<>();
        list.add(new Sidebar.Entry("t", null));
        String deep = "Deep";
        for (String part : java.util.List.of("", "a", "b", "c")) {
            if (!part.isEmpty()) deep += "." + part;
            list.add(new Sidebar.Entry("t", new Folder("t", deep, '.', 0, 0, Set.of())));
        }
        list.add(new Sidebar.Entry("t", new Folder("t", "Lists.alpha", '.', 2, 1, Set.of()))); // no "Lists" listed
        list.add(new Sidebar.Entry("t", new Folder("t", "Deep.a.b.c.verylongname-one", '.', 0, 0, Set.of())));
        list.add(new Sidebar.Entry("t", new Folder("t", "Deep.a.b.c.verylongname-two", '.', 0, 0, Set.of())));
        s.apply(list);
        java.util.List<String> shown = list.stream().map(s::label).toList();
        assertEquals("  Deep           0/0", shown.get(1));
        assertEquals("   a             0/0", shown.get(2));
        assertEquals("    b            0/0", shown.get(3));
        assertEquals("     c           0/0", shown.get(4));
        assertEquals("  Lists.alpha    1/2", shown.get(5), "under no folder listed: the whole name");
        assertEquals("      …gname-one 0/0", shown.get(6));
        assertEquals("      …gname-two 0/0", shown.get(7));
    }
}

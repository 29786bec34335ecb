package dev.postern.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.postern.model.SpecialFolders.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one rule for special folders: the server's mark, else a well-known name (also under INBOX.), else a new one. */
class SpecialFoldersTest {
    private static List<Folder> folders(char sep, String... names) {
        List<Folder> out = new ArrayList<>();
        for (String n : names) {
            Set<String> attrs = n.startsWith("\\") ? Set.of(n.substring(0, n.indexOf(' '))) : Set.of();
            out.add(new Folder("t", n.startsWith("\\") ? n.substring(n.indexOf(' ') + 1) : n, sep, 0, 0, attrs));
        }
        return out;
    }

    /** The choice is the same whatever order the folders come in; a top-level or prefixed name before one under INBOX. */
    @Test
    void theChoiceDoesNotDependOnTheOrderFoldersComeIn() {
        for (List<Folder> f : List.of(folders('/', "INBOX", "INBOX/Trash", "Trash", "INBOX/Sent", "Sent"),
                folders('/', "Sent", "Trash", "INBOX/Sent", "INBOX/Trash", "INBOX"))) {
            assertEquals("Trash", SpecialFolders.find(Role.TRASH, f, ""));
            assertEquals("Sent", SpecialFolders.find(Role.SENT, f, ""));
        }
        for (List<Folder> f : List.of(folders('/', "INBOX", "\\Trash Deleted Messages", "\\Trash Trash"),
                folders('/', "\\Trash Trash", "INBOX", "\\Trash Deleted Messages"))) {
            assertEquals("Trash", SpecialFolders.find(Role.TRASH, f, ""), "two marked: the default name first");
        }
        assertEquals("INBOX/Trash", SpecialFolders.find(Role.TRASH, folders('/', "INBOX", "INBOX/Trash"), ""));
    }

    @Test
    void theServersMarkComesFirst() {
        assertEquals("Papierkorb", SpecialFolders.find(Role.TRASH, folders('/', "INBOX", "Trash", "\\Trash Papierkorb"), ""));
    }

    @Test
    void wellKnownNamesCaseInsensitivelyAndUnderThePrefix() {
        List<Folder> icloud = folders('/', "INBOX", "Deleted Messages", "Sent Messages", "Drafts", "Junk");
        assertEquals("Deleted Messages", SpecialFolders.find(Role.TRASH, icloud, ""));
        assertEquals("Sent Messages", SpecialFolders.find(Role.SENT, icloud, ""));
        List<Folder> outlook = folders('/', "INBOX", "Deleted Items", "Sent Items", "Junk E-mail");
        assertEquals("Deleted Items", SpecialFolders.find(Role.TRASH, outlook, ""));
        assertEquals("Junk E-mail", SpecialFolders.find(Role.JUNK, outlook, ""));
        List<Folder> courier = folders('.', "INBOX", "INBOX.trash", "INBOX.Sent Messages", "INBOX.Drafts");
        assertEquals("INBOX.trash", SpecialFolders.find(Role.TRASH, courier, "INBOX."));
        assertEquals("INBOX.Sent Messages", SpecialFolders.find(Role.SENT, courier, "INBOX."));
        // without NAMESPACE, a name under INBOX is still found
        assertEquals("INBOX.Drafts", SpecialFolders.find(Role.DRAFTS, courier, null));
        assertNull(SpecialFolders.find(Role.ARCHIVE, courier, "INBOX."));
        // "Trash" is preferred to "Bin" when both exist, whatever the listing's order
        assertEquals("Trash", SpecialFolders.find(Role.TRASH, folders('/', "Bin", "Trash"), ""));
    }

    @Test
    void aNewFolderGoesUnderThePrefixAndARefusalNamesTheSetting() {
        assertEquals("INBOX.Trash", SpecialFolders.newName(Role.TRASH, "INBOX."));
        assertEquals("Sent", SpecialFolders.newName(Role.SENT, ""));
        assertEquals("; set sent_folder = \"INBOX.Sent\" in [accounts.t]", SpecialFolders.hint(Role.SENT, "t", "Sent", "INBOX."));
        assertEquals("; set drafts_folder = \"FOLDER\" in [accounts.t] to a folder `postern folders --account t` lists",
                SpecialFolders.hint(Role.DRAFTS, "t", "Drafts", ""));
        assertEquals("; this server keeps folders under 'INBOX.': try 'INBOX.Archive'", SpecialFolders.under("Archive", "INBOX."));
        assertEquals("", SpecialFolders.under("INBOX.Archive", "INBOX."));
    }
}

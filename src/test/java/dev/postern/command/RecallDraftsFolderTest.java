package dev.postern.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.postern.model.Folder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** recall's folder (hunt29 I4): INBOX.Drafts on Courier, the drafts_folder setting when given. */
class RecallDraftsFolderTest {
    private static Folder f(String name, String... attrs) {
        return new Folder("t", name, '.', 0, 0, Set.of(attrs));
    }

    @Test
    void draftsUnderInboxAreFoundAndTheSettingWins() {
        List<Folder> courier = List.of(f("INBOX"), f("INBOX.Drafts"), f("INBOX.Work"));
        assertEquals("INBOX.Drafts", RecallCommand.draftsFolder(courier, null));
        assertEquals("INBOX.Work", RecallCommand.draftsFolder(courier, "INBOX.Work"));
        assertNull(RecallCommand.draftsFolder(courier, "Elsewhere"));
        assertEquals("Brouillons", RecallCommand.draftsFolder(List.of(f("INBOX"), f("Drafts"), f("Brouillons", "\\Drafts")), null));
        assertNull(RecallCommand.draftsFolder(List.of(f("INBOX")), null));
    }
}

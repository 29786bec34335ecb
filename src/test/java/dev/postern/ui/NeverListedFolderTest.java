package dev.postern.ui;

import dev.postern.controller.FolderKnowledge;
import org.junit.jupiter.api.Test;

/**
 * hunt32-V G1: a folder the store holds no listing of (a cold start against a server that never answered) showed
 * "(no messages)", as if the server had said it was empty. It says it was not listed yet; an empty folder that was
 * listed still says "(no messages)".
 */
class NeverListedFolderTest {
    @Test
    void aFolderNeverListedSaysSoAndAListedEmptyOneHasNoMessages() throws Exception {
        InMemoryMailController c = new InMemoryMailController() {
            @Override
            public FolderKnowledge.State folderKnowledge(String account, String folder) {
                return new FolderKnowledge.State(folder.equals("Never") ? FolderKnowledge.Kind.NEVER_SYNCED
                        : FolderKnowledge.Kind.SYNCED, null, false);
            }
        };
        c.addFolder("work", "INBOX", 0);
        c.addFolder("work", "Never", 0);
        try (TuiHarness h = new TuiHarness(c, "work", "Never", 80, 24)) {
            h.awaitText("(not listed yet)");
        }
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("(no messages)");
        }
    }
}

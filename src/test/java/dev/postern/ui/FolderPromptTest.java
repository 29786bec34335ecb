package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Issue 18: the c and M prompts complete folder names with Tab; after M the target's counts in the sidebar update. */
class FolderPromptTest {
    /** Moves by changing the folders' sizes, as a store would after MOVE; publishes no event (a server need not). */
    static final class Movable extends InMemoryMailController {
        @Override
        public CompletableFuture<Integer> move(String account, String folder, Collection<Long> uids, String target) {
            folder(account, folder).size -= uids.size();
            folder(account, target).size += uids.size();
            return CompletableFuture.completedFuture(uids.size());
        }
    }

    @Test
    void tabCompletesFolderNamesAndAMoveUpdatesTheTargetsCount() throws Exception {
        Movable c = new Movable();
        c.addFolder("work", "INBOX", 10).addFolder("work", "Archive", 5).addFolder("work", "Lists", 2);
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("Message #10");
            h.awaitScreen("sidebar lists Archive with 5", s -> h.row(h.rowContaining("Archive")).contains("/5"));
            h.type("c");
            h.awaitText("Open folder:");
            h.type("ar");
            h.press(KeyType.Tab);
            h.awaitText("Open folder: Archive");
            h.press(KeyType.Enter);
            h.awaitText("work: Archive");
            h.type("c");
            h.type("IN");
            h.press(KeyType.Tab);
            h.awaitText("Open folder: INBOX");
            h.press(KeyType.Enter);
            h.awaitText("work: INBOX");
            h.awaitText("Message #10");
            h.type("M");
            h.awaitText("Move 1 message(s) to folder:");
            h.type("Ar");
            h.press(KeyType.Tab);
            h.awaitText("to folder: Archive");
            h.press(KeyType.Enter);
            h.awaitText("Moved to Archive: 1 message(s)");
            h.awaitScreen("Archive's count updated in the sidebar", s -> h.row(h.rowContaining("Archive")).contains("/6"));
            assertTrue(h.row(h.rowContaining("INBOX")).contains("/9"), h.screen());
        }
    }

    /**
     * Hunt 39-I, I6: a folder the server keeps decomposed (NFD) is shown composed; `c` and the name as shown (or Tab on
     * its composed start) open it, as the server spells it.
     */
    @Test
    void aFolderKeptDecomposedOpensByTheNameShown() throws Exception {
        InMemoryMailController c = new InMemoryMailController();
        c.addFolder("work", "INBOX", 10).addFolder("work", "Re\u0301sume\u0301", 3);
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("Message #10");
            h.type("c");
            h.awaitText("Open folder:");
            h.type("Résumé");
            h.press(KeyType.Enter);
            h.awaitScreen("the folder of 3 open", t -> t.contains("Message #3") && !t.contains("Message #10"));
            h.type("c");
            h.awaitText("Open folder:");
            h.type("IN");
            h.press(KeyType.Tab);
            h.press(KeyType.Enter);
            h.awaitText("Message #10");
            h.type("c");
            h.awaitText("Open folder:");
            h.type("ré");
            h.press(KeyType.Tab);
            h.press(KeyType.Enter);
            h.awaitScreen("the folder of 3 open", t -> t.contains("Message #3") && !t.contains("Message #10"));
        }
    }
}

package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.ui.BindingsFile;
import dev.postern.ui.CommandRegistry;
import dev.postern.ui.KeyMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The batch side of the command registry: which commands, how their lines are checked and completed with targets. */
class TuiCommandRunnerTest {
    private final TuiCommandRunner runner = new TuiCommandRunner(new PosternCommand(Map.of(),
            (c, a, f) -> { throw new AssertionError("no UI"); }), null);

    @Test
    void everyBatchCommandButThoseThatStartSomethingElse() {
        assertTrue(runner.names().containsAll(List.of("flag", "move", "copy", "delete", "sync", "fetch", "folder", "search")));
        assertFalse(runner.names().contains("demo"));
        assertTrue(runner.takesMessages("flag"));
        assertTrue(runner.takesMessages("move"));
        assertTrue(runner.takesMessages("delete"));
        assertFalse(runner.takesMessages("sync"));
        assertFalse(runner.takesMessages("folders"));
        assertTrue(runner.options("move").contains("--to"), runner.options("move").toString());
        assertTrue(runner.options("flag").containsAll(List.of("--set", "--clear", "--account")), runner.options("flag").toString());
    }

    @Test
    void linesAreCheckedByThePicocliParserItself() {
        assertNull(runner.problem(List.of("move", "--to", "Archive")));
        assertNull(runner.problem(List.of("flag", "--set", "seen", "--clear", "flagged")));
        assertNull(runner.problem(List.of("sync", "--headers-only")));
        assertTrue(runner.problem(List.of("move")).contains("Missing required option: '--to=FOLDER'"), runner.problem(List.of("move")));
        assertTrue(runner.problem(List.of("sync", "--bogus")).contains("Unknown option: '--bogus'"));
    }

    @Test
    void theAccountComesFirstAndTheMessagesLast() {
        assertEquals(List.of("move", "--account", "work", "--to", "-odd", "--", "INBOX", "3", "7"),
                TuiCommandRunner.arguments(List.of("move", "--to", "-odd"), "work", "INBOX", List.of(3L, 7L)));
        assertEquals(List.of("sync", "-a", "home"), TuiCommandRunner.arguments(List.of("sync", "-a", "home"), "work", null, null));
    }

    @Test
    void theReadmeExampleIsAValidBindingsFile() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf("## Key bindings and themes");
        int start = readme.indexOf("```ini\n", at) + "```ini\n".length();
        String example = readme.substring(start, readme.indexOf("```", start));
        KeyMap keys = BindingsFile.parse("README", example, KeyMap.defaults(), new CommandRegistry(runner));
        assertEquals(new KeyMap.Bound(List.of("delete", "--expunge")), keys.lookup(KeyMap.INDEX, "D"));
        assertEquals(new KeyMap.Bound(List.of("change-folder", "Sent Items")), keys.lookup(KeyMap.INDEX, "gs"));
        assertEquals(new KeyMap.Bound(List.of("page-down")), keys.lookup(KeyMap.PAGER, "<C-d>"));
    }
}

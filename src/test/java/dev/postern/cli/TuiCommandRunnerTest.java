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

    private final CommandRegistry registry = new CommandRegistry(runner);

    @Test
    void everyBatchCommandButThoseThatStartSomethingElse() {
        assertTrue(registry.names().containsAll(List.of("flag", "move", "copy", "delete", "sync", "fetch", "folder", "search")));
        assertFalse(registry.names().contains("demo"));
        assertTrue(registry.takesMessages("flag"));
        assertTrue(registry.takesMessages("move"));
        assertTrue(registry.takesMessages("delete"));
        assertFalse(registry.takesMessages("sync"));
        assertFalse(registry.takesMessages("folders"));
        assertTrue(registry.options("move").contains("--to"), registry.options("move").toString());
        assertTrue(registry.options("flag").containsAll(List.of("--set", "--clear", "--account")), registry.options("flag").toString());
    }

    @Test
    void theTypedCommandsAreNotRunAsCommandLines() {
        // One delete, one move, one copy, one flag: the reader runs the typed objects, never their argv form.
        for (String typed : List.of("flag", "move", "copy", "delete")) {
            assertFalse(runner.names().contains(typed), typed);
            assertEquals(CommandRegistry.Kind.COMMAND, registry.kind(List.of(typed, "--to", "X")), typed);
        }
        // The reader runs these typed too (no argv round trip, no captured output): their result is the sentence shown.
        for (String typed : List.of("folders", "export", "import", "jobs", "cancel", "store", "list", "read", "attachment",
                "retention", "fetch", "sync", "outbox", "queue")) {
            assertFalse(runner.names().contains(typed), typed);
            assertEquals(CommandRegistry.Kind.COMMAND, registry.kind(List.of(typed)), typed);
        }
        assertEquals(CommandRegistry.Kind.UI, registry.kind(List.of("delete")), "alone, d's reader command (it asks first)");
        // search TEXT is the reader's own search; with an option of the typed search it is that one.
        assertEquals(CommandRegistry.Kind.UI, registry.kind(List.of("search", "from:bob", "-seen")));
        assertEquals(CommandRegistry.Kind.COMMAND, registry.kind(List.of("search", "--local", "from:bob")));
        assertEquals(CommandRegistry.Kind.COMMAND, registry.kind(List.of("search", "--folder=Sent", "report")));
        assertEquals(CommandRegistry.Kind.COMMAND, registry.kind(List.of("auth", "status")), "typed since issue 14");
        assertEquals(CommandRegistry.Kind.BATCH, registry.kind(List.of("daemon", "status")));
    }

    @Test
    void linesAreCheckedByTheCommandsOwnOptionsOrThePicocliParser() {
        assertNull(registry.problem(List.of("move", "--to", "Archive")));
        assertNull(registry.problem(List.of("flag", "--set", "seen", "--clear", "flagged")));
        assertNull(registry.problem(List.of("sync", "--headers-only")));
        assertTrue(registry.problem(List.of("move", "--expunge")).contains("Unknown option: '--expunge'"), registry.problem(List.of("move", "--expunge")));
        assertTrue(registry.problem(List.of("move", "-a", "x")).contains("Missing required option: '--to=FOLDER'"), registry.problem(List.of("move", "-a", "x")));
        assertTrue(registry.problem(List.of("sync", "--bogus")).contains("Unknown option: '--bogus'"));
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

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

/**
 * The reader's command registry as the command line layer gives it (over {@link ThisProcess}): which commands
 * ':' and bindings offer, how a line is told apart (reader or typed), and how lines are checked, by each typed
 * command's own options; no line is parsed by picocli.
 */
class ReaderCommandRegistryTest {
    private final CommandRegistry registry = new CommandRegistry(new ThisProcess(new PosternCommand(Map.of(),
            (c, a, f) -> { throw new AssertionError("no UI"); }), null));

    @Test
    void everyTypedCommandButThoseThatOpenSomethingOfTheirOwn() {
        assertTrue(registry.names().containsAll(List.of("flag", "move", "copy", "delete", "sync", "fetch", "folder", "search",
                "daemon", "complete")));
        for (String own : List.of("demo", "shell", "completion")) assertFalse(registry.names().contains(own), own);
        assertTrue(registry.takesMessages("flag"));
        assertTrue(registry.takesMessages("move"));
        assertTrue(registry.takesMessages("delete"));
        assertFalse(registry.takesMessages("sync"));
        assertFalse(registry.takesMessages("folders"));
        assertFalse(registry.takesMessages("daemon"));
        assertTrue(registry.options("move").contains("--to"), registry.options("move").toString());
        assertTrue(registry.options("flag").containsAll(List.of("--set", "--clear", "--account")), registry.options("flag").toString());
    }

    @Test
    void everyCommandLineIsAReaderOrATypedCommand() {
        for (String typed : List.of("flag", "move", "copy", "delete")) {
            assertEquals(CommandRegistry.Kind.COMMAND, registry.kind(List.of(typed, "--to", "X")), typed);
        }
        for (String typed : List.of("folders", "export", "import", "jobs", "cancel", "store", "list", "read", "attachment",
                "retention", "fetch", "sync", "outbox", "queue", "daemon", "complete", "demo", "shell", "completion")) {
            assertEquals(CommandRegistry.Kind.COMMAND, registry.kind(List.of(typed)), typed);
        }
        assertEquals(CommandRegistry.Kind.UI, registry.kind(List.of("delete")), "alone, d's reader command (it asks first)");
        // search TEXT is the reader's own search; with an option of the typed search it is that one.
        assertEquals(CommandRegistry.Kind.UI, registry.kind(List.of("search", "from:bob", "-seen")));
        assertEquals(CommandRegistry.Kind.COMMAND, registry.kind(List.of("search", "--local", "from:bob")));
        assertEquals(CommandRegistry.Kind.COMMAND, registry.kind(List.of("search", "--folder=Sent", "report")));
        assertEquals(CommandRegistry.Kind.COMMAND, registry.kind(List.of("auth", "status")));
        assertEquals(CommandRegistry.Kind.COMMAND, registry.kind(List.of("daemon", "status")), "typed since issue 14's last step");
        assertEquals(CommandRegistry.Kind.UNKNOWN, registry.kind(List.of("frobnicate")));
    }

    @Test
    void linesAreCheckedByTheCommandsOwnOptions() {
        assertNull(registry.problem(List.of("move", "--to", "Archive")));
        assertNull(registry.problem(List.of("flag", "--set", "seen", "--clear", "flagged")));
        assertNull(registry.problem(List.of("sync", "--headers-only")));
        assertNull(registry.problem(List.of("daemon", "status")));
        assertTrue(registry.problem(List.of("move", "--expunge")).contains("Unknown option: '--expunge'"), registry.problem(List.of("move", "--expunge")));
        assertTrue(registry.problem(List.of("move", "-a", "x")).contains("Missing required option: '--to=FOLDER'"), registry.problem(List.of("move", "-a", "x")));
        assertTrue(registry.problem(List.of("sync", "--bogus")).contains("Unknown option: '--bogus'"));
        assertEquals("daemon: Unknown option: '--force'; it takes none.", registry.problem(List.of("daemon", "stop", "--force")));
        assertTrue(registry.problem(List.of("demo", "--serve")).startsWith("demo opens a reader of its own"), registry.problem(List.of("demo")));
    }

    @Test
    void theReadmeExampleIsAValidBindingsFile() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf("## Key bindings and themes");
        int start = readme.indexOf("```ini\n", at) + "```ini\n".length();
        String example = readme.substring(start, readme.indexOf("```", start));
        KeyMap keys = BindingsFile.parse("README", example, KeyMap.defaults(), registry);
        assertEquals(new KeyMap.Bound(List.of("delete", "--expunge")), keys.lookup(KeyMap.INDEX, "D"));
        assertEquals(new KeyMap.Bound(List.of("change-folder", "Sent Items")), keys.lookup(KeyMap.INDEX, "gs"));
        assertEquals(new KeyMap.Bound(List.of("page-down")), keys.lookup(KeyMap.PAGER, "<C-d>"));
    }
}

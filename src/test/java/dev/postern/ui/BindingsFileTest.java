package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BindingsFileTest {
    private static KeyMap parse(String text) {
        return BindingsFile.parse("mine", text, KeyMap.defaults(), CommandRegistry.uiOnly());
    }

    private static List<String> bound(KeyMap k, String context, String seq) {
        KeyMap.Lookup l = k.lookup(context, seq);
        return l instanceof KeyMap.Bound b ? b.commandLine() : null;
    }

    @Test
    void theBuiltInFileHoldsWhatTheReaderBoundBefore() {
        KeyMap k = KeyMap.defaults();
        String[][] expected = {{"j", "next"}, {"<Down>", "next"}, {"k", "prev"}, {"<Up>", "prev"}, {"<Enter>", "open"},
                {"q", "quit"}, {"i", "back"}, {"<Esc>", "back"}, {"<C-c>", "exit"}, {"=", "first"}, {"<Home>", "first"},
                {"G", "last"}, {"<End>", "last"}, {"<PageDown>", "page-down"}, {"<Space>", "page-down"},
                {"<PageUp>", "page-up"}, {"-", "page-up"}, {"/", "search"}, {"?", "help"}, {"c", "change-folder"},
                {"<Tab>", "focus-sidebar"}, {"J", "next-message"}, {"n", "next-message"}, {"K", "prev-message"},
                {"p", "prev-message"}, {"s", "save-attachment"}, {"A", "fetch-attachments"}, {"t", "tag"},
                {";", "tag-prefix"}, {"N", "toggle-read"}, {"F", "toggle-flag"}, {"d", "delete"}, {"M", "move"},
                {"C", "copy"}, {":", "command-prompt"}, {"o", "sort-next"}, {"O", "sort-reverse"},
                {"T", "toggle-threads"}, {"z", "collapse-thread"}, {"Z", "collapse-all"}, {"l", "limit"},
                {"h", "toggle-headers"}, {"m", "mail"}, {"r", "reply"}, {"g", "reply-all"}, {"f", "forward"}}; // g was first before compose
        for (String[] e : expected) {
            for (String ctx : List.of(KeyMap.INDEX, KeyMap.PAGER)) {
                if (ctx.equals(KeyMap.PAGER) && e[0].equals("n")) continue; // the pager's n finds the next match
                assertEquals(List.of(e[1]), bound(k, ctx, e[0]), ctx + " " + e[0]);
            }
        }
        assertEquals(List.of("search-next"), bound(k, KeyMap.PAGER, "n"));
    }

    @Test
    void aContextOverridesGlobalOnlyThere() {
        KeyMap k = parse("[index]\nd = toggle-flag\n[pager]\nj = page-down\nx = unbind\n[global]\nZ = quit\n");
        assertEquals(List.of("toggle-flag"), bound(k, KeyMap.INDEX, "d"));
        assertEquals(List.of("delete"), bound(k, KeyMap.PAGER, "d"));
        assertEquals(List.of("page-down"), bound(k, KeyMap.PAGER, "j"));
        assertEquals(List.of("next"), bound(k, KeyMap.INDEX, "j"));
        assertEquals(List.of("quit"), bound(k, KeyMap.PAGER, "Z"));
        assertEquals(List.of("delete"), bound(KeyMap.defaults(), KeyMap.INDEX, "d"), "the defaults are not changed");
    }

    @Test
    void unbindInAContextHidesTheGlobalKeyThere() {
        KeyMap k = parse("[pager]\nd = unbind\n[global]\nM = unbind\n");
        assertInstanceOf(KeyMap.Unbound.class, k.lookup(KeyMap.PAGER, "d"));
        assertEquals(List.of("delete"), bound(k, KeyMap.INDEX, "d"));
        assertInstanceOf(KeyMap.Unbound.class, k.lookup(KeyMap.INDEX, "M"));
    }

    @Test
    void keyNamesSequencesAndCommandLines() {
        KeyMap k = parse("g = unbind\ngi = change-folder \"Sent Items\"\n<c-D> = page-down\n<f5> = help\n"
                + "= = first\n<lt> = page-up\n<M-x> = quit\n");
        assertEquals(List.of("change-folder", "Sent Items"), bound(k, KeyMap.INDEX, "gi"));
        assertInstanceOf(KeyMap.Prefix.class, k.lookup(KeyMap.INDEX, "g"));
        assertEquals(List.of("page-down"), bound(k, KeyMap.INDEX, KeyMap.keyName(new KeyStroke('d', true, false))));
        assertEquals(List.of("help"), bound(k, KeyMap.INDEX, KeyMap.keyName(new KeyStroke(KeyType.F5))));
        assertEquals(List.of("first"), bound(k, KeyMap.INDEX, "="));
        assertEquals(List.of("page-up"), bound(k, KeyMap.INDEX, KeyMap.keyName(new KeyStroke('<', false, false))));
        assertEquals(List.of("quit"), bound(k, KeyMap.INDEX, KeyMap.keyName(new KeyStroke('x', false, true))));
    }

    @Test
    void mistakesNameTheFileAndLine() {
        String[][] cases = {
                {"\n\nj = nxt\n", "bindings mine, line 3: unknown command 'nxt'"},
                {"<Nope> = next\n", "bindings mine, line 1: unknown key name <Nope>"},
                {"[sidebar]\n", "bindings mine, line 1: unknown section [sidebar]"},
                {"j next\n", "bindings mine, line 1: expected 'KEY = COMMAND'"},
                {"j =\n", "bindings mine, line 1: no command after '='"},
                {"a b = next\n", "bindings mine, line 1: 'a b' is not a key"},
                {"<Up = next\n", "bindings mine, line 1: '<Up' opens '<' without a key name"},
                {"next = next\nn = unbind\nne = quit\n", "bindings mine, line 1: 'next' can never be typed in [global] because 'ne' is bound"},
                {"J = next-message now\n", "bindings mine, line 1: 'next-message' takes no arguments here"},
        };
        for (String[] c : cases) {
            PosternException e = assertThrows(PosternException.class, () -> parse(c[0]), c[0]);
            assertEquals(ExitCode.CONFIG, e.exitCode());
            assertTrue(e.getMessage().startsWith(c[1]), e.getMessage());
            assertTrue(e.getMessage().endsWith(".") && !e.getMessage().endsWith(".."), e.getMessage());
        }
    }

    /** A problem that is a sentence already (ends in '.') ends the file's sentence with one full stop, not "..". */
    @Test
    void aMistakeThatIsASentenceEndsInOneFullStop() {
        PosternException e = assertThrows(PosternException.class, () -> parse("Y = shell\n"));
        assertEquals("bindings mine, line 1: shell opens a prompt of its own; quit the reader and run `postern shell`, "
                + "or run commands here at ':'.", e.getMessage());
    }

    @Test
    void commandWordsSplitLikeAShellWithoutOne() {
        assertEquals(List.of("move", "--to", "Old Mail"), CommandWords.split("move --to 'Old Mail'"));
        assertEquals(List.of("a\"b", "c d", "$HOME"), CommandWords.split("a\\\"b \"c d\" $HOME"));
        assertEquals(List.of(""), CommandWords.split("''"));
        assertThrows(IllegalArgumentException.class, () -> CommandWords.split("x \"y"));
        assertEquals(List.of("move", "--to", "#stuff"), CommandWords.split("move --to '#stuff' # a comment", true));
        assertEquals(List.of("a#b"), CommandWords.split("a#b", true));
        assertEquals(List.of("a", "#b"), CommandWords.split("a #b"), "no comments on the prompt");
        assertEquals("\"Sent Items\"", CommandWords.quote("Sent Items"));
        assertEquals("INBOX", CommandWords.quote("INBOX"));
    }
}

package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Completion through JLine's Completer API over the real picocli command tree of the batch CLI. */
class ShellCompleterTest {
    private final List<String> folderQueries = new ArrayList<>();
    private final ShellCompleter completer = new ShellCompleter(
            PosternCommand.commandLine(new PosternCommand(Map.of(), (c, a, f) -> {}), new String[] {"shell"}).getCommandSpec(),
            new ShellCompleter.Sources() {
                @Override public List<String> accounts() { return List.of("work", "home"); }
                @Override public String defaultAccount() { return "work"; }
                @Override public List<String> folders(String account) {
                    folderQueries.add(account);
                    return account.equals("home") ? List.of("INBOX", "Family") : List.of("INBOX", "Archive", "Lists/java dev");
                }
                @Override public List<String> addresses(String prefix) {
                    return List.of("Bob Builder <bob@example.org>", "bobby@example.net");
                }
            });

    /** What JLine would offer for the line with the cursor at its end (before JLine's own prefix filter). */
    private List<String> offered(String line) {
        ParsedLine parsed = new DefaultParser().parse(line, line.length(), Parser.ParseContext.COMPLETE);
        List<Candidate> out = new ArrayList<>();
        completer.complete(null, parsed, out);
        String word = parsed.word().substring(0, parsed.wordCursor());
        return out.stream().map(Candidate::value).filter(v -> v.startsWith(word)).toList();
    }

    @Test
    void firstWordCompletesCommandNames() {
        assertEquals(List.of("folder", "folders"), offered("fol").stream().sorted().toList());
        List<String> all = offered("");
        assertTrue(all.containsAll(List.of("list", "read", "flag", "search", "shell", "help", "exit")), all.toString());
    }

    @Test
    void flagOptionsCompleteFlagNamesFromTheTypedCommand() {
        assertEquals(List.of("seen", "answered", "flagged", "deleted", "draft"), offered("flag INBOX 3 --set "));
        assertEquals(List.of("flagged"), offered("flag INBOX 3 --clear f"));
        assertEquals(List.of("--set=seen"), offered("flag INBOX 3 --set=s"));
    }

    @Test
    void accountOptionCompletesAccountNames() {
        assertEquals(List.of("work", "home"), offered("list --account "));
        assertEquals(List.of("home"), offered("list -a h"));
        assertEquals(List.of("--account=work"), offered("list --account=w"));
    }

    @Test
    void folderParametersCompleteFoldersOfTheAccountTheLineNames() {
        assertEquals(List.of("INBOX", "Archive", "Lists/java dev"), offered("list "));
        assertEquals(List.of("work"), folderQueries);
        assertEquals(List.of("Family"), offered("list --account home F"));
        assertEquals(List.of("Archive"), offered("move INBOX 3 --to A"));
        assertEquals(List.of("Archive"), offered("search --folder A"));
        // "[FOLDER] UID": the second word is a UID, not a folder.
        assertEquals(List.of(), offered("read INBOX "));
    }

    @Test
    void optionsOfTheCommandComplete() {
        List<String> opts = offered("list --");
        assertTrue(opts.containsAll(List.of("--limit", "--json", "--cached", "--account")), opts.toString());
        assertFalse(opts.contains("--set"), opts.toString());
        assertTrue(offered("flag INBOX 4 --s").contains("--set"));
    }

    @Test
    void subcommandsOfACommandComplete() {
        List<String> subs = offered("folder ");
        assertTrue(subs.containsAll(List.of("create", "rename", "delete")), subs.toString());
    }

    @Test
    void helpCompletesCommandNames() {
        assertTrue(offered("help se").contains("search"));
    }

    @Test
    void addressKindIsChosenByLabelOrOptionName() {
        CommandLine.Model.OptionSpec to = CommandLine.Model.OptionSpec.builder("--to").paramLabel("ADDRESS").type(String.class).build();
        assertEquals(ShellCompleter.Kind.ADDRESS, ShellCompleter.kind(to, "--to"));
        CommandLine.Model.OptionSpec moveTo = CommandLine.Model.OptionSpec.builder("--to").paramLabel("FOLDER").type(String.class).build();
        assertEquals(ShellCompleter.Kind.FOLDER, ShellCompleter.kind(moveTo, "--to"));
        assertEquals("bob@example.org", ShellCompleter.mailbox("Bob Builder <bob@example.org>"));
    }
}

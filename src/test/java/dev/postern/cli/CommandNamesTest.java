package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/**
 * CommandNames spells out the top-level command words for the thin clients; here they are held to the command tree
 * (a new command, or an alias, that it lacks would be taken for a folder by a client) and to the Perl client's list.
 */
class CommandNamesTest {
    @Test
    void theListIsTheCommandTreesNamesAndHelp() {
        Set<String> tree = new TreeSet<>();
        for (Class<?> c : PosternCommand.SUBCOMMANDS) {
            Command cmd = c.getAnnotation(Command.class);
            tree.add(cmd.name());
            tree.addAll(Arrays.asList(cmd.aliases()));
        }
        for (var c : dev.postern.command.Commands.ALL) tree.add(c.name());
        tree.add("help");
        assertEquals(tree, new TreeSet<>(CommandNames.TOP));
        assertTrue(CommandNames.isCommand("fetch"));
        assertTrue(!CommandNames.isCommand("Archive") && !CommandNames.isCommand(null));
    }

    @Test
    void thePerlClientCarriesTheSameList() throws Exception {
        String perl = Files.readString(Path.of("packaging/client/postern-client.pl"));
        Matcher m = Pattern.compile("my %COMMANDS = map \\{ \\$_ => 1 \\} qw\\(([^)]*)\\);").matcher(perl);
        assertTrue(m.find(), "the Perl client has no %COMMANDS list");
        assertEquals(new TreeSet<>(CommandNames.TOP), new TreeSet<>(Arrays.asList(m.group(1).trim().split("\\s+"))));
    }

    /** Hunt 32-W W3: the command words a first word is a slip of, as git's "did you mean". */
    @Test
    void aSlipOfACommandWordIsNamed() {
        assertEquals("fetch", CommandNames.nearest("fecth")); // two letters swapped: one edit
        assertEquals("fetch", CommandNames.nearest("Fetch"));
        assertEquals("search", CommandNames.nearest("serach"));
        assertEquals("folders", CommandNames.nearest("foldrs"));
        assertEquals("send", CommandNames.nearest("sent")); // a folder the store knows is no slip: the caller's to say
        assertEquals(null, CommandNames.nearest("fetch"));
        assertEquals(null, CommandNames.nearest("Archive"));
        assertEquals(null, CommandNames.nearest("Work"));
        assertEquals(null, CommandNames.nearest("INBOX"));
        assertEquals("list", CommandNames.nearest("Lists")); // opens when the store knows the folder (CommandSlipTest)
        assertEquals(null, CommandNames.nearest("Drafts"));
        assertEquals(null, CommandNames.nearest("Trash"));
        assertEquals(null, CommandNames.nearest(null));
    }
}

package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PosternCommandLineTest {
    private static CommandLine build(String... args) {
        return PosternCommand.commandLine(new PosternCommand(Map.of(), (c, a, f) -> { }), args);
    }

    @Test
    void buildsOnlyTheSubcommandThatArgvNames() {
        assertEquals(Set.of("fetch"), build("fetch", "--quiet").getSubcommands().keySet());
        assertEquals(Set.of("sync"), build("--config", "sync", "-a", "x", "sync").getSubcommands().keySet());
        assertEquals(Set.of("list"), build("-a", "fetch", "list").getSubcommands().keySet());
        assertEquals(Set.of("list"), build("--account=work", "list").getSubcommands().keySet());
        assertEquals(Set.of("jobs"), build("jobs").getSubcommands().keySet(), "a typed command with the generic adapter");
    }

    /** Every command: the mail commands (a hand adapter or the generic one each) and the process commands. */
    private static int everyCommand() {
        return dev.postern.command.Commands.names().size() + dev.postern.command.ProcessCommands.names().size();
    }

    @Test
    void helpAndTheShellGetEverySubcommand() {
        int all = everyCommand();
        assertEquals(all, build("--help").getSubcommands().size());
        assertEquals(all, build("-V").getSubcommands().size());
        assertEquals(all, build("INBOX", "--help").getSubcommands().size());
        assertEquals(all, build("shell").getSubcommands().size());
    }

    /** Paint first: the reader's own command line is parsed by the root alone, not by a model of every command. */
    @Test
    void theReaderIsParsedByTheRootAlone() {
        assertEquals(Set.of(), build().getSubcommands().keySet());
        assertEquals(Set.of(), build("--config", "/c.toml", "-a", "work").getSubcommands().keySet());
        assertEquals(Set.of(), build("Archive").getSubcommands().keySet());
        assertEquals(Set.of(), build("--", "fetch").getSubcommands().keySet());
        CommandLine.ParseResult r = build("-a", "work", "Lists/java").parseArgs("-a", "work", "Lists/java");
        assertEquals("work", r.matchedOptionValue("-a", null));
        assertEquals(List.of("Lists/java"), r.matchedPositionals().get(0).stringValues());
    }

    @Test
    void rootHelpListsEveryCommand() {
        StringWriter help = new StringWriter();
        CommandLine cl = build("--help");
        cl.setOut(new PrintWriter(help));
        assertEquals(0, cl.execute("--help"));
        for (Class<?> c : PosternCommand.SUBCOMMANDS) {
            if (c.getAnnotation(CommandLine.Command.class).hidden()) continue; // `complete`, for the shell scripts only
            String name = c.getAnnotation(CommandLine.Command.class).name();
            assertTrue(help.toString().contains("\n  " + name + " "), name + " missing from:\n" + help);
        }
        for (String name : dev.postern.command.Commands.names()) {
            assertTrue(help.toString().contains("\n  " + name + " "), name + " missing from:\n" + help);
        }
    }

    @Test
    void everyCommandAndSubcommandAnswersHelp() {
        for (String[] args : new String[][] {{"sync", "--help"}, {"list", "-h"}, {"attachment", "save", "--help"},
                {"store", "stats", "--help"}, {"folder", "create", "--help"}, {"send", "--help"}}) {
            StringWriter out = new StringWriter();
            CommandLine cl = build(args);
            cl.setOut(new PrintWriter(out));
            setOutEverywhere(cl, new PrintWriter(out));
            assertEquals(0, cl.execute(args), String.join(" ", args));
            assertTrue(out.toString().startsWith("Usage: postern " + args[0]), String.join(" ", args) + ": " + out);
        }
    }

    private static void setOutEverywhere(CommandLine cl, PrintWriter out) {
        cl.setOut(out);
        for (CommandLine sub : cl.getSubcommands().values()) setOutEverywhere(sub, out);
    }

    @Test
    void inheritedRootOptionsStillWorkAfterTheSubcommand() {
        CommandLine cl = build("fetch", "--config", "/x.toml", "--account", "a");
        CommandLine.ParseResult r = cl.parseArgs("fetch", "--config", "/x.toml", "--account", "a");
        assertEquals("/x.toml", r.subcommand().matchedOptionValue("--config", null).toString());
    }

    @Test
    void addingTheRestLaterKeepsWhatIsThereAndSearchTakesNegatedTerms() {
        CommandLine cl = build("search", "-seen");
        assertTrue(cl.getSubcommands().get("search").isUnmatchedOptionsArePositionalParams());
        PosternCommand.addAllSubcommands(cl);
        assertEquals(everyCommand(), cl.getSubcommands().size());
        assertTrue(cl.getSubcommands().get("search").isUnmatchedOptionsArePositionalParams());
    }
}

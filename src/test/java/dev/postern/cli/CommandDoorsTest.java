package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.command.Command;
import dev.postern.command.Commands;
import dev.postern.command.Option;
import dev.postern.command.ProcessCommand;
import dev.postern.command.ProcessCommands;
import dev.postern.ui.CommandRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every door resolves to one command object: each picocli subcommand is the argv adapter of the typed
 * command of its name (with the same options and operands, and the messages as FOLDER UID...), those that act
 * on the process (daemon, completion, complete, demo, shell) as much as those on mail; every name the reader's
 * ':' offers runs as a reader or typed command; and no adapter calls the controller's delete, move, copy or
 * flag changes itself.
 */
class CommandDoorsTest {

    private static CommandLine tree() {
        CommandLine cl = new CommandLine(new PosternCommand(Map.of(), (c, a, f) -> { throw new AssertionError(); }));
        PosternCommand.addAllSubcommands(cl);
        return cl;
    }

    @Test
    void everySubcommandIsATypedCommand() {
        Set<String> subcommands = new TreeSet<>(tree().getSubcommands().keySet());
        Set<String> typed = new TreeSet<>(Commands.names());
        for (String name : ProcessCommands.names()) assertTrue(typed.add(name), name + " is registered twice");
        assertEquals(typed, subcommands, "every subcommand is a typed command, every typed command has its argv adapter");
        assertEquals(Set.of("daemon", "completion", "complete", "demo", "shell"), ProcessCommands.names(), "these act on the process");
    }

    @Test
    void eachAdapterTakesExactlyItsCommandsOptionsAndItsMessagesAsFolderUid() {
        Map<String, CommandLine> subs = tree().getSubcommands();
        for (Command<?, ?> c : Commands.ALL) {
            List<String> labels = sameOptions(c.name(), c.options(), subs.get(c.name()).getCommandSpec());
            assertEquals(c.takesMessages() ? List.of("FOLDER", "UID") : c.operands(), labels, c.name());
        }
        for (ProcessCommand<?, ?> c : ProcessCommands.ALL) {
            List<String> labels = sameOptions(c.name(), c.options(), subs.get(c.name()).getCommandSpec());
            assertEquals(c.operands(), labels, c.name());
        }
    }

    /**
     * A mail command with no hand adapter gets the generic one, built from the command itself: its help lines, the
     * phrases of its options; a hand adapter is never shadowed by it.
     */
    @Test
    void theGenericAdaptersAreTheirCommandsOwn() {
        Map<String, CommandLine> subs = tree().getSubcommands();
        Set<String> hand = new TreeSet<>();
        for (Class<?> c : PosternCommand.SUBCOMMANDS) hand.add(c.getAnnotation(CommandLine.Command.class).name());
        for (Command<?, ?> c : Commands.ALL) {
            CommandLine sub = subs.get(c.name());
            assertEquals(!hand.contains(c.name()), TypedAdapter.isTyped(sub), c.name());
            if (!TypedAdapter.isTyped(sub)) continue;
            assertEquals(List.of(PosternCommand.paragraphs(c.help())), List.of(sub.getCommandSpec().usageMessage().description()),
                    c.name());
            for (Option o : c.options()) {
                assertEquals(List.of(o.description()), List.of(sub.getCommandSpec().findOption(o.name()).description()), c.name());
            }
        }
        assertTrue(TypedAdapter.isTyped(subs.get("jobs")) && TypedAdapter.isTyped(subs.get("cancel")), "converted");
    }

    /** Checks the adapter's options against the command's own; its positional labels. */
    private static List<String> sameOptions(String name, List<Option> commandOptions, CommandSpec spec) {
        Set<String> picocli = new TreeSet<>();
        List<OptionSpec> options = new ArrayList<>(spec.options());
        // A command group (folder create|rename|delete ..., daemon run|start|stop|status): its subcommands' options are the command's.
        for (CommandLine sub : spec.subcommands().values()) options.addAll(sub.getCommandSpec().options());
        for (OptionSpec o : options) {
            // --json only chooses how the batch door prints the typed result.
            if (o.usageHelp() || o.versionHelp() || o.longestName().equals("--account") || o.longestName().equals("--config")
                    || o.longestName().equals("--json")) continue;
            if (!picocli.add(o.longestName())) continue;
            Option mine = commandOptions.stream().filter(x -> x.name().equals(o.longestName())).findFirst().orElse(null);
            if (mine != null) {
                assertEquals(mine.takesValue(), o.arity().max() > 0, name + " " + o.longestName() + " value");
                assertEquals(mine.required(), o.required(), name + " " + o.longestName() + " required");
                assertEquals(mine.repeatable(), o.isMultiValue(), name + " " + o.longestName() + " repeatable");
            }
        }
        Set<String> own = new TreeSet<>(commandOptions.stream().map(Option::name).toList());
        assertEquals(own, picocli, name);
        return spec.positionalParameters().stream().map(PositionalParamSpec::paramLabel).toList();
    }

    @Test
    void everyNameTheReaderOffersRuns() {
        CommandRegistry registry = new CommandRegistry(new ThisProcess(new PosternCommand(Map.of(),
                (c, a, f) -> { throw new AssertionError(); }), null));
        for (String name : registry.names()) {
            assertNotEquals(CommandRegistry.Kind.UNKNOWN, registry.kind(List.of(name)), name);
        }
        Set<String> typed = new TreeSet<>(Commands.names());
        typed.addAll(ProcessCommands.names());
        for (String name : typed) {
            assertEquals(CommandRegistry.Kind.COMMAND, registry.kind(List.of(name, "--account", "a")), name);
        }
        // Without the command line (tests) the typed commands are there all the same; those that make no sense in
        // a reader are not offered, and answer with their sentence through the typed door.
        assertTrue(CommandRegistry.uiOnly().names().containsAll(List.of("daemon", "complete", "list", "delete")));
        for (String refused : List.of("demo", "shell", "completion")) {
            assertFalse(registry.names().contains(refused), refused);
            assertEquals(CommandRegistry.Kind.COMMAND, registry.kind(List.of(refused)), refused);
            assertEquals(ProcessCommands.find(refused).orElseThrow().notInTheReader(), registry.problem(List.of(refused)));
        }
    }

    /** Calls like {@code c.delete(account, folder, uids, ...)}: three arguments or more. */
    private static final Pattern DIRECT = Pattern.compile("\\.(delete|move|copy|setFlags)\\([^()]*,[^()]*,");

    @Test
    void oneDeleteOneMoveOneCopyOneFlag() throws IOException {
        List<String> found = new ArrayList<>();
        for (String layer : List.of("ui", "cli", "app")) {
            try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/postern", layer))) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i);
                        if (DIRECT.matcher(line).find() && !line.contains("Files.")) found.add(f + ":" + (i + 1) + ": " + line.strip());
                    }
                }
            }
        }
        assertEquals(List.of(), found, "adapters must run the typed commands, not the controller's changes");
    }
}

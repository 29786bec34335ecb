package dev.postern.cli;

import dev.postern.command.Command;
import dev.postern.command.Commands;
import dev.postern.command.Messages;
import dev.postern.command.Option;
import dev.postern.command.Result;
import dev.postern.command.Words;
import dev.postern.controller.MailController;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The argv adapter of a typed mail command that has no picocli class of its own: its picocli model is built
 * from the command ({@link Command#name()}, {@link Command#help()}, its {@link Option}s, its operands, or
 * {@code FOLDER UID...} when it takes messages; {@code --account}, {@code --config} come from the root,
 * {@code --help} from {@link PosternCommand}), and running it reads the parsed words into its typed arguments,
 * runs it on the controller and prints its {@link Result#lines()}. A hand adapter in {@link PosternCommand#SUBCOMMANDS}
 * is still wanted for what only a terminal door does (an editor, a question, a progress bar, a table cut to the
 * terminal's width, {@code --json}).
 */
final class TypedAdapter implements Callable<Integer> {
    private final Command<?, ?> command;
    private CommandSpec spec;

    private TypedAdapter(Command<?, ?> command) {
        this.command = command;
    }

    /** The typed command it runs. */
    Command<?, ?> command() { return command; }

    /** The picocli command line of {@code command}: its model only, nothing read or run. */
    static CommandLine of(Command<?, ?> command) {
        TypedAdapter a = new TypedAdapter(command);
        CommandSpec spec = CommandSpec.wrapWithoutInspection(a);
        spec.name(command.name());
        spec.usageMessage().description(command.help().toArray(new String[0])); // as paragraphs: PosternCommand.register
        for (Option o : command.options()) {
            OptionSpec.Builder b = OptionSpec.builder(o.name()).description(o.description()).required(o.required());
            if (!o.takesValue()) {
                b.type(Boolean.class).arity("0").negatable(o.negatable());
            } else {
                b.arity("1").paramLabel(o.value().name());
                if (o.repeatable()) b.type(List.class).auxiliaryTypes(String.class);
                else b.type(String.class);
            }
            spec.addOption(b.build());
        }
        if (command.takesMessages()) {
            spec.addPositional(PositionalParamSpec.builder().index("0").paramLabel("FOLDER").type(String.class)
                    .description("The folder the messages are in.").build());
            spec.addPositional(PositionalParamSpec.builder().index("1..*").arity("1..*").paramLabel("UID")
                    .type(List.class).auxiliaryTypes(String.class).description("UIDs or ranges such as 3:9.").build());
        } else {
            List<String> labels = command.operands();
            for (int i = 0; i < labels.size(); i++) {
                spec.addPositional(PositionalParamSpec.builder().index(String.valueOf(i)).arity("0..1")
                        .paramLabel(labels.get(i)).type(String.class).description(command.operandHelp(labels.get(i))).build());
            }
        }
        a.spec = spec;
        return new CommandLine(spec);
    }

    /** Whether {@code name} is a typed mail command (its adapter is this one unless it has a hand adapter). */
    static boolean isCommand(String name) { return Commands.find(name).isPresent(); }

    /** Registers the adapter of the typed command {@code name} (which has no hand adapter); false when there is none. */
    static boolean add(CommandLine cl, String name) {
        Command<?, ?> c = Commands.find(name).orElse(null);
        if (c == null) return false;
        add(cl, c);
        return true;
    }

    private static void add(CommandLine cl, Command<?, ?> c) {
        if (!cl.getSubcommands().containsKey(c.name())) PosternCommand.register(cl, c.name(), of(c));
    }

    /** Registers {@code typed} from {@code from} on, up to the next one with a hand adapter (a name in {@code hand}). */
    static void addRun(CommandLine cl, List<Command<?, ?>> typed, Set<String> hand, int from) {
        if (from <= 0 && !typed.isEmpty() && hand.contains(typed.get(0).name())) return;
        for (int i = Math.max(from, 0); i < typed.size() && !hand.contains(typed.get(i).name()); i++) add(cl, typed.get(i));
    }

    /** Registers every one of {@code typed} that has no hand adapter and is not registered yet. */
    static void addAll(CommandLine cl, List<Command<?, ?>> typed, Set<String> hand) {
        for (Command<?, ?> c : typed) if (!hand.contains(c.name())) add(cl, c);
    }

    /** Where the command {@code name} is in {@code typed}; -1 when it is not a typed mail command (a process command). */
    static int indexOf(List<Command<?, ?>> typed, String name) {
        for (int i = 0; i < typed.size(); i++) if (typed.get(i).name().equals(name)) return i;
        return -1;
    }

    /** Whether {@code cl} is one of these adapters (CommandDoorsTest). */
    static boolean isTyped(CommandLine cl) { return cl.getCommand() instanceof TypedAdapter; }

    @Override
    public Integer call() {
        return run(command, (PosternCommand) spec.parent().userObject());
    }

    private <A, R extends Result> int run(Command<A, R> c, PosternCommand root) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        List<String> positionals = new ArrayList<>();
        for (PositionalParamSpec p : parsed.matchedPositionals()) positionals.addAll(p.stringValues());
        Messages targets = null;
        if (c.takesMessages()) {
            targets = new Messages(root.account(), FolderSpelling.of(root, root.account(), positionals.get(0)),
                    Uids.parse(positionals.subList(1, positionals.size())));
            positionals = List.of();
        }
        for (int i = 0; i < positionals.size() && i < c.operands().size(); i++) {
            if (c.operands().get(i).equals("FOLDER")) positionals.set(i, FolderSpelling.of(root, root.account(), positionals.get(i)));
        }
        A arguments = c.arguments(Words.given(given(parsed, root), positionals), targets);
        MailController controller = root.controller();
        if (!c.needs().isEmpty()) {
            String why = Commands.refusal(c, controller, targets != null ? targets.account() : root.account());
            if (why != null) throw new PosternException(ExitCode.USAGE, why);
        }
        R result = Futures.await(c.run(controller, arguments));
        for (String line : result.lines()) root.out().println(line);
        root.out().flush();
        return 0;
    }

    /** The command's options as given, by name: a switch's value "" (or "false" when given as --no-NAME). */
    private Map<String, List<String>> given(CommandLine.ParseResult parsed, PosternCommand root) {
        Map<String, List<String>> given = new LinkedHashMap<>();
        for (Option o : command.options()) {
            OptionSpec s = spec.findOption(o.name());
            if (!parsed.hasMatchedOption(s)) continue;
            if (!o.takesValue()) given.put(o.name(), List.of(Boolean.FALSE.equals(s.getValue()) ? "false" : ""));
            else if (o.value() == Option.Value.FOLDER) {
                List<String> named = new ArrayList<>();
                for (String v : s.stringValues()) named.add(FolderSpelling.of(root, root.account(), v)); // as the server spells it
                given.put(o.name(), named);
            } else given.put(o.name(), List.copyOf(s.stringValues()));
        }
        if (root.account != null) given.put(Words.ACCOUNT.name(), List.of(root.account())); // the config's spelling
        return given;
    }
}

package dev.postern.ui;

import dev.postern.command.Command;
import dev.postern.command.Commands;
import dev.postern.command.Option;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one set of command names that key bindings and the ':' prompt draw on: the reader's own commands
 * (the names in {@link KeyMap}, which each view reads in its own terms), the typed commands of
 * {@link Commands} (run directly on the controller with the reader's messages: the same objects as
 * {@code postern flag|move|copy|delete}), and the batch commands of the command line not yet typed
 * ({@link BatchCommands}). A name that is both a reader command and a typed one ({@code delete},
 * {@code move}, {@code copy}) means the interactive reader command (which asks, then runs the typed one)
 * when given alone, and the typed command when given options; a reader command that takes an argument
 * ({@link KeyMap#TAKES_ARGUMENT}: {@code search TEXT}, {@code change-folder NAME}) stays the reader's, unless
 * the line names an option of the typed command of that name ({@code search --local TEXT} is the typed search).
 */
public final class CommandRegistry {
    /** How a command line runs: a reader command, a typed command, a batch command line, or not at all. */
    public enum Kind { UI, COMMAND, BATCH, UNKNOWN }

    private final BatchCommands batch;

    public CommandRegistry(BatchCommands batch) {
        this.batch = batch;
    }

    /** The reader's own commands and the typed ones (for the built-in bindings and tests without a command line). */
    public static CommandRegistry uiOnly() { return new CommandRegistry(null); }

    public BatchCommands batch() { return batch; }

    public static boolean isUiCommand(String name) {
        return KeyMap.DESCRIPTIONS.containsKey(name);
    }

    public Kind kind(List<String> commandLine) {
        if (commandLine.isEmpty()) return Kind.UNKNOWN;
        String name = commandLine.get(0);
        boolean ui = isUiCommand(name);
        boolean b = batch != null && batch.names().contains(name);
        if (ui && (commandLine.size() == 1 || KeyMap.TAKES_ARGUMENT.contains(name) && !namesAnOption(commandLine))) return Kind.UI;
        if (Commands.find(name).isPresent()) return Kind.COMMAND;
        if (b) return Kind.BATCH;
        return Kind.UNKNOWN;
    }

    /**
     * True when a line whose name is both a reader command that takes an argument and a typed command
     * ({@code search}) names one of the typed command's options ({@code search --local from:bob}): it is the typed one.
     */
    private static boolean namesAnOption(List<String> commandLine) {
        java.util.Optional<Command<?, ?>> c = Commands.find(commandLine.get(0));
        if (c.isEmpty()) return false;
        Set<String> names = new java.util.HashSet<>(List.of("-a", dev.postern.command.Words.ACCOUNT.name()));
        for (Option o : c.get().options()) names.add(o.name());
        for (String w : commandLine.subList(1, commandLine.size())) {
            int eq = w.indexOf('=');
            if (names.contains(eq > 0 && w.startsWith("--") ? w.substring(0, eq) : w)) return true;
        }
        return false;
    }

    /** Every name, sorted, for completion and messages. */
    public Set<String> names() {
        Set<String> all = new TreeSet<>(KeyMap.DESCRIPTIONS.keySet());
        all.addAll(Commands.names());
        if (batch != null) all.addAll(batch.names());
        return all;
    }

    /** Null when the command line can run, else one sentence saying why not. */
    public String problem(List<String> commandLine) {
        if (commandLine.isEmpty()) return "no command";
        String name = commandLine.get(0);
        switch (kind(commandLine)) {
            case UI:
                return null;
            case COMMAND:
                return Commands.problem(commandLine);
            case BATCH:
                return batch.problem(commandLine);
            default:
                if (isUiCommand(name)) return "'" + name + "' takes no arguments here";
                return "unknown command '" + name + "'; commands are " + String.join(", ", names());
        }
    }

    /** False for a typed command the account's backend cannot run (it is hidden from completion and refused). */
    public boolean availableFor(String name, dev.postern.controller.MailController c, String account) {
        java.util.Optional<Command<?, ?>> cmd = Commands.find(name);
        return cmd.isEmpty() || Commands.refusal(cmd.get(), c, account) == null;
    }

    /** True for a typed or batch command that acts on messages (the reader supplies them). */
    public boolean takesMessages(String name) {
        java.util.Optional<Command<?, ?>> c = Commands.find(name);
        if (c.isPresent()) return c.get().takesMessages();
        return batch != null && batch.takesMessages(name);
    }

    /** The option names of a typed or batch command, for Tab completion. */
    public List<String> options(String name) {
        java.util.Optional<Command<?, ?>> c = Commands.find(name);
        if (c.isPresent()) {
            List<String> out = new java.util.ArrayList<>(c.get().options().stream().map(Option::name).toList());
            out.add(dev.postern.command.Words.ACCOUNT.name());
            java.util.Collections.sort(out);
            return out;
        }
        return batch == null ? List.of() : batch.options(name);
    }

    /**
     * What the value after {@code option} of command {@code name} is, for Tab completion: from the typed
     * command's own options; null when unknown or when the option takes no value.
     */
    public Option.Value valueOf(String name, String option) {
        if (option.equals("-a")) return Option.Value.ACCOUNT;
        java.util.Optional<Command<?, ?>> c = Commands.find(name);
        if (c.isEmpty()) return null;
        for (Option o : c.get().options()) if (o.name().equals(option) && o.takesValue()) return o.value();
        if (option.equals(dev.postern.command.Words.ACCOUNT.name())) return Option.Value.ACCOUNT;
        return null;
    }

    /** One phrase for the help screen; "" when none. */
    public String description(String name) {
        java.util.Optional<Command<?, ?>> c = Commands.find(name);
        if (c.isPresent()) return c.get().summary();
        return batch == null ? "" : batch.description(name);
    }

    /**
     * Runs a typed or batch command line off the UI thread: a typed command gets its messages
     * ({@code folder}, {@code uids} of {@code account}; null folder for one that takes none) as typed
     * arguments and its typed result comes back as the line to show; it fails with the command's one
     * sentence. A batch command line runs as {@link BatchCommands#run} says.
     */
    public java.util.concurrent.CompletableFuture<BatchCommands.Result> run(dev.postern.controller.MailController c,
            List<String> commandLine, String account, String folder, List<Long> uids) {
        if (kind(commandLine) == Kind.COMMAND) {
            dev.postern.command.Messages targets = folder == null ? null : dev.postern.command.Messages.of(account, folder, uids);
            return Commands.run(c, commandLine, account, targets).thenApply(r -> new BatchCommands.Result(
                    r instanceof dev.postern.command.Sent s ? s.exitCode() : 0, r.text(), null, r));
        }
        return batch.run(commandLine, account, folder, uids);
    }
}

package dev.postern.ui;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one set of command names that key bindings and the ':' prompt draw on: the reader's own commands
 * (the names in {@link KeyMap}, which each view reads in its own terms) and the batch commands of the
 * command line. A name that is both ({@code delete}, {@code move}, {@code copy}) means the interactive
 * reader command when given alone, and the batch command when given options; a reader command that takes an
 * argument ({@link KeyMap#TAKES_ARGUMENT}: {@code search TEXT}, {@code change-folder NAME}) stays the reader's.
 */
public final class CommandRegistry {
    /** How a command line runs. */
    public enum Kind { UI, BATCH, UNKNOWN }

    private final BatchCommands batch;

    public CommandRegistry(BatchCommands batch) {
        this.batch = batch;
    }

    /** Only the reader's own commands (for the built-in bindings and tests without a command line). */
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
        if (ui && (commandLine.size() == 1 || KeyMap.TAKES_ARGUMENT.contains(name))) return Kind.UI;
        if (b) return Kind.BATCH;
        return Kind.UNKNOWN;
    }

    /** Every name, sorted, for completion and messages. */
    public Set<String> names() {
        Set<String> all = new TreeSet<>(KeyMap.DESCRIPTIONS.keySet());
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
            case BATCH:
                return batch.problem(commandLine);
            default:
                if (isUiCommand(name)) return "'" + name + "' takes no arguments here";
                return "unknown command '" + name + "'; commands are " + String.join(", ", names());
        }
    }
}

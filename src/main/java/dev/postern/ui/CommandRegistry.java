package dev.postern.ui;

import dev.postern.command.Command;
import dev.postern.command.Commands;
import dev.postern.command.Option;
import dev.postern.command.ProcessCommand;
import dev.postern.command.ProcessCommands;
import dev.postern.command.ProcessControl;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The one set of command names that key bindings and the ':' prompt draw on: the reader's own commands
 * (the names in {@link KeyMap}, which each view reads in its own terms) and the typed commands of
 * {@link Commands} run directly on the controller with the reader's messages (the same objects as
 * {@code postern flag|move|copy|delete}), and those of {@link ProcessCommands} ({@code daemon}, {@code complete})
 * on the {@link ProcessControl} the reader was given; one that makes no sense inside a reader ({@code demo},
 * {@code shell}, {@code completion}) is refused with its own sentence. No command line goes through argv.
 * A name that is both a reader command and a typed one ({@code delete}, {@code move}, {@code copy}) means the
 * interactive reader command (which asks, then runs the typed one) when given alone, and the typed command
 * when given options; a reader command that takes an argument ({@link KeyMap#TAKES_ARGUMENT}: {@code search TEXT},
 * {@code change-folder NAME}) stays the reader's, unless the line names an option of the typed command of that
 * name ({@code search --local TEXT} is the typed search).
 */
public final class CommandRegistry {
    /** How a command line runs: a reader command, a typed command, or not at all. */
    public enum Kind { UI, COMMAND, UNKNOWN }

    private final ProcessControl process;
    /** Where process-level commands run: they may wait (a daemon starting), and ':' runs on the UI thread. */
    private ExecutorService worker;

    /** {@code process}: what {@code daemon} and {@code complete} act on; null: they say they cannot run here. */
    public CommandRegistry(ProcessControl process) {
        this.process = process;
    }

    /** The reader's own commands and the typed ones (for the built-in bindings and tests without a command line). */
    public static CommandRegistry uiOnly() { return new CommandRegistry(null); }

    public static boolean isUiCommand(String name) {
        return KeyMap.DESCRIPTIONS.containsKey(name);
    }

    public Kind kind(List<String> commandLine) {
        if (commandLine.isEmpty()) return Kind.UNKNOWN;
        String name = commandLine.get(0);
        boolean ui = isUiCommand(name);
        if (ui && (commandLine.size() == 1 || KeyMap.TAKES_ARGUMENT.contains(name) && !namesAnOption(commandLine))) return Kind.UI;
        if (Commands.find(name).isPresent() || ProcessCommands.find(name).isPresent()) return Kind.COMMAND;
        return Kind.UNKNOWN;
    }

    /**
     * True when a line whose name is both a reader command that takes an argument and a typed command
     * ({@code search}) names one of the typed command's options ({@code search --local from:bob}): it is the typed one.
     */
    private static boolean namesAnOption(List<String> commandLine) {
        List<Option> options = optionsOf(commandLine.get(0));
        if (options == null) return false;
        Set<String> names = new java.util.HashSet<>(List.of("-a", dev.postern.command.Words.ACCOUNT.name()));
        for (Option o : options) names.add(o.name());
        for (String w : commandLine.subList(1, commandLine.size())) {
            int eq = w.indexOf('=');
            if (names.contains(eq > 0 && w.startsWith("--") ? w.substring(0, eq) : w)) return true;
        }
        return false;
    }

    /** The options of the typed command {@code name}, on mail or on the process; null when there is none. */
    private static List<Option> optionsOf(String name) {
        Optional<Command<?, ?>> c = Commands.find(name);
        if (c.isPresent()) return c.get().options();
        return ProcessCommands.find(name).map(ProcessCommand::options).orElse(null);
    }

    /** The sentence a typed command that makes no sense inside a reader answers with; null for every other name. */
    private static String notInTheReader(String name) {
        return ProcessCommands.find(name).map(ProcessCommand::notInTheReader).orElse(null);
    }

    /** Every name the reader runs, sorted, for completion and messages. */
    public Set<String> names() {
        Set<String> all = new TreeSet<>(KeyMap.DESCRIPTIONS.keySet());
        all.addAll(Commands.names());
        for (String n : ProcessCommands.names()) if (notInTheReader(n) == null) all.add(n);
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
                String refused = notInTheReader(name);
                if (refused != null) return refused;
                return Commands.find(name).isPresent() ? Commands.problem(commandLine) : ProcessCommands.problem(commandLine);
            default:
                if (isUiCommand(name)) return "'" + name + "' takes no arguments here";
                return unknown(name);
        }
    }

    /**
     * The sentence for a name that is no command: the commands that begin as it does (what was likely meant), and
     * where the whole list is; the whole list filled six rows of an 80-column status area and was still cut (Z12).
     */
    String unknown(String name) {
        String start = name.isEmpty() ? "" : name.substring(0, 1).toLowerCase(java.util.Locale.ROOT);
        List<String> near = names().stream().filter(n -> !start.isEmpty() && n.startsWith(start)).limit(8).toList();
        return "unknown command '" + name + "'" + (near.isEmpty() ? "" : "; commands beginning so: " + String.join(", ", near))
                + "; ':' then Tab lists every command, ? the keys";
    }

    /** False for a typed command the account's backend cannot run, or that the reader does not run (hidden from completion). */
    public boolean availableFor(String name, dev.postern.controller.MailController c, String account) {
        if (notInTheReader(name) != null) return false;
        Optional<Command<?, ?>> cmd = Commands.find(name);
        return cmd.isEmpty() || Commands.refusal(cmd.get(), c, account) == null;
    }

    /** True for a typed command that acts on messages (the reader supplies them). */
    public boolean takesMessages(String name) {
        Optional<Command<?, ?>> c = Commands.find(name);
        return c.isPresent() && c.get().takesMessages();
    }

    /** The option names of a typed command, for Tab completion. */
    public List<String> options(String name) {
        List<Option> options = optionsOf(name);
        if (options == null) return List.of();
        List<String> out = new java.util.ArrayList<>(options.stream().map(Option::name).toList());
        out.add(dev.postern.command.Words.ACCOUNT.name());
        java.util.Collections.sort(out);
        return out;
    }

    /**
     * What the value after {@code option} of command {@code name} is, for Tab completion: from the typed
     * command's own options; null when unknown or when the option takes no value.
     */
    public Option.Value valueOf(String name, String option) {
        if (option.equals("-a")) return Option.Value.ACCOUNT;
        List<Option> options = optionsOf(name);
        if (options == null) return null;
        for (Option o : options) if (o.name().equals(option) && o.takesValue()) return o.value();
        if (option.equals(dev.postern.command.Words.ACCOUNT.name())) return Option.Value.ACCOUNT;
        return null;
    }

    /** True for a typed command that names its one message, which the reader supplies when the line names none. */
    public boolean namesItsMessage(String name) {
        return Commands.find(name).map(Command::namesItsMessage).orElse(false);
    }

    /** One phrase for the help screen; "" when none. */
    public String description(String name) {
        Optional<Command<?, ?>> c = Commands.find(name);
        if (c.isPresent()) return c.get().summary();
        return ProcessCommands.find(name).map(ProcessCommand::summary).orElse("");
    }

    /**
     * Runs a typed command line: a mail command gets its messages ({@code folder}, {@code uids} of {@code account}, as
     * seen under the folder's {@code uidValidity}; null folder for one that takes none) as typed arguments, off the UI thread; a process command runs on this
     * registry's worker thread against the reader's {@link ProcessControl}. The typed result comes back with the
     * line to show; the future fails with the command's one sentence.
     */
    public CompletableFuture<CommandOutcome> run(dev.postern.controller.MailController c, List<String> commandLine,
            String account, String folder, long uidValidity, List<Long> uids) {
        String refused = notInTheReader(commandLine.get(0));
        if (refused != null) return CompletableFuture.failedFuture(new dev.postern.model.PosternException(dev.postern.model.ExitCode.USAGE, refused));
        CompletableFuture<dev.postern.command.Result> ran;
        if (ProcessCommands.find(commandLine.get(0)).isPresent()) {
            ran = CompletableFuture.supplyAsync(() -> ProcessCommands.run(process, commandLine, account), worker())
                    .thenCompose(f -> f);
        } else {
            dev.postern.command.Messages targets = folder == null ? null : dev.postern.command.Messages.seen(account, folder, uidValidity, uids);
            ran = Commands.run(c, commandLine, account, targets);
        }
        return ran.thenApply(r -> new CommandOutcome(exitCode(r), r.text(), null, r));
    }

    /**
     * The exit code the batch command gives for {@code r}: a result that carries a failure (a sync or fetch whose
     * account failed, a flush that left mail waiting, a sign-in that could not be read) is not 0, so the reader shows
     * it as the error it is, wrapped in full as a key's error is, not as a notice cut at the row's end (hunt 32-V, D3).
     */
    static int exitCode(dev.postern.command.Result r) {
        if (r instanceof dev.postern.command.Sent s) return s.exitCode();
        if (r instanceof dev.postern.command.DaemonCommand.Said s) return s.exitCode();
        if (r instanceof dev.postern.command.SyncCommand.Synced s) return s.exitCode().code();
        if (r instanceof dev.postern.command.FetchCommand.Fetched f) return f.exitCode().code();
        if (r instanceof dev.postern.command.OutboxCommand.Outbox o) return o.exitCode().code();
        if (r instanceof dev.postern.command.AuthCommand.SignIns s) return s.exitCode();
        return 0;
    }

    private synchronized ExecutorService worker() {
        // One daemon thread that ends after a minute idle: a reader served to another terminal leaves none behind.
        if (worker == null) worker = IdleEndingWorker.named("postern-commands");
        return worker;
    }
}

package dev.postern.cli;

import dev.postern.command.ProcessCommands;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code postern shell}: the argv adapter over {@link ProcessCommands#SHELL} (the REPL is {@link Shell}, run by {@link ThisProcess#shell}). */
@Command(name = "shell", description = {"A prompt that runs postern's commands in one process.",
        "One store, one connection per account.",
        "Tab completes commands, options, accounts, folders and addresses; history is kept in "
                + "$XDG_STATE_HOME/postern/shell_history; new mail in each IMAP account's INBOX is announced above the prompt.",
        "With stdin not a terminal, runs the command lines read from stdin, one per line, and prints what they print."})
final class ShellCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Override
    public Integer call() {
        return Futures.await(ProcessCommands.SHELL.run(ThisProcess.of(root), new dev.postern.command.ShellCommand.Args())).exitCode();
    }

    /** $XDG_STATE_HOME/postern/shell_history (default ~/.local/state), beside the log file. */
    static Path historyFile(Wiring ctx) {
        return Path.of(dev.postern.model.HomeEnv.stateDir(ctx.env()), "shell_history");
    }
}

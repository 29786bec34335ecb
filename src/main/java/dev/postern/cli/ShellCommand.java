package dev.postern.cli;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "shell", description = {"A prompt that runs postern's commands in one process.",
        "One store, one connection per account.",
        "Tab completes commands, options, accounts, folders and addresses; history is kept in "
                + "$XDG_STATE_HOME/postern/shell_history; new mail in each IMAP account's INBOX is announced above the prompt.",
        "With stdin not a terminal, runs the command lines read from stdin, one per line, and prints what they print."})
final class ShellCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Spec CommandSpec spec;

    private boolean running;

    @Override
    public Integer call() throws IOException {
        if (running) throw new PosternException(ExitCode.USAGE, "this is the shell already; `exit` leaves it.");
        running = true;
        try {
            Wiring ctx = root.context();
            ctx.controller(); // config and store now: a broken config ends the shell before its first prompt
            Shell shell = new Shell(spec.root().commandLine(), ctx, root.out(), root.err());
            if (!root.inIsTerminal()) {
                root.setStdinIsScript(true);
                return shell.script(new BufferedReader(new InputStreamReader(root.in(), StandardCharsets.UTF_8)));
            }
            Terminal terminal;
            try {
                terminal = TerminalBuilder.builder().system(true).build();
            } catch (IOException | RuntimeException e) {
                throw new PosternException(ExitCode.IOERR, "cannot open the terminal for the shell (" + e.getMessage()
                        + "); `postern shell < FILE` runs commands from a file.", e);
            }
            try (terminal) {
                return shell.interactive(terminal, historyFile(ctx));
            }
        } finally {
            root.setStdinIsScript(false);
            running = false;
        }
    }

    /** $XDG_STATE_HOME/postern/shell_history (default ~/.local/state), beside the log file. */
    static Path historyFile(Wiring ctx) {
        String state = ctx.env().get("XDG_STATE_HOME");
        Path base = state != null && Path.of(state).isAbsolute() ? Path.of(state)
                : Path.of(ctx.env().getOrDefault("HOME", System.getProperty("user.home")), ".local", "state");
        return base.resolve("postern").resolve("shell_history");
    }
}

package dev.postern.cli;

import dev.postern.command.CompleteCommand;
import dev.postern.command.ProcessCommands;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code postern completion SHELL}: the argv adapter over {@link ProcessCommands#COMPLETION}, for a copy installed without the Debian package. */
@Command(name = "completion", description = {"Print the shell completion script for bash, zsh or fish.",
        "bash: source <(postern completion bash); zsh: postern completion zsh > \"${fpath[1]}/_postern\";",
        "fish: postern completion fish > ~/.config/fish/completions/postern.fish. The Debian package installs all three."})
final class CompletionCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Parameters(paramLabel = "SHELL", completionCandidates = Shells.class, description = "bash, zsh or fish.")
    String shell;

    static final class Shells extends java.util.ArrayList<String> {
        Shells() { super(Completion.SHELLS); }
    }

    @Override
    public Integer call() {
        var script = Futures.await(ProcessCommands.COMPLETION.run(ThisProcess.of(root), new dev.postern.command.CompletionCommand.Args(shell)));
        PrintWriter out = root.out();
        out.print(script.text());
        out.flush();
        return 0;
    }

    /**
     * {@code postern complete accounts|folders}: the argv adapter over {@link ProcessCommands#COMPLETE}, the names the
     * completion scripts offer, from the config and the offline store only. Hidden from help.
     */
    @Command(name = "complete", hidden = true, description = "Print account or folder names for shell completion.")
    static final class Names implements Callable<Integer> {
        @ParentCommand PosternCommand root;

        @Parameters(paramLabel = "WHAT", description = "accounts or folders.")
        String what;

        @Override
        public Integer call() {
            CompleteCommand.Args args = new CompleteCommand.Args(CompleteCommand.what(what), root.account);
            PrintWriter out = root.out();
            for (String name : Futures.await(ProcessCommands.COMPLETE.run(ThisProcess.of(root), args)).names()) out.println(name);
            out.flush();
            return 0;
        }
    }
}

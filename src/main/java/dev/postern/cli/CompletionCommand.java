package dev.postern.cli;

import dev.postern.render.Sanitizer;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code postern completion SHELL}: the completion script, for a copy installed without the Debian package. */
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
        if (!Completion.SHELLS.contains(shell)) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "there is no completion for '" + shell + "'; choose bash, zsh or fish.");
        }
        PrintWriter out = root.out();
        out.print(Completion.script(shell, Completion.tree()));
        out.flush();
        return 0;
    }

    /**
     * {@code postern complete accounts|folders}: the names the completion scripts offer, from the config and
     * the offline store only (never the network, so a Tab never waits on a server). Hidden from help.
     */
    @Command(name = "complete", hidden = true, description = "Print account or folder names for shell completion.")
    static final class Names implements Callable<Integer> {
        @ParentCommand PosternCommand root;

        @Parameters(paramLabel = "WHAT", description = "accounts or folders.")
        String what;

        @Override
        public Integer call() {
            PrintWriter out = root.out();
            switch (what) {
                case "accounts" -> Completion.accountNames(root.config()).forEach(out::println);
                case "folders" -> {
                    // The store's list as it is, without making the controller: a Tab waits on nothing.
                    for (String f : root.context().cachedFolderNames(root.account())) out.println(Sanitizer.oneLine(f));
                }
                default -> throw new CommandLine.ParameterException(new CommandLine(this),
                        "complete takes accounts or folders, not '" + what + "'.");
            }
            out.flush();
            return 0;
        }
    }
}

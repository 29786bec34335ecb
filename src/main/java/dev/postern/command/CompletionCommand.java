package dev.postern.command;

import dev.postern.render.Sanitizer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code completion SHELL}: the shell completion script, made from the command tree ({@link ProcessControl#completionScript}). */
public final class CompletionCommand implements ProcessCommand<CompletionCommand.Args, CompletionCommand.Script> {
    /** Shells there is a script for. */
    public static final List<String> SHELLS = List.of("bash", "zsh", "fish");

    public record Args(String shell) {
        public Args {
            if (shell == null) throw Words.usage("completion: name the shell: bash, zsh or fish.");
            if (!SHELLS.contains(shell)) {
                throw Words.usage("there is no completion for '" + Sanitizer.oneLine(shell) + "'; choose bash, zsh or fish.");
            }
        }
    }

    /** The script; its text is what {@code postern completion SHELL} prints. */
    public record Script(String shell, String text) implements Result {}

    @Override public String name() { return "completion"; }

    @Override public String summary() { return "Print the shell completion script for bash, zsh or fish"; }

    @Override public List<Option> options() { return List.of(); }

    @Override public List<String> operands() { return List.of("SHELL"); }

    @Override
    public String notInTheReader() {
        return "completion prints a script for your shell; run `postern completion bash` (or zsh, fish) in the shell.";
    }

    @Override
    public Args arguments(Words words) {
        List<String> p = words.positionals();
        if (p.size() > 1) throw Words.usage("completion takes one shell: bash, zsh or fish.");
        return new Args(p.isEmpty() ? null : p.get(0));
    }

    @Override
    public CompletableFuture<Script> run(ProcessControl process, Args a) {
        try {
            return CompletableFuture.completedFuture(new Script(a.shell(), process.completionScript(a.shell())));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}

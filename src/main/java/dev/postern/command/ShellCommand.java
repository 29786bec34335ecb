package dev.postern.command;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code shell}: a prompt that runs postern's commands in one process ({@link ProcessControl#shell}). */
public final class ShellCommand implements ProcessCommand<ShellCommand.Args, ShellCommand.Ended> {
    public record Args() {}

    /** The shell ended with this exit code (its last command's, or 0 after {@code exit}). */
    public record Ended(int exitCode) implements Result {
        @Override
        public String text() { return ""; }
    }

    @Override public String name() { return "shell"; }

    @Override public String summary() { return "A prompt that runs postern's commands in one process"; }

    @Override public List<Option> options() { return List.of(); }

    @Override
    public String notInTheReader() {
        return "shell opens a prompt of its own; quit the reader and run `postern shell`, or run commands here at ':'.";
    }

    @Override
    public Args arguments(Words words) {
        if (!words.positionals().isEmpty()) throw Words.usage("shell takes no words.");
        return new Args();
    }

    @Override
    public CompletableFuture<Ended> run(ProcessControl process, Args a) {
        try {
            return CompletableFuture.completedFuture(new Ended(process.shell()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}

package dev.postern.ui;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The batch commands not typed yet ({@code sync}, {@code search} ...; the typed ones, folders, flag, move,
 * copy, delete, folder, export, import, jobs and cancel, run directly through {@link dev.postern.command.Commands}) as the reader sees them: the
 * same picocli commands as {@code postern sync ...}, run in this process against its one controller and
 * store. Implemented by the command line layer; the reader only knows names, checks and results.
 */
public interface BatchCommands {
    /**
     * Starts building what the questions below answer from (picocli's model of every command), in the
     * background; the reader calls it behind its first screen. A question asked earlier builds it and waits.
     */
    default void prepare() {}

    /** Names that a binding, the ':' prompt and completion may use. */
    Set<String> names();

    /** Null when {@code commandLine} (name first) would parse, else one sentence saying what is wrong. */
    String problem(List<String> commandLine);

    /** The option names of a command ("--to", "--set" ...), for Tab completion; empty when unknown. */
    default List<String> options(String name) { return List.of(); }

    /** A one-line description of a command for the help screen (its usage text's first phrase); "" when none. */
    default String description(String name) { return ""; }

    /** True for commands that act on messages (FOLDER UID...): the reader supplies them. */
    boolean takesMessages(String name);

    /**
     * Runs a command line off the UI thread. {@code account} is added unless the line names one; for a
     * command that takes messages, {@code folder} and {@code uids} are appended. Never completes
     * exceptionally: failures are a {@link Result} with the sentence the CLI would print.
     */
    CompletableFuture<Result> run(List<String> commandLine, String account, String folder, List<Long> uids);

    /**
     * What the command printed; {@code error} is its one-sentence failure, or null; {@code typed}: a typed command's
     * own result (null for a batch command line), which a screen may finish (a draft to edit).
     */
    record Result(int exitCode, String output, String error, dev.postern.command.Result typed) {
        public Result(int exitCode, String output, String error) {
            this(exitCode, output, error, null);
        }

        /** The line to show on the status line: the error, else the last line printed. */
        public String summary() {
            if (error != null && !error.isBlank()) return error.strip();
            String[] lines = output.strip().split("\r?\n");
            return lines.length == 0 ? "" : lines[lines.length - 1].strip();
        }
    }
}

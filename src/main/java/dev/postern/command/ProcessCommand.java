package dev.postern.command;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A command that acts on this postern process rather than on mail ({@code daemon}, {@code completion},
 * {@code complete}, {@code demo}, {@code shell}): the same shape as a {@link Command} (name, options, operands,
 * typed arguments from typed words, a typed {@link Result}), but it runs against {@link ProcessControl}, which
 * the door hands in (the batch door: the process's own, with its terminal; the reader's ':': the reader's), not
 * against the controller. Registered in {@link ProcessCommands#ALL}; its picocli class only parses argv and
 * prints the result. (Its own interface and registry, not a kind of {@link Command}: a short batch command such
 * as {@code list --cached} loads {@link Commands} and every class it names, and none of these.)
 */
public interface ProcessCommand<A, R extends Result> {
    /** The word that names it at ':', in bindings and on the command line. */
    String name();

    /** One phrase for help screens. */
    String summary();

    /** The options it reads from typed words, for checking a line and for Tab completion. */
    List<Option> options();

    /** The words it takes after its options, by their labels; its argv adapter's positional parameters carry the same (CommandDoorsTest). */
    default List<String> operands() { return List.of(); }

    /**
     * The sentence the reader's ':' answers with, for a command that makes no sense inside a reader (it opens
     * a screen or a prompt of its own, or prints a script for a shell); null when the reader runs it.
     */
    default String notInTheReader() { return null; }

    /**
     * Its arguments from the words typed after its name, already read against {@link #options()}.
     *
     * @throws dev.postern.model.PosternException (usage, 64) saying in one sentence what is wrong
     */
    A arguments(Words words);

    /**
     * Runs it. Unlike a mail command it may do its work on the caller's thread (a foreground shell, the demo's
     * reader): the batch door waits for it anyway, and the reader calls it on its commands' worker thread.
     * Fails with a {@link dev.postern.model.PosternException}.
     */
    CompletableFuture<R> run(ProcessControl process, A arguments);
}

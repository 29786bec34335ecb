package dev.postern.command;

import java.util.concurrent.CompletableFuture;

/**
 * A command that acts on this postern process rather than on mail ({@code daemon}, {@code completion},
 * {@code complete}, {@code demo}, {@code shell}): it runs against {@link ProcessControl}, which the door hands
 * in (the batch door: the process's own, with its terminal; the reader's ':': the reader's). Registered in
 * {@link Commands#ALL} like every command; its picocli class only parses argv and prints the result.
 */
public interface ProcessCommand<A, R extends Result> extends TypedCommand<A, R> {
    /** It never takes messages. */
    @Override
    default boolean takesMessages() { return false; }

    /**
     * The sentence the reader's ':' answers with, for a command that makes no sense inside a reader (it opens
     * a screen or a prompt of its own, or prints a script for a shell); null when the reader runs it.
     */
    default String notInTheReader() { return null; }

    /**
     * Runs it. Unlike a mail command it may do its work on the caller's thread (a foreground shell, the demo's
     * reader): the batch door waits for it anyway, and the reader calls it on its commands' worker thread.
     * Fails with a {@link dev.postern.model.PosternException}.
     */
    CompletableFuture<R> run(ProcessControl process, A arguments);
}

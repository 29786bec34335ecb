package dev.postern.command;

import dev.postern.controller.MailController;
import java.util.concurrent.CompletableFuture;

/**
 * One action on mail a person or a script can take, whichever door it comes through (a batch command line, a
 * key, the reader's ':' prompt, the shell). {@code A} is its typed arguments, {@code R} its typed result.
 * Adding a command is one class implementing this and one line in {@link Commands#ALL}. (A command that acts
 * on the process rather than on mail is a {@link ProcessCommand}.)
 */
public interface Command<A, R extends Result> extends TypedCommand<A, R> {
    /** Runs it off the caller's thread. Fails with a {@link dev.postern.model.PosternException}. */
    CompletableFuture<R> run(MailController controller, A arguments);
}

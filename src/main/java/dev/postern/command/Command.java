package dev.postern.command;

import dev.postern.controller.MailController;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One action on mail a person or a script can take, whichever door it comes through (a batch command line, a
 * key, the reader's ':' prompt, the shell). {@code A} is its typed arguments, {@code R} its typed result.
 * Adding a command is one class implementing this and one line in {@link Commands#ALL}. A command that acts on
 * the postern process rather than on mail is a {@link ProcessCommand}, registered in {@link ProcessCommands#ALL}.
 */
public interface Command<A, R extends Result> {
    /** The word that names it at ':' , in bindings and on the command line. */
    String name();

    /** One phrase for help screens. */
    String summary();

    /**
     * What {@code postern NAME --help} says of it, a line each; the first, a whole sentence, is also what
     * {@code postern --help} lists. By default its {@link #summary()} as a sentence.
     */
    default List<String> help() { return List.of(summary().endsWith(".") ? summary() : summary() + "."); }

    /** The options it reads from typed words, for checking a line and for Tab completion. */
    List<Option> options();

    /**
     * What the account's backend must be able to do for it ({@link dev.postern.model.Capability}); the reader
     * hides the command for an account without them, and running it there fails with one sentence.
     */
    default java.util.Set<dev.postern.model.Capability> needs() { return java.util.Set.of(); }

    /** What it does, for "account X cannot ..." when the account lacks what it {@link #needs()}. */
    default String doing() { return name() + " messages"; }

    /**
     * The words it takes after its options, by their labels ("FOLDER", "PATH"), for a command that does not
     * take messages; its argv adapter's positional parameters carry the same labels (CommandDoorsTest).
     */
    default List<String> operands() { return List.of(); }

    /** What {@code --help} says of its operand {@code label} (one of {@link #operands()}); "" for nothing. */
    default String operandHelp(String label) { return ""; }

    /** True when it acts on messages: the reader supplies them (the one shown, under the cursor, or tagged). */
    boolean takesMessages();

    /**
     * True when it names one message by its operands ({@code read [FOLDER] UID}): run from the reader (a binding,
     * ':') with none named, it gets the message shown or under the cursor as {@code targets} of {@link #arguments}.
     */
    default boolean namesItsMessage() { return false; }

    /**
     * Its arguments from the words typed after its name (at ':' or in a key binding), already read against
     * {@link #options()}; {@code targets} are the messages the reader supplies (null when it takes none).
     *
     * @throws dev.postern.model.PosternException (usage, 64) saying in one sentence what is wrong
     */
    A arguments(Words words, Messages targets);

    /** Runs it off the caller's thread. Fails with a {@link dev.postern.model.PosternException}. */
    CompletableFuture<R> run(MailController controller, A arguments);
}

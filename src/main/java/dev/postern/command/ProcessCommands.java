package dev.postern.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The registry of the commands that act on the postern process ({@link ProcessCommand}), the sibling of
 * {@link Commands}: every door reads it as it reads that one (the picocli subcommands call the object of their
 * name, the reader's ':' and bindings look names up here). A new one is one class and one line in {@link #ALL}.
 * Kept apart from {@link Commands} so that a short batch command, which loads that registry, loads none of these.
 */
public final class ProcessCommands {
    public static final DaemonCommand DAEMON = new DaemonCommand();
    public static final CompletionCommand COMPLETION = new CompletionCommand();
    public static final CompleteCommand COMPLETE = new CompleteCommand();
    public static final DemoCommand DEMO = new DemoCommand();
    public static final ShellCommand SHELL = new ShellCommand();

    /** Every one, in the order help lists them. */
    public static final List<ProcessCommand<?, ?>> ALL = List.of(DAEMON, COMPLETION, COMPLETE, DEMO, SHELL);

    private static final Map<String, ProcessCommand<?, ?>> BY_NAME = new LinkedHashMap<>();

    static {
        for (ProcessCommand<?, ?> c : ALL) {
            if (BY_NAME.put(c.name(), c) != null) throw new IllegalStateException("two commands named " + c.name());
        }
    }

    private ProcessCommands() {}

    public static Optional<ProcessCommand<?, ?>> find(String name) { return Optional.ofNullable(BY_NAME.get(name)); }

    public static Set<String> names() { return BY_NAME.keySet(); }

    /** Checks a typed line ({@code words}: the name first) without running it: null when its options read, else one sentence. */
    public static String problem(List<String> words) {
        ProcessCommand<?, ?> c = BY_NAME.get(words.get(0));
        if (c == null) return "unknown command '" + words.get(0) + "'";
        try {
            Words.read(c, words.subList(1, words.size()));
            return null;
        } catch (dev.postern.model.PosternException e) {
            return e.getMessage();
        }
    }

    /**
     * Runs a typed line on {@code process} (null: the command fails with one sentence), {@code account} (may be
     * null) standing for the account when the words name none. Fails (in the future) with the command's
     * one-sentence usage error or the process's failure.
     */
    public static CompletableFuture<Result> run(ProcessControl process, List<String> words, String account) {
        ProcessCommand<?, ?> cmd = BY_NAME.get(words.get(0));
        if (cmd == null) return CompletableFuture.failedFuture(Words.usage("unknown command '" + words.get(0) + "'."));
        try {
            return typed(cmd, process, Words.read(cmd, words.subList(1, words.size())).orAccount(account));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static <A, R extends Result> CompletableFuture<Result> typed(ProcessCommand<A, R> cmd, ProcessControl process, Words w) {
        if (process == null) throw Words.usage(cmd.name() + " acts on a postern process, and none was given to run it here.");
        A args = cmd.arguments(w);
        return cmd.run(process, args).thenApply(r -> r);
    }
}

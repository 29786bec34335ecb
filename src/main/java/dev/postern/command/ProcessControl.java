package dev.postern.command;

import java.util.List;

/**
 * What the process-level commands ({@link ProcessCommand}) act on: this postern process, not its mail. The
 * adapters' layer implements it (cli: the command tree, the terminal, the wiring's config and store names) and
 * the wiring hands in the part below it that owns the data directory ({@link DataDirOwner}, from resident).
 * Each method fails with one sentence (a {@link dev.postern.model.PosternException}) when this process cannot do it.
 */
public interface ProcessControl {
    /** Who owns the data directory, and starting or stopping a daemon: what {@code daemon} asks and tells. */
    DataDirOwner owner();

    /** The completion script for {@code shell}, one of {@link CompletionCommand#SHELLS}, made from the command tree. */
    String completionScript(String shell);

    /** The config's account names, in its order (for completion). */
    List<String> accountNames();

    /**
     * The names of {@code account}'s folders (null: the config's first account) as last listed into the store,
     * in the store's order, never from the network: a Tab waits on nothing.
     */
    List<String> cachedFolderNames(String account);

    /** As {@link #cachedFolderNames}, only the folders that can hold messages (no \\Noselect): move/copy targets. */
    default List<String> cachedTargetNames(String account) { return cachedFolderNames(account); }

    /**
     * The demo: an embedded mail server on loopback, and the reader opened on it until it is quit; or, with
     * {@code serve}, the server alone, running until the process is stopped (the result says how to reach it).
     */
    DemoCommand.Ran demo(boolean serve);

    /** The shell on this process's terminal (or the command lines on its stdin) until it ends; its exit code. */
    int shell();
}

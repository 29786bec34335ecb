package dev.postern.cli;

import dev.postern.command.Commands;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import picocli.CommandLine;

/**
 * What a command line served by an owner (resident/Owner) waits for before it runs, read from the command it parses
 * to (its picocli adapter and that adapter's options), never from the argv's words: {@link Kind#STORE}, nothing but the
 * store's own read lock (it only reads the store, or the config, or prints help); {@link Kind#ACCOUNTS}, the turn of
 * each account it works on, so two commands of one account stay in order and commands of other accounts run beside
 * it; {@link Kind#ALL}, every other command's end (what stops the owner, or changes the whole store).
 */
public record ServedClaim(Kind kind, SortedSet<String> accounts) {
    public enum Kind { STORE, ACCOUNTS, ALL }

    public static final ServedClaim STORE = new ServedClaim(Kind.STORE, new TreeSet<>());
    public static final ServedClaim ALL = new ServedClaim(Kind.ALL, new TreeSet<>());

    public ServedClaim {
        accounts = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(accounts));
    }

    static ServedClaim of(Collection<String> accounts) {
        return new ServedClaim(Kind.ACCOUNTS, new TreeSet<>(accounts));
    }

    /**
     * The claim of {@code args} (a client's argv, as resident/Requests runs it) on {@code ctx}: parsed by a tree of
     * its own, which runs nothing. A line that does not parse, or names no account there is, runs at once: it only says
     * so (64). Anything not known here waits for all the others, as every served command once did.
     */
    public static ServedClaim of(Wiring ctx, Map<String, String> env, String[] args) {
        PosternCommand root = PosternCommand.sharing(ctx, env, (controller, account, folder) -> { });
        String[] line = CommandNames.withHelp(args);
        CommandLine.ParseResult parsed;
        try {
            if (CommandNames.unknownHelpTopic(args) != null) return STORE;
            parsed = PosternCommand.commandLine(root, line).parseArgs(line);
        } catch (CommandLine.ParameterException e) {
            return STORE;
        }
        CommandLine.ParseResult leaf = parsed;
        while (true) {
            if (leaf.isUsageHelpRequested() || leaf.isVersionHelpRequested()) return STORE;
            if (leaf.subcommand() == null) break;
            leaf = leaf.subcommand();
        }
        try {
            return of(root, leaf.commandSpec().userObject());
        } catch (dev.postern.model.PosternException e) {
            return STORE; // an account the config does not name, a config that does not read: said by the command
        }
    }

    private static ServedClaim of(PosternCommand root, Object command) {
        if (command instanceof PosternCommand) return STORE; // the reader, refused to a client without a terminal
        if (command instanceof ListCommand c) return c.cached ? STORE : inFolder(root, c.folder);
        if (command instanceof FoldersCommand c) return c.cached ? STORE : account(root, null);
        if (command instanceof SearchCommand c) return c.local ? STORE : inFolder(root, c.folder());
        if (command instanceof ExportCommand c) return c.fromServer ? account(root, null) : STORE;
        if (command instanceof FetchCommand c) return of(c.accounts());
        if (command instanceof SyncCommand c) return of(c.accounts());
        if (command instanceof OutboxCommand c) return c.flush ? flushed(root) : c.drop != null || c.retry != null ? every(root) : STORE;
        if (command instanceof SendCommand c) return c.flush ? flushed(root) : account(root, null);
        if (command instanceof RetentionCommand) return root.account != null ? account(root, null) : every(root);
        if (command instanceof AuthCommand.Login c) return account(root, c.account);
        if (command instanceof AuthCommand.Logout c) return account(root, c.account);
        if (command instanceof TypedAdapter c) {
            return c.command() == Commands.JOBS || c.command() == Commands.CANCEL ? STORE : account(root, null);
        }
        if (command instanceof QueueCommand || command instanceof StoreCommand.Stats || command instanceof StoreCommand.Verify
                || command instanceof StoreCommand.Compact || command instanceof AuthCommand.Status
                || command instanceof CompletionCommand || command instanceof CompletionCommand.Names
                || command instanceof DaemonCommand.Status) {
            return STORE; // compact is refused beside an owner; verify's record of damage is one commit, as a reader's
        }
        if (command instanceof ReadCommand || command instanceof FlagCommand || command instanceof TransferCommands.Move
                || command instanceof TransferCommands.Copy || command instanceof TransferCommands.Delete
                || command instanceof FolderCommand.Sub || command instanceof AttachmentCommand.Save
                || command instanceof AttachmentCommand.Show || command instanceof AttachmentCommand.Open
                || command instanceof AnswerCommands.Reply || command instanceof AnswerCommands.Forward
                || command instanceof BounceCommand || command instanceof RecallCommand || command instanceof ImportCommand) {
            return account(root, null);
        }
        return ALL; // daemon stop|run|start, shell, demo, store reindex|adopt, and whatever comes later until it is placed here
    }

    private static ServedClaim account(PosternCommand root, String named) {
        return of(List.of(root.account(named != null ? named : root.account)));
    }

    /** A folder of -a's account, or "All Inboxes": each of its member accounts. */
    private static ServedClaim inFolder(PosternCommand root, String folder) {
        var c = root.reading();
        return c.isAllInboxes(folder) ? of(c.unifiedInbox()) : account(root, null);
    }

    private static ServedClaim every(PosternCommand root) {
        return of(root.config().accounts().stream().map(dev.postern.config.AccountConfig::name).toList());
    }

    /** The outbox of -a's account, or of every account. */
    private static ServedClaim flushed(PosternCommand root) {
        return root.account != null ? account(root, null) : every(root);
    }
}

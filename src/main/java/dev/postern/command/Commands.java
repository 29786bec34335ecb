package dev.postern.command;

import dev.postern.controller.MailController;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The registry of typed commands: the one list every door reads (picocli subcommands call the object
 * registered under their name; the reader's keys, ':' prompt and bindings look names up here; completion
 * reads each command's options). A new command is one class and one line in {@link #ALL}.
 */
public final class Commands {
    public static final FlagCommand FLAG = new FlagCommand();
    public static final MoveCommand MOVE = new MoveCommand();
    public static final CopyCommand COPY = new CopyCommand();
    public static final DeleteCommand DELETE = new DeleteCommand();
    public static final FolderAdminCommand FOLDER = new FolderAdminCommand();
    public static final ExportCommand EXPORT = new ExportCommand();
    public static final ImportCommand IMPORT = new ImportCommand();
    public static final FoldersCommand FOLDERS = new FoldersCommand();
    public static final JobsCommand JOBS = new JobsCommand();
    public static final CancelCommand CANCEL = new CancelCommand();
    public static final StoreCommand STORE = new StoreCommand();
    public static final ListCommand LIST = new ListCommand();
    public static final ReadCommand READ = new ReadCommand();
    public static final SearchCommand SEARCH = new SearchCommand();
    public static final AttachmentCommand ATTACHMENT = new AttachmentCommand();
    public static final RetentionCommand RETENTION = new RetentionCommand();
    public static final FetchCommand FETCH = new FetchCommand();
    public static final SyncCommand SYNC = new SyncCommand();
    public static final OutboxCommand OUTBOX = new OutboxCommand();
    public static final QueueCommand QUEUE = new QueueCommand();
    public static final SendCommand SEND = new SendCommand();
    public static final ReplyCommand REPLY = new ReplyCommand();
    public static final ForwardCommand FORWARD = new ForwardCommand();
    public static final BounceCommand BOUNCE = new BounceCommand();
    public static final RecallCommand RECALL = new RecallCommand();
    public static final AuthCommand AUTH = new AuthCommand();

    /** Every command, in the order help lists them. */
    public static final List<Command<?, ?>> ALL = List.of(FOLDERS, FLAG, MOVE, COPY, DELETE, FOLDER, EXPORT, IMPORT, JOBS, CANCEL,
            STORE, LIST, READ, SEARCH, ATTACHMENT, RETENTION, FETCH, SYNC, OUTBOX, QUEUE, SEND, REPLY, FORWARD, BOUNCE, RECALL, AUTH);

    private static final Map<String, Command<?, ?>> BY_NAME = new LinkedHashMap<>();

    static {
        for (Command<?, ?> c : ALL) {
            if (BY_NAME.put(c.name(), c) != null) throw new IllegalStateException("two commands named " + c.name());
        }
    }

    private Commands() {}

    /**
     * Null when {@code account} can run {@code command}, else the sentence that says why not (the same one
     * the controller gives when a session lacks the capability).
     */
    public static String refusal(Command<?, ?> command, MailController c, String account) {
        java.util.Set<dev.postern.model.Capability> has = c.capabilities(account);
        for (dev.postern.model.Capability need : command.needs()) {
            if (!has.contains(need)) return "account " + account + " cannot " + command.doing() + pop3Way(command, has) + ".";
        }
        return null;
    }

    /**
     * What a POP3 account does instead (hunt 33, Z8: "cannot delete messages" named neither the reason nor the way): its
     * server holds one folder and deletes only at a fetch, under the account's [pop3] settings.
     */
    private static String pop3Way(Command<?, ?> command, java.util.Set<dev.postern.model.Capability> has) {
        if (!has.contains(dev.postern.model.Capability.MAILDROP)) return "";
        if (command == DELETE) return " (POP3: a fetch deletes from the server with keep_on_server = false or delete_after_days)";
        return command == MOVE || command == COPY ? " (POP3 has one folder, INBOX)" : "";
    }

    /** A failed future with {@link #refusal}'s sentence (usage, as the controller says it), or null when it can run. */
    static <T> CompletableFuture<T> refused(Command<?, ?> command, MailController c, String account) {
        String why = refusal(command, c, account);
        return why == null ? null : CompletableFuture.failedFuture(Words.usage(why));
    }

    public static Optional<Command<?, ?>> find(String name) { return Optional.ofNullable(BY_NAME.get(name)); }

    public static Set<String> names() { return BY_NAME.keySet(); }

    /**
     * Checks a typed line ({@code words}: the name first) without running it: null when it reads, else one
     * sentence. Messages are not needed to check.
     */
    public static String problem(List<String> words) {
        Command<?, ?> c = BY_NAME.get(words.get(0));
        if (c == null) return "unknown command '" + words.get(0) + "'";
        try {
            Words w = Words.read(c, words.subList(1, words.size()));
            if (c.takesMessages() && !w.positionals().isEmpty()) {
                return c.name() + ": the messages come from the reader; '" + w.positionals().get(0) + "' is not an option.";
            }
            return null;
        } catch (dev.postern.model.PosternException e) {
            return e.getMessage();
        }
    }

    /**
     * Runs a typed line against {@code targets} (for a command that takes messages; else null), with
     * {@code account} (may be null: the first) for a command that takes none unless the words name one: its words
     * are read by the command's own options into its typed arguments, and the typed result comes back.
     * Fails (in the future) with the command's one-sentence usage error or the controller's failure.
     */
    public static CompletableFuture<Result> run(MailController c, List<String> words, String account, Messages targets) {
        Command<?, ?> cmd = BY_NAME.get(words.get(0));
        if (cmd == null) return CompletableFuture.failedFuture(Words.usage("unknown command '" + words.get(0) + "'."));
        try {
            return typed(cmd, c, Words.read(cmd, words.subList(1, words.size())).orAccount(account), targets);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static <A, R extends Result> CompletableFuture<Result> typed(Command<A, R> cmd, MailController c, Words w, Messages targets) {
        if (cmd.takesMessages() && targets == null) throw Words.usage(cmd.name() + ": there is no message to act on.");
        if (cmd.takesMessages() && !w.positionals().isEmpty()) {
            throw Words.usage(cmd.name() + ": the messages come from the reader; '" + w.positionals().get(0) + "' is not an option.");
        }
        if (cmd.takesMessages() && targets != null && w.account() != null && !w.account().equals(targets.account())) {
            throw Words.usage(cmd.name() + ": the messages are in account " + targets.account() + ", not " + w.account() + ".");
        }
        A args = cmd.arguments(w, targets);
        return cmd.run(c, args).thenApply(r -> r);
    }
}

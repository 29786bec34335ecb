package dev.postern.command;

import dev.postern.controller.MailController;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * {@code folder create|rename|delete|subscribe|unsubscribe NAME [NEW]}: folders on the server, queued while
 * it is unreachable. Deleting a folder that holds messages needs {@code --yes}; a door that can ask (the
 * command line on a terminal, the shell) asks first and passes the answer as {@code yes}.
 */
public final class FolderAdminCommand implements Command<FolderAdminCommand.Args, FolderAdminCommand.Done> {
    public enum Action { CREATE, RENAME, DELETE, SUBSCRIBE, UNSUBSCRIBE;
        public String word() { return name().toLowerCase(Locale.ROOT); }
    }

    public record Args(String account, Action action, String name, String to, boolean yes) {
        public Args {
            if (action == null) throw Words.usage("say what to do: folder create|rename|delete|subscribe|unsubscribe NAME [NEW].");
            if (name == null || name.isEmpty()) throw Words.usage("folder " + action.word() + ": name the folder.");
            if (action == Action.RENAME && (to == null || to.isEmpty())) throw Words.usage("folder rename: name the new folder: folder rename NAME NEW.");
            if (action != Action.RENAME && to != null) throw Words.usage("folder " + action.word() + " takes one folder name.");
            if (action == Action.DELETE && name.equalsIgnoreCase("INBOX")) {
                throw Words.usage((account == null ? "" : "account " + Sanitizer.oneLine(account) + ": ") + "INBOX cannot be deleted.");
            }
        }
    }

    /** What was done, and what was left queued. */
    public record Done(Args args, Queued queued) implements Result {
        @Override
        public String text() {
            String past = switch (args.action()) {
                case CREATE -> "created";
                case RENAME -> "renamed";
                case DELETE -> "deleted";
                case SUBSCRIBE -> "subscribed";
                case UNSUBSCRIBE -> "unsubscribed";
            };
            return Sanitizer.oneLine(past + " " + args.name() + (args.action() == Action.RENAME ? " to " + args.to() : ""));
        }
    }

    static final Option YES = Option.flagSwitch("--yes");

    @Override public String name() { return "folder"; }

    @Override public String summary() { return "Create, rename, delete or (un)subscribe a folder on the server"; }

    @Override public List<Option> options() { return List.of(YES); }

    @Override public java.util.Set<dev.postern.model.Capability> needs() { return java.util.Set.of(dev.postern.model.Capability.FOLDERS); }

    @Override public String doing() { return "manage folders"; }

    @Override public boolean takesMessages() { return false; }

    /** {@code create NAME}, {@code rename NAME NEW} ...: the words after "folder". */
    @Override
    public Args arguments(Words words, Messages targets) {
        List<String> p = words.positionals();
        Action action = null;
        if (!p.isEmpty()) {
            for (Action a : Action.values()) if (a.word().equals(p.get(0))) action = a;
            if (action == null) throw Words.usage("folder: '" + Sanitizer.oneLine(p.get(0)) + "' is not create, rename, delete, subscribe or unsubscribe.");
        }
        if (p.size() > 3) throw Words.usage("folder: too many words; quote a name with spaces.");
        return new Args(words.accountOrDefault(), action, p.size() > 1 ? p.get(1) : null, p.size() > 2 ? p.get(2) : null,
                words.has(YES.name()));
    }

    @Override
    public CompletableFuture<Done> run(MailController c, Args given) {
        // No account named (the reader's merged inbox): the first, as on the command line.
        Args a = given.account() != null ? given
                : new Args(c.accounts().get(0), given.action(), given.name(), given.to(), given.yes());
        CompletableFuture<Done> refused = Commands.refused(this, c, a.account());
        if (refused != null) return refused;
        CompletableFuture<Void> f = switch (a.action()) {
            case CREATE -> c.createFolder(a.account(), a.name());
            case RENAME -> c.renameFolder(a.account(), a.name(), a.to());
            case SUBSCRIBE -> c.subscribe(a.account(), a.name(), true);
            case UNSUBSCRIBE -> c.subscribe(a.account(), a.name(), false);
            case DELETE -> a.yes() ? c.deleteFolder(a.account(), a.name())
                    : c.folderMessages(a.account(), a.name()).thenCompose(n -> {
                        String onlyHere = keptOnlyHere(c.localOnly(a.account(), a.name()).size());
                        if (n != 0 || !onlyHere.isEmpty()) throw new PosternException(ExitCode.USAGE, Sanitizer.oneLine("folder "
                                + a.name() + " of " + a.account() + " holds " + (n < 0 ? "messages the server would not count"
                                : n + " message(s)") + onlyHere + "; nothing was deleted; add --yes to delete it with them."));
                        return c.deleteFolder(a.account(), a.name());
                    });
        };
        return f.thenApply(v -> new Done(a, Queued.of(c, a.account())));
    }

    /**
     * What a folder delete takes that no server count shows: {@code n} messages kept only here (retention with
     * {@code where = "server"} deleted their server copy), whose last copy goes with the folder (hunt 43-Y, Y2: an
     * empty server folder was deleted without a question, and its archive with it). "" for none, else a clause to add.
     */
    public static String keptOnlyHere(int n) {
        return n == 0 ? "" : ", and " + n + (n == 1 ? " message" : " messages")
                + " kept only here (their server copy was deleted by retention: this is their last copy)";
    }
}

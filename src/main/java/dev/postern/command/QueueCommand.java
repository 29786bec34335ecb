package dev.postern.command;

import dev.postern.controller.MailController;
import dev.postern.controller.StoredOnly;
import dev.postern.model.QueuedChange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code queue}: the changes made while a server was unreachable (flags, moves, deletes, folder changes, Sent copies), in the
 * order they will be replayed on the next connection; {@code queue --drop ID} takes one back before it is.
 */
public final class QueueCommand implements Command<QueueCommand.Args, QueueCommand.Listed> {
    public static final Option DROP = Option.of("--drop", Option.Value.TEXT)
            .described("Take back the queued change ID (the first column of `queue`) before it is replayed.");

    /**
     * {@code accounts} empty: every account; {@code drop}: the id of the change to take back, or null (ids are the store's,
     * one sequence for all accounts: without an account, the one whose queue holds it).
     */
    public record Args(List<String> accounts, Long drop) {
        public Args {
            accounts = List.copyOf(accounts);
        }

        public Args(List<String> accounts) {
            this(accounts, null);
        }
    }

    /**
     * The changes waiting, account by account, oldest first; {@code strays}: accounts the config no longer names whose
     * changes are listed too (no sync replays them until the config names the account again).
     */
    public record Listed(List<QueuedChange> changes, List<StoredOnly> strays, QueuedChange dropped) implements Result {
        public Listed {
            changes = List.copyOf(changes);
            strays = List.copyOf(strays);
        }

        public Listed(List<QueuedChange> changes, List<StoredOnly> strays) {
            this(changes, strays, null);
        }

        public Listed(List<QueuedChange> changes) {
            this(changes, List.of(), null);
        }

        /** "nothing queued", or how many wait and the first of them; after --drop, the change taken back. */
        @Override
        public String text() {
            if (dropped != null) return QueueCommand.dropped(dropped);
            if (changes.isEmpty()) return "nothing queued";
            return changes.size() + " change" + (changes.size() == 1 ? "" : "s") + " queued, replayed on the next connection; first: "
                    + dev.postern.render.Sanitizer.oneLine(changes.get(0).account() + " " + changes.get(0).describe());
        }
    }

    @Override public String name() { return "queue"; }

    @Override public String summary() { return "List the changes made while a server was unreachable"; }

    @Override public List<Option> options() { return List.of(DROP); }

    /** The sentence for a change taken back: what it was, and where its folder's view comes back from. */
    public static String dropped(QueuedChange c) {
        return dev.postern.render.Sanitizer.oneLine("dropped #" + c.id() + " of account " + c.account() + ": " + c.describe()
                + (c.uids().isEmpty() ? "" : "; '" + c.folder() + "' shows the server's copy again after the next sync"));
    }

    @Override public boolean takesMessages() { return false; }

    @Override public String doing() { return "list queued changes"; }

    @Override
    public Args arguments(Words words, Messages targets) {
        if (!words.positionals().isEmpty()) throw Words.usage("queue takes no words.");
        String account = words.accountOrDefault();
        if (words.has(DROP.name())) {
            return new Args(words.account() == null ? List.of() : List.of(words.account()), id(words.value(DROP.name())));
        }
        return new Args(account == null ? List.of() : List.of(account));
    }

    /** The account named, else the one whose queue holds the change (read off the caller's thread: the store). */
    private static String holder(MailController c, Args a) {
        if (!a.accounts().isEmpty()) return a.accounts().get(0);
        for (String account : c.accounts()) {
            if (c.queue(account).stream().anyMatch(q -> q.id() == a.drop())) return account;
        }
        throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.NOINPUT, "no account has a queued change #"
                + a.drop() + "; `postern queue` lists them.");
    }

    /** A change's id as `queue` shows it. */
    public static long id(String given) {
        try {
            long id = Long.parseLong(given.strip());
            if (id > 0) return id;
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw Words.usage("queue --drop takes the number `postern queue` shows first on a change's line, not '"
                + dev.postern.render.Sanitizer.oneLine(given) + "'.");
    }

    @Override
    public CompletableFuture<Listed> run(MailController c, Args a) {
        if (a.drop() != null) {
            return CompletableFuture.supplyAsync(() -> holder(c, a)).thenCompose(account ->
                    c.dropQueued(account, a.drop()).thenApply(d -> new Listed(c.queue(account), List.of(), d)));
        }
        // The queue is in the store: read off the caller's thread.
        return CompletableFuture.supplyAsync(() -> {
            List<String> accounts = new ArrayList<>(a.accounts().isEmpty() ? c.accounts() : a.accounts());
            // A renamed or removed account's changes are listed, not hidden as "nothing queued" (hunt 38-M, M4).
            List<StoredOnly> strays = !a.accounts().isEmpty() ? List.of() : c.storedOnly().stream().filter(s -> s.queued() > 0).toList();
            for (StoredOnly s : strays) accounts.add(s.account());
            List<QueuedChange> all = new ArrayList<>();
            for (String account : accounts) all.addAll(c.queue(account));
            return new Listed(all, strays);
        });
    }
}

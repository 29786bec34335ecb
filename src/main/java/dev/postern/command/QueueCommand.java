package dev.postern.command;

import dev.postern.controller.MailController;
import dev.postern.controller.StoredOnly;
import dev.postern.model.QueuedChange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code queue}: the changes made while a server was unreachable (flags, moves, deletes, folder changes, Sent copies), in the
 * order they will be replayed on the next connection.
 */
public final class QueueCommand implements Command<QueueCommand.Args, QueueCommand.Listed> {
    /** {@code accounts} empty: every account. */
    public record Args(List<String> accounts) {
        public Args {
            accounts = List.copyOf(accounts);
        }
    }

    /**
     * The changes waiting, account by account, oldest first; {@code strays}: accounts the config no longer names whose
     * changes are listed too (no sync replays them until the config names the account again).
     */
    public record Listed(List<QueuedChange> changes, List<StoredOnly> strays) implements Result {
        public Listed {
            changes = List.copyOf(changes);
            strays = List.copyOf(strays);
        }

        public Listed(List<QueuedChange> changes) {
            this(changes, List.of());
        }

        /** "nothing queued", or how many wait and the first of them. */
        @Override
        public String text() {
            if (changes.isEmpty()) return "nothing queued";
            return changes.size() + " change" + (changes.size() == 1 ? "" : "s") + " queued, replayed on the next connection; first: "
                    + dev.postern.render.Sanitizer.oneLine(changes.get(0).account() + " " + changes.get(0).describe());
        }
    }

    @Override public String name() { return "queue"; }

    @Override public String summary() { return "List the changes made while a server was unreachable"; }

    @Override public List<Option> options() { return List.of(); }

    @Override public boolean takesMessages() { return false; }

    @Override public String doing() { return "list queued changes"; }

    @Override
    public Args arguments(Words words, Messages targets) {
        if (!words.positionals().isEmpty()) throw Words.usage("queue takes no words.");
        String account = words.accountOrDefault();
        return new Args(account == null ? List.of() : List.of(account));
    }

    @Override
    public CompletableFuture<Listed> run(MailController c, Args a) {
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

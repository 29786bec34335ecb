package dev.postern.command;

import dev.postern.controller.MailController;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Deletes messages: moves them to the account's trash folder, or with {@code expunge} (or when already in
 * the trash) removes them for good; with {@code to}, moves them to that folder instead. The one delete: the
 * reader's d key, {@code :delete}, a binding such as {@code D = delete --to Bin} and {@code postern delete}.
 */
public final class DeleteCommand implements Command<DeleteCommand.Args, Changed> {
    public record Args(Messages messages, boolean expunge, String to) {
        public Args {
            if (to != null && expunge) throw Words.usage("--to moves and --expunge removes for good; give one of them.");
            to = dev.postern.model.Folder.canonical(to);
        }
    }

    static final Option EXPUNGE = Option.flagSwitch("--expunge");
    static final Option TO = Option.of("--to", Option.Value.FOLDER);

    @Override public String name() { return "delete"; }

    @Override public String summary() { return "Delete messages"; }

    @Override public List<Option> options() { return List.of(EXPUNGE, TO); }

    @Override public boolean takesMessages() { return true; }

    @Override public java.util.Set<dev.postern.model.Capability> needs() { return java.util.Set.of(dev.postern.model.Capability.MOVE); }

    @Override
    public Args arguments(Words words, Messages targets) {
        return new Args(targets, words.has(EXPUNGE.name()), words.value(TO.name()));
    }

    @Override
    public CompletableFuture<Changed> run(MailController c, Args a) {
        Messages m = a.messages();
        CompletableFuture<Changed> refused = Commands.refused(this, c, m.account());
        if (refused != null) return refused;
        if (a.to() == null) {
            return c.delete(m.account(), m.folder(), m.uidValidity(), m.uids(), a.expunge())
                    .thenApply(n -> new Changed("deleted", n, m, null, Queued.of(c, m.account())));
        }
        // Messages kept locally only have no server copy to move: deleting them removes the local one.
        SortedSet<Long> localOnly = new TreeSet<>(c.localOnly(m.account(), m.folder()));
        localOnly.retainAll(m.uids());
        SortedSet<Long> onServer = new TreeSet<>(m.uids());
        onServer.removeAll(localOnly);
        CompletableFuture<Integer> local = localOnly.isEmpty() ? CompletableFuture.completedFuture(0)
                : c.delete(m.account(), m.folder(), m.uidValidity(), localOnly, true);
        return local.thenCompose(n -> onServer.isEmpty() ? CompletableFuture.completedFuture(n)
                        : c.move(m.account(), m.folder(), m.uidValidity(), onServer, a.to()).thenApply(k -> n + k))
                .thenApply(n -> new Changed("deleted", n, m, a.to(), Queued.of(c, m.account())));
    }
}

package dev.postern.command;

import dev.postern.controller.MailController;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Moves messages to another folder of their account (MOVE where the server offers it). */
public final class MoveCommand implements Command<MoveCommand.Args, Changed> {
    public record Args(Messages messages, String to) {
        public Args {
            if (to == null || to.isBlank()) throw Words.usage("move: say where to: --to FOLDER.");
            to = dev.postern.model.Folder.canonical(to);
        }
    }

    static final Option TO = new Option("--to", Option.Value.FOLDER, false, true);

    @Override public String name() { return "move"; }

    @Override public String summary() { return "Move messages to another folder"; }

    @Override public List<Option> options() { return List.of(TO); }

    @Override public boolean takesMessages() { return true; }

    @Override public java.util.Set<dev.postern.model.Capability> needs() { return java.util.Set.of(dev.postern.model.Capability.MOVE); }

    @Override
    public Args arguments(Words words, Messages targets) {
        return new Args(targets, words.value(TO.name()));
    }

    @Override
    public CompletableFuture<Changed> run(MailController c, Args a) {
        Messages m = a.messages();
        CompletableFuture<Changed> refused = Commands.refused(this, c, m.account());
        if (refused != null) return refused;
        return c.move(m.account(), m.folder(), m.uidValidity(), m.uids(), a.to())
                .thenApply(n -> new Changed("moved", n, m, a.to(), Queued.of(c, m.account())));
    }
}

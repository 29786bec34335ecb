package dev.postern.cli;

import dev.postern.ui.Cells;
import dev.postern.command.Commands;
import dev.postern.controller.MailController;
import dev.postern.render.Sanitizer;
import dev.postern.model.QueuedChange;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "queue", description = {"List the changes made while a server was unreachable.",
        "Flags, moves, deletes and folder changes are replayed in order on the next connection, e.g. by `postern sync`,",
        "and so is the Sent copy of a message sent meanwhile (append <MESSAGE-ID> to Sent), appended once.",
        "A change whose connection dropped midway is queued too; its replay copies nothing twice.",
        "Without -a, the changes of an account the config no longer names (renamed or removed) are listed too, with a sentence "
        + "on stderr: nothing replays them until the config names the account again.",
        "--drop ID takes a change back before it is replayed (the message a queued move or delete took out of view is "
        + "listed again by the next sync, as the server has it)."})
/** {@code postern queue}: the argv adapter over {@link Commands#QUEUE}. */
final class QueueCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Option(names = "--json", description = "One JSON object per queued action.")
    boolean json;

    @Option(names = "--drop", paramLabel = "ID", description = "Take back the queued change ID (the first column) before it is replayed.")
    String drop;

    @Override
    public Integer call() {
        MailController c = root.controller();
        List<String> accounts = root.account != null ? List.of(root.account()) : List.of();
        Long id = drop == null ? null : dev.postern.command.QueueCommand.id(drop);
        dev.postern.command.QueueCommand.Listed l = Futures.await(Commands.QUEUE.run(c, new dev.postern.command.QueueCommand.Args(accounts, id)));
        if (l.dropped() != null) {
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("dropped", l.dropped().id());
                o.put("account", l.dropped().account());
                o.put("action", l.dropped().action());
                o.put("folder", l.dropped().folder());
                o.put("uids", l.dropped().uids());
                root.out().println(Json.write(o));
            } else {
                root.out().println(dev.postern.command.QueueCommand.dropped(l.dropped()));
            }
            root.out().flush();
            return 0;
        }
        for (QueuedChange a : l.changes()) {
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", a.id());
                o.put("account", a.account());
                o.put("action", a.action());
                o.put("folder", a.folder());
                o.put("uid_validity", a.uidValidity());
                o.put("uids", a.uids());
                if (!a.flag().isEmpty()) o.put(a.kind() == QueuedChange.Kind.APPEND ? "message_id" : "flag", a.flag());
                if (!a.target().isEmpty()) o.put("target", a.target());
                o.put("queued_at", Instant.ofEpochMilli(a.queuedAtMillis()).toString());
                root.out().println(Json.write(o));
            } else {
                Rows.of(root, false).println(String.format(java.util.Locale.ROOT, "%5d  %s %s  (%s)", a.id(), Cells.pad(Sanitizer.oneLine(a.account()), 12),
                        Sanitizer.oneLine(a.describe()), Instant.ofEpochMilli(a.queuedAtMillis())));
            }
        }
        if (!json && l.changes().isEmpty()) root.out().println("nothing queued");
        root.out().flush();
        for (dev.postern.controller.StoredOnly s : l.strays()) root.err().println("postern: " + Sanitizer.diagnostic(s.sentence()) + ".");
        root.err().flush();
        return 0;
    }

    /** Tells a batch user that a change was queued rather than made, when the account is offline. */
    static void noteIfQueued(PosternCommand root, String account) {
        dev.postern.command.Queued q = dev.postern.command.Queued.of(root.controller(), account);
        if (q.offlineWithPending()) noteQueued(root, account, q);
    }

    /** The note for a typed command's result that says its change waits in the queue. */
    static void noteQueued(PosternCommand root, String account, dev.postern.command.Queued q) {
        // Why, in the failure's own words when known: a faulty answer is not an unreachable server.
        String why = q.reason() == null ? "account " + account + " is unreachable." : Sanitizer.sentence(q.reason());
        root.err().println("postern: " + Sanitizer.diagnostic(why + " The change is made in "
                + "the store and queued (" + q.pending() + " pending), replayed on the next connection "
                + "(postern sync, or see postern queue)."));
        root.err().flush();
    }
}

package dev.postern.cli;

import dev.postern.controller.ConnectionState;
import dev.postern.controller.MailController;
import dev.postern.render.Sanitizer;
import dev.postern.store.PendingAction;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "queue", description = {"List the changes made while a server was unreachable.",
        "Flags, moves, deletes and folder changes are replayed in order on the next connection, e.g. by `postern sync`."})
final class QueueCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Option(names = "--json", description = "One JSON object per queued action.")
    boolean json;

    @Override
    public Integer call() {
        MailController c = root.context().controller();
        List<String> accounts = root.account != null ? List.of(root.context().account(root.account)) : c.accounts();
        int n = 0;
        for (String account : accounts) {
            for (PendingAction a : c.pending(account)) {
                n++;
                if (json) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("id", a.id());
                    o.put("account", account);
                    o.put("action", a.kind().name().toLowerCase(java.util.Locale.ROOT));
                    o.put("folder", a.folder());
                    o.put("uid_validity", a.uidValidity());
                    o.put("uids", a.uids());
                    if (!a.flag().isEmpty()) o.put("flag", a.flag());
                    if (!a.target().isEmpty()) o.put("target", a.target());
                    o.put("queued_at", Instant.ofEpochMilli(a.queuedAtMillis()).toString());
                    root.out().println(Json.write(o));
                } else {
                    Rows.of(root, false).println(String.format("%5d  %-12s %s  (%s)", a.id(), Sanitizer.oneLine(account),
                            Sanitizer.oneLine(a.describe()), Instant.ofEpochMilli(a.queuedAtMillis())));
                }
            }
        }
        if (!json && n == 0) root.out().println("nothing queued");
        root.out().flush();
        return 0;
    }

    /** Tells a batch user that a change was queued rather than made, when the account is offline. */
    static void noteIfQueued(PosternCommand root, String account) {
        dev.postern.command.Queued q = dev.postern.command.Queued.of(root.context().controller(), account);
        if (q.offlineWithPending()) noteQueued(root, account, q);
    }

    /** The note for a typed command's result that says its change waits in the queue. */
    static void noteQueued(PosternCommand root, String account, dev.postern.command.Queued q) {
        root.err().println("postern: account " + Sanitizer.oneLine(account) + " is unreachable; the change is made in "
                + "the store and queued (" + q.pending() + " pending), replayed on the next connection "
                + "(postern sync, or see postern queue).");
        root.err().flush();
    }
}

package dev.postern.cli;

import dev.postern.render.Sizes;
import dev.postern.app.AppContext;
import dev.postern.compose.OutboxItem;
import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "outbox", description = {"List the messages waiting in the outbox to be sent.",
        "They were queued because the SMTP server could not be reached: id, account, To, Subject, size, when queued, failed attempts and the last error.",
        "--drop ID removes one without sending it (asks nothing); --flush sends them now, as `postern send --flush`.",
        "Exit 0, 66 for --drop with an unknown id, 75 when --flush leaves messages waiting."})
final class OutboxCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Option(names = "--json", description = "One JSON object per waiting message (with --flush: per account).")
    boolean json;

    @Option(names = "--drop", paramLabel = "ID", description = "Remove the waiting message with this id, unsent.")
    Long drop;

    @Option(names = "--flush", description = "Send what waits now (the same as `postern send --flush`).")
    boolean flush;

    @Override
    public Integer call() {
        if (drop != null && flush) {
            throw new PosternException(ExitCode.USAGE, "give either --drop or --flush, not both.");
        }
        if (flush) {
            SendCommand send = new SendCommand();
            send.root = root;
            send.flush = true;
            send.json = json;
            return send.call();
        }
        AppContext ctx = root.context();
        // The outbox is in the store: when another postern holds it, say so (exit 75) rather than "empty".
        ctx.store();
        List<String> accounts = new ArrayList<>();
        if (root.account != null) accounts.add(ctx.account(root.account));
        else for (AccountConfig a : ctx.config().accounts()) accounts.add(a.name());
        return drop != null ? drop(ctx, accounts) : list(ctx, accounts);
    }

    private int drop(AppContext ctx, List<String> accounts) {
        for (String account : accounts) {
            if (ctx.postman().drop(account, drop)) {
                root.out().println(Sanitizer.oneLine("dropped outbox message " + drop + " of " + account + "; it was not sent"));
                root.out().flush();
                return 0;
            }
        }
        throw new PosternException(ExitCode.NOINPUT, "no message " + drop + " waits in the outbox"
                + (root.account != null ? " of account " + accounts.get(0) : "") + "; `postern outbox` lists the ids.");
    }

    private int list(AppContext ctx, List<String> accounts) {
        int n = 0;
        for (String account : accounts) {
            for (OutboxItem m : ctx.postman().outbox(account)) {
                n++;
                String queued = Instant.ofEpochMilli(m.queuedAtMillis()).toString();
                if (json) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("id", m.id());
                    o.put("account", m.account());
                    o.put("to", m.to());
                    o.put("subject", m.subject());
                    o.put("message_id", m.messageId());
                    o.put("size", m.size());
                    o.put("queued_at", queued);
                    o.put("attempts", m.attempts());
                    o.put("last_error", m.lastError());
                    root.out().println(Json.write(o));
                } else {
                    Rows rows = Rows.of(root, false);
                    rows.println(String.format("%5d  %-10s %s  %d attempt%s  %s", m.id(), Sanitizer.oneLine(m.account()),
                            queued, m.attempts(), m.attempts() == 1 ? "" : "s", Sizes.human(m.size())));
                    rows.println("       To: " + Sanitizer.oneLine(m.to()));
                    rows.println("       Subject: " + Sanitizer.oneLine(m.subject()));
                    if (m.lastError() != null) rows.println("       Last error: " + Sanitizer.oneLine(m.lastError()));
                }
            }
        }
        if (!json && n == 0) root.out().println("the outbox is empty");
        root.out().flush();
        return 0;
    }
}

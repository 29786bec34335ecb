package dev.postern.cli;

import dev.postern.ui.Cells;
import dev.postern.render.Sizes;
import dev.postern.command.Commands;
import dev.postern.compose.Postman;
import dev.postern.compose.OutboxItem;
import dev.postern.config.AccountConfig;
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
        "A message the server refused for good (5xx), or whose data went out with no answer (it may have been delivered), "
        + "stays listed, marked REFUSED or MAY HAVE BEEN SENT, and is not sent again by itself.",
        "--drop ID removes one without sending it (asks nothing); --retry ID puts one set aside back in the queue; "
        + "--flush sends them now, as `postern send --flush`.",
        "Without -a, messages of an account the config no longer names (renamed or removed) are listed too, marked NOT SENT, "
        + "with a sentence on stderr: put the account back in the config to send them, or --drop them.",
        "Exit 0, 66 for --drop/--retry with an unknown id, 75 when --flush leaves messages waiting, 65/77 when it sets one aside as refused, "
        + "69 as perhaps delivered, 78 when messages wait that no flush can send (their account gone from the config, or without SMTP)."})
/** {@code postern outbox ...}: the argv adapter over {@link Commands#OUTBOX}. */
final class OutboxCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Option(names = "--json", description = "One JSON object per waiting message (with --flush: per account).")
    boolean json;

    @Option(names = "--drop", paramLabel = "ID", description = "Remove the waiting message with this id, unsent.")
    Long drop;

    @Option(names = "--flush", description = "Send what waits now (the same as `postern send --flush`).")
    boolean flush;

    @Option(names = "--retry", paramLabel = "ID", description = "Send this message again with the next flush (one refused,"
            + " or one that may have been sent).")
    Long retry;

    @Override
    public Integer call() {
        new dev.postern.command.OutboxCommand.Args(List.of(), false, drop, flush, retry); // the options' own contradiction first
        List<String> accounts = new ArrayList<>();
        if (root.account != null) accounts.add(root.account());
        else for (AccountConfig a : root.config().accounts()) if (!flush || a.smtp() != null) accounts.add(a.name());
        // The outbox is in the store: the controller opens it, and says when another postern holds it (75), never "empty".
        dev.postern.command.OutboxCommand.Outbox r = Futures.await(Commands.OUTBOX.run(root.controller(),
                new dev.postern.command.OutboxCommand.Args(accounts, root.account != null, drop, flush, retry)));
        if (flush) return flushed(r);
        if (r.dropped() != null) {
            root.done(0, r.text().lines().toList());
            root.out().println(r.text());
            root.out().flush();
            return 0;
        }
        for (OutboxItem m : r.waiting()) {
            String queued = Instant.ofEpochMilli(m.queuedAtMillis()).toString();
            if (json) {
                Map<String, Object> o = json(m);
                if (r.stray(m)) o.put("account_in_config", false);
                root.out().println(Json.write(o));
            } else {
                Rows rows = Rows.of(root, false);
                rows.println(String.format(java.util.Locale.ROOT, "%5d  %s %s  %d attempt%s  %s", m.id(), Cells.pad(Sanitizer.oneLine(m.account()), 10),
                        queued, m.attempts(), m.attempts() == 1 ? "" : "s", Sizes.human(m.size())));
                rows.println("       To: " + Sanitizer.oneLine(m.to()));
                rows.println("       Subject: " + Sanitizer.oneLine(m.subject()));
                if (!m.waiting()) rows.println("       " + m.stateLine());
                if (r.stray(m)) rows.println("       NOT SENT: account " + Sanitizer.oneLine(m.account()) + " is not in the config");
                if (m.lastError() != null) rows.println("       Last error: " + Sanitizer.oneLine(m.lastError()));
            }
        }
        if (!json && r.waiting().isEmpty()) root.out().println("the outbox is empty");
        root.out().flush();
        // Nothing the user wrote is out of sight because an account was renamed or removed (hunt 38-M, M4).
        for (dev.postern.controller.StoredOnly s : r.strays()) root.err().println("postern: " + Sanitizer.diagnostic(s.sentence()) + ".");
        root.err().flush();
        return 0;
    }

    /**
     * One outbox message as {@code outbox --json} prints it, and as {@code send --flush --json} lists those set
     * aside: id, account, to, subject, message_id, size, queued_at, attempts, last_error and state
     * ("waiting", "refused" or "unconfirmed").
     */
    static Map<String, Object> json(OutboxItem m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", m.id());
        o.put("account", m.account());
        o.put("to", m.to());
        o.put("subject", m.subject());
        o.put("message_id", m.messageId());
        o.put("size", m.size());
        o.put("queued_at", Instant.ofEpochMilli(m.queuedAtMillis()).toString());
        o.put("attempts", m.attempts());
        o.put("last_error", m.lastError());
        o.put("state", m.state());
        return o;
    }

    /** A flush's account object: sent, waiting, error, and the messages set aside (refused or perhaps delivered). */
    static Map<String, Object> json(Postman.FlushReport f) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("account", f.account());
        o.put("sent", f.sent());
        o.put("waiting", f.waiting());
        o.put("error", f.error());
        o.put("set_aside", f.asideItems().stream().map(OutboxCommand::json).toList());
        return o;
    }

    /** Per account, as `postern send --flush` prints it. */
    private int flushed(dev.postern.command.OutboxCommand.Outbox r) {
        root.done(r.exitCode().code(), r.flushed().stream().map(dev.postern.command.OutboxCommand.Outbox::flushLine).toList());
        for (Postman.FlushReport f : r.flushed()) {
            for (String note : f.notes()) root.err().println("postern: " + Sanitizer.diagnostic(note));
            if (json) {
                root.out().println(Json.write(json(f)));
            } else {
                root.out().println(dev.postern.command.OutboxCommand.Outbox.flushLine(f));
            }
            if (f.waiting() > 0 && f.error() != null) root.err().println("postern: " + Sanitizer.diagnostic(f.error()));
        }
        root.out().flush();
        root.err().flush();
        return r.exitCode().code();
    }
}

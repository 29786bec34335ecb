package dev.postern.cli;

import dev.postern.ui.Cells;
import dev.postern.command.Commands;
import dev.postern.controller.RetentionReport;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import dev.postern.retention.Retention;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "retention", description = {"Apply the [[retention]] rules of the config.",
        "Lists what each rule deletes (account, folder, uid, date, subject) and deletes it locally and/or on the server, logging each message",
        "(a message's age counts from its arrival: the server's internal date, or when POP3 stored it; never an earlier Date header)",
        "in retention-audit.jsonl in the data directory (an intent synced before the deletion, then its outcome). Works from the store: run `postern sync` first.",
        "A job: `postern jobs` lists it, `postern cancel ID` stops it between batches (exit 75; run it again to go on)."})
/** {@code postern retention ...}: the argv adapter over {@link Commands#RETENTION} (prints the job's report). */
final class RetentionCommand implements Callable<Integer> {
    static final String AUDIT = RetentionRun.AUDIT;

    @ParentCommand PosternCommand root;

    @Option(names = "--dry-run", description = "Only list what would be deleted (a server or both rule asks the server, read-only).")
    boolean dryRun;

    @Option(names = "--yes", description = "Go ahead even where a rule removes more than its max_share_percent of a folder.")
    boolean yes;

    @Option(names = "--json", description = "One JSON object per message.") boolean json;

    @Override
    public Integer call() {
        String account = root.account != null ? root.account() : null;
        RetentionReport r = Futures.await(Commands.RETENTION.run(root.controller(),
                new dev.postern.command.RetentionCommand.Args(account, dryRun, yes))).report();
        if (!r.hasRules()) {
            root.out().println(r.text());
            root.out().flush();
            return 0;
        }
        if (!r.planOnly() && !r.refused()) root.done(r.failure() != null ? r.failure().exitCode().code() : 0, r.text().lines().toList());
        // What happened to each row (hunt 37-J, J19: done deletions read "to_delete"): nothing yet (a dry run, or refused
        // for want of --yes), done, or unknown row by row when the run failed part way (the audit log tells).
        String action = r.planOnly() || r.refused() ? "would_delete" : r.failure() != null ? "to_delete" : "deleted";
        for (Retention.FolderPlan p : r.plans()) for (Envelope e : p.doomed()) print(p, e, action);
        root.out().flush();
        RetentionRun.warn(r, root.err());
        if (r.refused()) {
            throw new PosternException(ExitCode.USAGE, "nothing was deleted; check the list above with --dry-run and run again with --yes to go ahead");
        }
        if (r.failure() != null) throw r.failure();
        if (!json) root.out().println(r.text());
        root.out().flush();
        return 0;
    }

    private void print(Retention.FolderPlan p, Envelope e, String action) {
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("action", action);
            o.put("rule", p.rule().name());
            o.put("where", p.rule().where().name().toLowerCase(java.util.Locale.ROOT));
            o.put("account", p.account());
            o.put("folder", p.folder());
            o.put("uid", e.ref().uid());
            o.put("date", ListCommand.jsonDate(e.date()));
            o.put("subject", e.subject());
            root.out().println(Json.write(o));
        } else {
            Rows.of(root, false).println(String.format(java.util.Locale.ROOT, "%s %-8s %s %s %7d  %s  %s", Cells.pad(Sanitizer.oneLine(p.rule().name()), 14),
                    p.rule().where().name().toLowerCase(java.util.Locale.ROOT), Cells.pad(Sanitizer.oneLine(p.account()), 10),
                    Cells.pad(Sanitizer.oneLine(p.folder()), 20), e.ref().uid(), e.date().toString().substring(0, 10), Sanitizer.oneLine(e.subject())));
        }
    }
}

package dev.postern.cli;

import dev.postern.config.AccountConfig;
import dev.postern.config.RetentionConfig;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import dev.postern.retention.Retention;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "retention", description = {"Apply the [[retention]] rules of the config.",
        "Lists what each rule deletes (account, folder, uid, date, subject) and deletes it locally and/or on the server, appending one JSON line per",
        "message to retention-audit.jsonl in the data directory. Works from the store: run `postern sync` first."})
final class RetentionCommand implements Callable<Integer> {
    static final String AUDIT = RetentionRun.AUDIT;

    @ParentCommand PosternCommand root;

    @Option(names = "--dry-run", description = "Only list what would be deleted.") boolean dryRun;

    @Option(names = "--yes", description = "Go ahead even where a rule removes more than its max_share_percent of a folder.")
    boolean yes;

    @Option(names = "--json", description = "One JSON object per message.") boolean json;

    @Override
    public Integer call() {
        var ctx = root.context();
        RetentionConfig rules = RetentionConfig.load(ctx.config());
        if (rules.rules().isEmpty()) {
            root.out().println("no [[retention]] rules in " + ctx.config().source() + "; nothing to do");
            root.out().flush();
            return 0;
        }
        List<String> accounts = root.account != null ? List.of(ctx.account(root.account))
                : ctx.config().accounts().stream().map(AccountConfig::name).toList();
        Instant now = Instant.now();
        List<Retention.FolderPlan> plans = Retention.plan(ctx.store(), accounts, rules, now);
        for (Retention.FolderPlan p : plans) {
            if (RetentionRun.serverRuleOnNonImap(ctx, p)) throw new PosternException(ExitCode.CONFIG, RetentionRun.nonImapText(p));
        }
        for (Retention.FolderPlan p : plans) for (Envelope e : p.doomed()) print(p, e, dryRun ? "would_delete" : "to_delete");
        List<Retention.FolderPlan> over = plans.stream().filter(Retention.FolderPlan::overGuard).toList();
        if (dryRun || count(plans) == 0) {
            for (Retention.FolderPlan p : over) root.err().println("postern: " + RetentionRun.guardText(p) + "; a real run needs --yes");
            for (Retention.FolderPlan p : plans) if (p.notCached() > 0) root.err().println("postern: " + RetentionRun.notCachedText(p));
            root.err().flush();
            if (!json) root.out().println(count(plans) + " message" + (count(plans) == 1 ? "" : "s") + " would be deleted");
            root.out().flush();
            return 0;
        }
        if (!over.isEmpty() && !yes) {
            for (Retention.FolderPlan p : over) root.err().println("postern: " + RetentionRun.guardText(p));
            throw new PosternException(ExitCode.USAGE, "nothing was deleted; check the list above with --dry-run and run again with --yes to go ahead");
        }
        int deleted = 0;
        for (RetentionRun.Done d : RetentionRun.execute(ctx, plans, now, root.err())) deleted += d.deleted().size();
        if (!json) root.out().println(deleted + " message" + (deleted == 1 ? "" : "s") + " deleted; audit log " + RetentionRun.auditPath(ctx));
        root.out().flush();
        return 0;
    }

    private static int count(List<Retention.FolderPlan> plans) {
        return plans.stream().mapToInt(p -> p.doomed().size()).sum();
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
            o.put("date", e.date() == null ? null : e.date().toString());
            o.put("subject", e.subject());
            root.out().println(Json.write(o));
        } else {
            Rows.of(root, false).println(String.format("%-14s %-8s %-10s %-20s %7d  %s  %s", Sanitizer.oneLine(p.rule().name()),
                    p.rule().where().name().toLowerCase(java.util.Locale.ROOT), Sanitizer.oneLine(p.account()),
                    Sanitizer.oneLine(p.folder()), e.ref().uid(), e.date().toString().substring(0, 10), Sanitizer.oneLine(e.subject())));
        }
    }
}

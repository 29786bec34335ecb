package dev.postern.cli;

import dev.postern.backend.imap.ImapSession;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordResolver;
import dev.postern.config.RetentionConfig;
import dev.postern.config.RetentionConfig.Where;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.render.Sanitizer;
import dev.postern.retention.ImapDeleter;
import dev.postern.retention.Retention;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "retention", description = {"Apply the [[retention]] rules of the config: list what each rule deletes",
        "(account, folder, uid, date, subject) and delete it locally and/or on the server, appending one JSON line per",
        "message to retention-audit.jsonl in the data directory. Works from the store: run `postern sync` first."})
final class RetentionCommand implements Callable<Integer> {
    static final String AUDIT = "retention-audit.jsonl";

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
            if (p.rule().where() != Where.LOCAL
                    && ctx.config().account(p.account()).map(a -> a.protocol() != Protocol.IMAP).orElse(true)) {
                throw new PosternException(ExitCode.CONFIG, "retention rule " + p.rule().name() + " deletes on the server of "
                        + p.account() + ", a POP3 account; use where = \"local\" and delete_after_days in [accounts."
                        + p.account() + ".pop3]");
            }
        }
        for (Retention.FolderPlan p : plans) for (Envelope e : p.doomed()) print(p, e, dryRun ? "would_delete" : "to_delete");
        List<Retention.FolderPlan> over = plans.stream().filter(Retention.FolderPlan::overGuard).toList();
        if (dryRun || plans.isEmpty()) {
            for (Retention.FolderPlan p : over) root.err().println("postern: " + guardText(p) + "; a real run needs --yes");
            if (!json) root.out().println(count(plans) + " message" + (count(plans) == 1 ? "" : "s") + " would be deleted");
            root.out().flush();
            return 0;
        }
        if (!over.isEmpty() && !yes) {
            for (Retention.FolderPlan p : over) root.err().println("postern: " + guardText(p));
            throw new PosternException(ExitCode.USAGE, "nothing was deleted; check the list above with --dry-run and run again with --yes to go ahead");
        }
        Path auditPath = ctx.config().dataDir().resolve(AUDIT);
        PasswordResolver passwords = new PasswordResolver(ctx.env());
        Map<String, Retention.ServerDeleter> servers = new HashMap<>();
        int deleted = 0;
        try (FileChannel audit = FileChannel.open(auditPath, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE)) {
            for (Retention.FolderPlan p : plans) {
                Retention.ServerDeleter server = p.rule().where() == Where.LOCAL ? null : servers.computeIfAbsent(p.account(), name -> {
                    AccountConfig a = ctx.config().account(name).orElseThrow();
                    return new ImapDeleter(name, new ImapSession(a, () -> passwords.resolve(a)));
                });
                List<Envelope> done = Retention.execute(p, ctx.store(), server, (rule, e) -> {
                    try {
                        audit.write(java.nio.ByteBuffer.wrap((Json.write(auditLine(rule, e, now)) + "\n").getBytes(StandardCharsets.UTF_8)));
                    } catch (IOException io) {
                        throw new PosternException(ExitCode.IOERR, "cannot write the retention audit log " + auditPath + " ("
                                + io.getMessage() + "); the deletions in " + p.folder() + " were done but not all were logged", io);
                    }
                }, now);
                audit.force(true);
                deleted += done.size();
                if (done.size() < p.doomed().size()) {
                    root.err().println("postern: " + (p.doomed().size() - done.size()) + " message(s) in " + Sanitizer.oneLine(p.folder())
                            + " of " + p.account() + " are not older than the cut-off by the server's own date, so they were kept");
                }
            }
        } catch (IOException e) {
            throw new PosternException(ExitCode.IOERR, "cannot open the retention audit log " + auditPath + " (" + e.getMessage()
                    + "); nothing more was deleted", e);
        } finally {
            servers.values().forEach(Retention.ServerDeleter::close);
        }
        if (!json) root.out().println(deleted + " message" + (deleted == 1 ? "" : "s") + " deleted; audit log " + auditPath);
        root.out().flush();
        return 0;
    }

    private static int count(List<Retention.FolderPlan> plans) {
        return plans.stream().mapToInt(p -> p.doomed().size()).sum();
    }

    private static String guardText(Retention.FolderPlan p) {
        return "rule " + Sanitizer.oneLine(p.rule().name()) + " would delete " + p.doomed().size() + " of " + p.folderCount()
                + " messages in " + Sanitizer.oneLine(p.folder()) + " of " + Sanitizer.oneLine(p.account())
                + ", more than its max_share_percent (" + p.rule().maxSharePercent() + "%)";
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
            root.out().printf("%-14s %-8s %-10s %-20s %7d  %s  %s%n", Sanitizer.oneLine(p.rule().name()),
                    p.rule().where().name().toLowerCase(java.util.Locale.ROOT), Sanitizer.oneLine(p.account()),
                    Sanitizer.oneLine(p.folder()), e.ref().uid(), e.date().toString().substring(0, 10), Sanitizer.oneLine(e.subject()));
        }
    }

    private static Map<String, Object> auditLine(RetentionConfig.Rule rule, Envelope e, Instant now) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("when", now.toString());
        o.put("rule", rule.name());
        o.put("where", rule.where().name().toLowerCase(java.util.Locale.ROOT) + (rule.where() != Where.LOCAL && rule.trash() ? "+trash" : ""));
        o.put("account", e.ref().account());
        o.put("folder", e.ref().folder());
        o.put("uidvalidity", e.ref().uidValidity());
        o.put("uid", e.ref().uid());
        o.put("message_id", e.messageId());
        o.put("hash", e.bodyHash());
        o.put("date", e.date() == null ? null : e.date().toString());
        o.put("subject", e.subject());
        return o;
    }
}

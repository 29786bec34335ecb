package dev.postern.cli;

import dev.postern.app.AppContext;
import dev.postern.config.RetentionConfig;
import dev.postern.config.RetentionConfig.Where;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.render.Sanitizer;
import dev.postern.retention.Retention;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Carries out retention plans: server deletion over IMAP, the store, and one audit line per message in
 * {@code retention-audit.jsonl}. Shared by {@code postern retention} and by the rules marked
 * {@code auto = true} that run after {@code postern fetch} and {@code postern sync}.
 */
final class RetentionRun {
    static final String AUDIT = "retention-audit.jsonl";
    /** Messages an automatic run already warned about (not cached, so a server-only rule left them). */
    static final String WARNED = "retention-warned.jsonl";

    /** What one plan deleted. */
    record Done(Retention.FolderPlan plan, List<Envelope> deleted) {}

    private RetentionRun() {}

    /** True when the plan deletes on the server of an account that is not IMAP (POP3 has no folders to expunge). */
    static boolean serverRuleOnNonImap(AppContext ctx, Retention.FolderPlan p) {
        return p.rule().where() != Where.LOCAL
                && ctx.config().account(p.account()).map(a -> a.protocol() != Protocol.IMAP).orElse(true);
    }

    static String nonImapText(Retention.FolderPlan p) {
        return "retention rule " + p.rule().name() + " deletes on the server of " + p.account()
                + ", a POP3 account; use where = \"local\" and delete_after_days in [accounts." + p.account() + ".pop3]";
    }

    static String guardText(Retention.FolderPlan p) {
        return "rule " + Sanitizer.oneLine(p.rule().name()) + " would delete " + p.doomed().size() + " of " + p.folderCount()
                + " messages in " + Sanitizer.oneLine(p.folder()) + " of " + Sanitizer.oneLine(p.account())
                + ", more than its max_share_percent (" + p.rule().maxSharePercent() + "%)";
    }

    static String notCachedText(Retention.FolderPlan p) {
        return p.notCached() + " message(s) in " + Sanitizer.oneLine(p.folder()) + " of " + Sanitizer.oneLine(p.account())
                + " that rule " + Sanitizer.oneLine(p.rule().name()) + " names have no local copy yet, so their server copy"
                + " was kept; run postern sync (without --headers-only) first";
    }

    /** Runs every plan, in order; a plan with nothing to delete is skipped. Warnings go to {@code err}. */
    static List<Done> execute(AppContext ctx, List<Retention.FolderPlan> plans, Instant now, PrintWriter err) {
        if (plans.stream().allMatch(p -> p.doomed().isEmpty())) {
            for (Retention.FolderPlan p : plans) if (p.notCached() > 0) err.println("postern: " + notCachedText(p));
            err.flush();
            return List.of(); // nothing to delete: no server connection, no audit file
        }
        Path auditPath = auditPath(ctx);
        Map<String, Retention.ServerDeleter> servers = new HashMap<>();
        List<Done> done = new ArrayList<>();
        try (FileChannel audit = FileChannel.open(auditPath, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE)) {
            for (Retention.FolderPlan p : plans) {
                if (p.notCached() > 0) err.println("postern: " + notCachedText(p));
                if (p.doomed().isEmpty()) continue;
                Retention.ServerDeleter server = p.rule().where() == Where.LOCAL ? null : servers.computeIfAbsent(p.account(), name -> {
                    return ctx.controller().retentionDeleter(name);
                });
                List<Envelope> deleted = Retention.execute(p, ctx.store(), server, (rule, e) -> {
                    try {
                        audit.write(ByteBuffer.wrap((Json.write(auditLine(rule, e, now)) + "\n").getBytes(StandardCharsets.UTF_8)));
                    } catch (IOException io) {
                        throw new PosternException(ExitCode.IOERR, "cannot write the retention audit log " + auditPath + " ("
                                + io.getMessage() + "); the deletions in " + p.folder() + " were done but not all were logged", io);
                    }
                }, now);
                audit.force(true);
                done.add(new Done(p, deleted));
                if (deleted.size() < p.doomed().size()) {
                    err.println("postern: " + (p.doomed().size() - deleted.size()) + " message(s) in " + Sanitizer.oneLine(p.folder())
                            + " of " + p.account() + " are not older than the cut-off by the server's own date, so they were kept");
                }
            }
        } catch (IOException e) {
            throw new PosternException(ExitCode.IOERR, "cannot open the retention audit log " + auditPath + " (" + e.getMessage()
                    + "); nothing more was deleted", e);
        } finally {
            servers.values().forEach(Retention.ServerDeleter::close);
        }
        err.flush();
        return done;
    }

    static Path auditPath(AppContext ctx) {
        return ctx.config().dataDir().resolve(AUDIT);
    }

    /**
     * The rules marked {@code auto = true}, for the accounts just fetched or synced. Unlike a manual run it
     * never asks: a folder where a rule would pass its max_share_percent is skipped with a warning (run
     * {@code postern retention --yes} to go ahead), as is a server rule on a POP3 account.
     * Returns what was deleted; empty when no rule is automatic.
     */
    static List<Done> auto(AppContext ctx, List<String> accounts, PrintWriter err) {
        RetentionConfig rules = RetentionConfig.load(ctx.config()).autoOnly();
        if (rules.rules().isEmpty() || accounts.isEmpty()) return List.of();
        Instant now = Instant.now();
        List<Retention.FolderPlan> go = new ArrayList<>();
        for (Retention.FolderPlan p : onceOnly(ctx, Retention.plan(ctx.store(), accounts, rules, now), err)) {
            if (serverRuleOnNonImap(ctx, p)) {
                err.println("postern: automatic " + nonImapText(p) + "; skipped");
            } else if (p.overGuard()) {
                err.println("postern: automatic retention skipped: " + guardText(p)
                        + "; check with postern retention --dry-run, then run postern retention --yes");
            } else {
                go.add(p);
            }
        }
        err.flush();
        return execute(ctx, go, now, err);
    }

    /**
     * An automatic run after every {@code sync --headers-only} would repeat the same "no local copy yet"
     * warning on every sync: each message is warned about once. The messages warned about are remembered in
     * {@value #WARNED} in the data directory (one JSON line each); the plans come back without their
     * not-cached messages, which were warned about here or before. If the file cannot be written, the
     * warning simply comes again next time.
     */
    static List<Retention.FolderPlan> onceOnly(AppContext ctx, List<Retention.FolderPlan> plans, PrintWriter err) {
        if (plans.stream().allMatch(p -> p.notCached() == 0)) return plans;
        Path file = ctx.config().dataDir().resolve(WARNED);
        java.util.Set<String> warned = new java.util.HashSet<>();
        try {
            if (java.nio.file.Files.exists(file)) warned.addAll(java.nio.file.Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException | java.io.UncheckedIOException e) {
            // unreadable: warn again rather than never
        }
        List<Retention.FolderPlan> out = new ArrayList<>();
        StringBuilder remember = new StringBuilder();
        for (Retention.FolderPlan p : plans) {
            List<Long> fresh = new ArrayList<>();
            for (long uid : p.notCachedUids()) {
                Map<String, Object> key = new LinkedHashMap<>();
                key.put("account", p.account());
                key.put("folder", p.folder());
                key.put("uidvalidity", p.uidValidity());
                key.put("uid", uid);
                String line = Json.write(key);
                if (warned.add(line)) {
                    fresh.add(uid);
                    remember.append(line).append('\n');
                }
            }
            if (!fresh.isEmpty()) {
                err.println("postern: " + notCachedText(p.withNotCached(fresh))
                        + " (postern will not warn about these messages again)");
            }
            out.add(p.withNotCached(List.of()));
        }
        if (remember.length() > 0) {
            try {
                java.nio.file.Files.createDirectories(file.getParent());
                java.nio.file.Files.writeString(file, remember, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                err.println("postern: cannot write " + file + " (" + e.getMessage() + "); the warning above will come again");
            }
        }
        err.flush();
        return out;
    }

    /** One line per plan that deleted something, e.g. "retention: rule old-mail deleted 12 in Archive of work (server)". */
    static void summarise(List<Done> done, PrintWriter out) {
        for (Done d : done) {
            if (d.deleted().isEmpty()) continue;
            out.println("retention: rule " + Sanitizer.oneLine(d.plan().rule().name()) + " deleted " + d.deleted().size()
                    + " in " + Sanitizer.oneLine(d.plan().folder()) + " of " + Sanitizer.oneLine(d.plan().account())
                    + " (" + where(d.plan().rule()) + ")");
        }
    }

    /** The JSON form: one object per plan that deleted something. */
    static List<Map<String, Object>> json(List<Done> done) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Done d : done) {
            if (d.deleted().isEmpty()) continue;
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("rule", d.plan().rule().name());
            o.put("where", where(d.plan().rule()));
            o.put("account", d.plan().account());
            o.put("folder", d.plan().folder());
            o.put("deleted", d.deleted().size());
            o.put("uids", d.deleted().stream().map(e -> e.ref().uid()).toList());
            out.add(o);
        }
        return out;
    }

    static String where(RetentionConfig.Rule rule) {
        return rule.where().name().toLowerCase(Locale.ROOT);
    }

    static Map<String, Object> auditLine(RetentionConfig.Rule rule, Envelope e, Instant now) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("when", now.toString());
        o.put("rule", rule.name());
        o.put("where", where(rule) + (rule.where() != Where.LOCAL && rule.trash() ? "+trash" : ""));
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

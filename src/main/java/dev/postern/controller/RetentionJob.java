package dev.postern.controller;

import dev.postern.config.AccountConfig;
import dev.postern.config.Config;
import dev.postern.config.RetentionConfig;
import dev.postern.config.RetentionConfig.Where;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.JsonWriter;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.model.Work;
import dev.postern.render.Sanitizer;
import dev.postern.retention.AuditLog;
import dev.postern.retention.Retention;
import dev.postern.store.MailStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The [[retention]] rules run as a controller job ({@link Archives#retention}): plans from the store, deletes
 * locally and/or on the server (a connection of its own per account), logged ahead in {@value #AUDIT}
 * ({@link AuditLog}: an intent per message, synced before its batch is deleted, then its outcome; a run settles
 * the intents a killed one left before it plans). Cancelled, it stops between two batches of at most
 * {@value #BATCH} messages: every batch before is committed and audited, the rest is kept.
 */
final class RetentionJob {
    static final String AUDIT = RetentionReport.AUDIT;
    /** Messages an automatic run already warned about (not cached, so a server-only rule left them). */
    static final String WARNED = "retention-warned.jsonl";
    /** Messages deleted (and committed, and audited) between two looks at cancel. */
    static final int BATCH = 100;

    /** How a job is started: {@link Transfers#start}. */
    interface Starter {
        <T> Job<T> start(String account, String what, Function<Work, T> body);
    }

    private final Config config;
    private final MailStore store;
    private final Function<String, Retention.ServerDeleter> deleters;

    RetentionJob(Config config, MailStore store, Function<String, Retention.ServerDeleter> deleters) {
        this.config = config;
        this.store = store;
        this.deleters = deleters;
    }

    /** Starts the run over {@code accounts} (empty: every account). */
    Job<RetentionReport> start(Starter jobs, List<String> accounts, RetentionReport.Mode mode) {
        List<String> names = accounts.isEmpty() ? config.accounts().stream().map(AccountConfig::name).toList() : List.copyOf(accounts);
        for (String a : names) {
            if (config.account(a).isEmpty()) throw new PosternException(ExitCode.USAGE, "there is no account '" + Sanitizer.oneLine(a) + "'.");
        }
        return jobs.start(String.join(",", names), "retention", work -> run(names, mode, work));
    }

    RetentionReport run(List<String> accounts, RetentionReport.Mode mode, Work work) {
        RetentionConfig rules = RetentionConfig.load(config);
        if (mode == RetentionReport.Mode.AUTO) rules = rules.autoOnly();
        Path audit = config.dataDir().resolve(AUDIT);
        if (rules.rules().isEmpty() || accounts.isEmpty()) {
            return new RetentionReport(mode, !rules.rules().isEmpty(), config.source(), List.of(), List.of(), List.of(), false, audit, null);
        }
        Instant now = Instant.now();
        List<String> warnings = new ArrayList<>();
        // A run killed between a batch's commit and its log lines left intents: settle them before anything else.
        String settled = AuditLog.resolve(audit, store, now).text(audit);
        if (settled != null) warnings.add(settled);
        List<Retention.FolderPlan> plans = Retention.plan(store, accounts, rules, now);
        if (mode == RetentionReport.Mode.AUTO) {
            List<Retention.FolderPlan> go = new ArrayList<>();
            for (Retention.FolderPlan p : onceOnly(plans, warnings)) {
                if (serverRuleOnNonImap(p)) {
                    warnings.add("automatic " + RetentionReport.nonImapText(p) + "; skipped");
                } else if (p.overGuard()) {
                    warnings.add("automatic retention skipped: " + RetentionReport.guardText(p)
                            + "; check with postern retention --dry-run, then run postern retention --yes");
                } else {
                    go.add(p);
                }
            }
            return execute(mode, go, now, audit, warnings, work);
        }
        for (Retention.FolderPlan p : plans) {
            if (serverRuleOnNonImap(p)) throw new PosternException(ExitCode.CONFIG, RetentionReport.nonImapText(p));
        }
        // The share guard is the store's plan's, before the server is asked, in a dry run as in the run it foretells.
        List<Retention.FolderPlan> over = plans.stream().filter(Retention.FolderPlan::overGuard).toList();
        if (mode == RetentionReport.Mode.DRY_RUN) plans = askServers(plans, now, warnings);
        int doomed = plans.stream().mapToInt(p -> p.doomed().size()).sum();
        if (mode == RetentionReport.Mode.DRY_RUN || doomed == 0) {
            for (Retention.FolderPlan p : over) warnings.add(RetentionReport.guardText(p) + "; a real run needs --yes");
            for (Retention.FolderPlan p : plans) if (p.notCached() > 0) warnings.add(RetentionReport.notCachedText(p));
            return new RetentionReport(mode, true, config.source(), plans, List.of(), warnings, false, audit, null);
        }
        if (!over.isEmpty() && mode != RetentionReport.Mode.YES) {
            for (Retention.FolderPlan p : over) warnings.add(RetentionReport.guardText(p));
            return new RetentionReport(mode, true, config.source(), plans, List.of(), warnings, true, audit, null);
        }
        return execute(mode, plans, now, audit, warnings, work);
    }

    /**
     * A dry run's plans as a run carries them out: a rule that deletes on the server asks it (read-only: SEARCH, the UIDs
     * it holds) which of them it finds older, so the list and count are what a run deletes (hunt 38-T, T4: the dry run
     * listed 5, the run deleted 3). A server that cannot be asked leaves the store's plan, with a sentence saying so.
     */
    private List<Retention.FolderPlan> askServers(List<Retention.FolderPlan> plans, Instant now, List<String> warnings) {
        Map<String, Retention.ServerDeleter> servers = new HashMap<>();
        Set<String> unasked = new HashSet<>();
        List<Retention.FolderPlan> out = new ArrayList<>();
        try {
            for (Retention.FolderPlan p : plans) {
                if (p.rule().where() == Where.LOCAL || p.doomed().isEmpty() || unasked.contains(p.account())) {
                    out.add(p);
                    continue;
                }
                try {
                    List<Envelope> doomed = Retention.narrow(p, store, servers.computeIfAbsent(p.account(), deleters), now).doomed();
                    if (doomed.size() < p.doomed().size()) {
                        warnings.add(RetentionReport.serverKeptText(p, p.doomed().size() - doomed.size(), "so a run keeps them"));
                    }
                    out.add(p.withDoomed(doomed));
                } catch (PosternException e) {
                    unasked.add(p.account());
                    warnings.add("the server of " + p.account() + " could not be asked (" + e.getMessage() + "); the list is"
                            + " the store's, and a run deletes on the server only what the server also finds older");
                    out.add(p);
                }
            }
        } finally {
            servers.values().forEach(Retention.ServerDeleter::close);
        }
        return out;
    }

    /** True when the plan deletes on the server of an account without server folders (a POP3 maildrop has none to expunge). */
    private boolean serverRuleOnNonImap(Retention.FolderPlan p) {
        return p.rule().where() != Where.LOCAL && config.account(p.account())
                .map(a -> !a.capabilities().contains(dev.postern.model.Capability.FOLDERS))
                .orElse(true);
    }

    /**
     * Runs every plan, in order, a batch at a time; a plan with nothing to delete is skipped. A failure part way
     * (the server, the audit log, a cancel) ends the run and is the report's failure: what was deleted before
     * it is in the report, committed and audited.
     */
    private RetentionReport execute(RetentionReport.Mode mode, List<Retention.FolderPlan> plans, Instant now, Path auditPath,
            List<String> warnings, Work work) {
        if (plans.stream().allMatch(p -> p.doomed().isEmpty())) {
            for (Retention.FolderPlan p : plans) if (p.notCached() > 0) warnings.add(RetentionReport.notCachedText(p));
            // nothing to delete: no server connection, no audit file
            return new RetentionReport(mode, true, config.source(), plans, List.of(), warnings, false, auditPath, null);
        }
        long total = plans.stream().mapToLong(p -> p.doomed().size()).sum();
        Map<String, Retention.ServerDeleter> servers = new HashMap<>();
        List<RetentionReport.Done> done = new ArrayList<>();
        long[] deleted = {0};
        PosternException failure = null;
        try (AuditLog audit = AuditLog.open(auditPath, store, now)) {
            for (Retention.FolderPlan p : plans) {
                if (p.notCached() > 0) warnings.add(RetentionReport.notCachedText(p));
                if (p.doomed().isEmpty()) continue;
                stopIfCancelled(work, deleted[0], total);
                Retention.ServerDeleter server = p.rule().where() == Where.LOCAL ? null : servers.computeIfAbsent(p.account(), deleters);
                List<Envelope> mine = new ArrayList<>();
                try {
                    Retention.execute(p, store, server, new Retention.Audit() {
                        @Override public void intent(RetentionConfig.Rule rule, List<Envelope> batch) {
                            audit.intent(rule, batch);
                        }

                        @Override public void deleted(RetentionConfig.Rule rule, Envelope e) {
                            audit.deleted(rule, e);
                            mine.add(e);
                            deleted[0]++;
                        }

                        @Override public void failed(RetentionConfig.Rule rule, List<Envelope> batch) {
                            audit.failed(rule, batch);
                        }
                    }, now, BATCH, soFar -> {
                        work.progress(deleted[0], total);
                        stopIfCancelled(work, deleted[0], total);
                    });
                } finally {
                    if (!mine.isEmpty()) done.add(new RetentionReport.Done(p, mine));
                }
                work.progress(deleted[0], total);
                if (mine.size() < p.doomed().size()) {
                    warnings.add(RetentionReport.serverKeptText(p, p.doomed().size() - mine.size(), "so they were kept"));
                }
            }
        } catch (IOException e) {
            failure = new PosternException(ExitCode.IOERR, "cannot open the retention audit log " + auditPath + " (" + e.getMessage()
                    + "); nothing more was deleted", e);
        } catch (PosternException e) {
            failure = e;
        } finally {
            servers.values().forEach(Retention.ServerDeleter::close);
        }
        return new RetentionReport(mode, true, config.source(), plans, done, warnings, false, auditPath, failure);
    }

    private static void stopIfCancelled(Work work, long deleted, long total) {
        if (work.cancelled()) {
            throw new Work.Cancelled("retention cancelled after deleting " + deleted + " of " + total
                    + " messages (each one in the audit log); the others are kept, and the store is whole");
        }
    }

    /**
     * An automatic run after every {@code sync --headers-only} would repeat the same "no local copy yet"
     * warning on every sync: each message is warned about once. The messages warned about are remembered in
     * {@value #WARNED} in the data directory (one JSON line each); the plans come back without their
     * not-cached messages, which were warned about here or before. If the file cannot be written, the
     * warning simply comes again next time.
     */
    private List<Retention.FolderPlan> onceOnly(List<Retention.FolderPlan> plans, List<String> warnings) {
        if (plans.stream().allMatch(p -> p.notCached() == 0)) return plans;
        Path file = config.dataDir().resolve(WARNED);
        Set<String> warned = new HashSet<>();
        try {
            if (Files.exists(file)) warned.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
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
                String line = JsonWriter.write(key);
                if (warned.add(line)) {
                    fresh.add(uid);
                    remember.append(line).append('\n');
                }
            }
            if (!fresh.isEmpty()) {
                warnings.add(RetentionReport.notCachedText(p.withNotCached(fresh)) + " (postern will not warn about these messages again)");
            }
            out.add(p.withNotCached(List.of()));
        }
        if (remember.length() > 0) {
            try {
                dev.postern.model.OwnerOnly.directories(file.getParent());
                Files.writeString(file, remember, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE);
                dev.postern.store.StoreFiles.makePrivate(file); // subjects and senders: 0600, as the store is
            } catch (IOException e) {
                warnings.add("cannot write " + file + " (" + e.getMessage() + "); the warning above will come again");
            }
        }
        return out;
    }
}

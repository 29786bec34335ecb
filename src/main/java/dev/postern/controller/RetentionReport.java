package dev.postern.controller;

import dev.postern.config.RetentionConfig;
import dev.postern.model.Envelope;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import dev.postern.retention.Retention;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a retention job ({@link Archives#retention}) found and did: the plans (what each rule names, folder by
 * folder), what was deleted, the warnings met on the way (sentences, in the order they arose), and the failure
 * that stopped it part way, if any (the deletions before it stand: committed and audited). A run that failed
 * before planning fails the job's future instead.
 */
public record RetentionReport(Mode mode, boolean hasRules, Path rules, List<Retention.FolderPlan> plans, List<Done> done,
        List<String> warnings, boolean refused, Path audit, PosternException failure) {
    /** The audit log in the data directory: one JSON line per message deleted. */
    public static final String AUDIT = "retention-audit.jsonl";

    /** How the run goes ahead. */
    public enum Mode {
        /** Plans only; deletes nothing. */
        DRY_RUN,
        /** Deletes, unless a rule would remove more than its max_share_percent of a folder: then nothing ({@link #refused}). */
        ASK,
        /** Deletes, even past a rule's max_share_percent. */
        YES,
        /**
         * The rules marked auto = true, after a fetch or sync: never asks; a folder past the share guard, or a
         * server rule on a POP3 account, is skipped with a warning; each uncached message is warned about once.
         */
        AUTO
    }

    /** What one plan deleted. */
    public record Done(Retention.FolderPlan plan, List<Envelope> deleted) {
        public Done {
            deleted = List.copyOf(deleted);
        }
    }

    public RetentionReport {
        plans = List.copyOf(plans);
        done = List.copyOf(done);
        warnings = List.copyOf(warnings);
    }

    /** How many messages the plans name. */
    public int doomed() { return plans.stream().mapToInt(p -> p.doomed().size()).sum(); }

    /** How many messages were deleted. */
    public int deleted() { return done.stream().mapToInt(d -> d.deleted().size()).sum(); }

    /** True when the run deleted nothing by design: a dry run, or nothing to delete. */
    public boolean planOnly() { return mode == Mode.DRY_RUN || (mode != Mode.AUTO && doomed() == 0); }

    /** One line per plan that deleted something, e.g. "retention: rule old-mail deleted 12 in Archive of work (server)". */
    public List<String> summary() { return summary(done); }

    /** {@link #summary()} of {@code done}. */
    public static List<String> summary(List<Done> done) {
        List<String> out = new ArrayList<>();
        for (Done d : done) {
            if (d.deleted().isEmpty()) continue;
            out.add("retention: rule " + Sanitizer.oneLine(d.plan().rule().name()) + " deleted " + d.deleted().size()
                    + " in " + Sanitizer.oneLine(d.plan().folder()) + " of " + Sanitizer.oneLine(d.plan().account())
                    + " (" + where(d.plan().rule()) + ")");
        }
        return out;
    }

    /** The JSON form of what was deleted: one object per plan that deleted something. */
    public List<Map<String, Object>> json() { return json(done); }

    /** {@link #json()} of {@code done}. */
    public static List<Map<String, Object>> json(List<Done> done) {
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

    /** The line a person reads: what a dry run would delete, what a run deleted, or why it stopped. */
    public String text() {
        if (!hasRules) return "no [[retention]] rules in " + rules + "; nothing to do";
        if (refused) {
            return "nothing was deleted: " + doomed() + " message" + (doomed() == 1 ? "" : "s")
                    + " exceed a rule's max_share_percent; check with --dry-run and run again with --yes";
        }
        if (mode == Mode.DRY_RUN) return doomed() + " message" + (doomed() == 1 ? "" : "s") + " would be deleted";
        if (planOnly()) return "0 messages deleted: no rule matched any message"; // a real run that found nothing (hunt 33-Z, Z19)
        String deleted = deleted() + " message" + (deleted() == 1 ? "" : "s") + " deleted";
        if (failure != null) return deleted + ", then it stopped: " + failure.getMessage();
        return deleted + "; audit log " + audit;
    }

    /** "local", "server" or "both". */
    public static String where(RetentionConfig.Rule rule) {
        return rule.where().name().toLowerCase(Locale.ROOT);
    }

    static String guardText(Retention.FolderPlan p) {
        return "rule " + Sanitizer.oneLine(p.rule().name()) + " would delete " + p.doomed().size() + " of " + p.folderCount()
                + " messages in " + Sanitizer.oneLine(p.folder()) + " of " + Sanitizer.oneLine(p.account())
                + ", more than its max_share_percent (" + p.rule().maxSharePercent() + "%)";
    }

    static String nonImapText(Retention.FolderPlan p) {
        return "retention rule " + p.rule().name() + " deletes on the server of " + p.account()
                + ", a POP3 account; use where = \"local\" and delete_after_days in [accounts." + dev.postern.model.Names.tomlKey(p.account()) + ".pop3]";
    }

    /**
     * The sentence for {@code kept} messages a plan names that the server keeps (not older by its own date, or flagged or
     * unread there now as the rule keeps), ending in {@code outcome}: "so they were kept", "so a run keeps them".
     */
    static String serverKeptText(Retention.FolderPlan p, int kept, String outcome) {
        RetentionConfig.Rule r = p.rule();
        return kept + " message(s) in " + Sanitizer.oneLine(p.folder()) + " of " + p.account()
                + " are not older than the cut-off by the server's own date"
                + (r.where() == RetentionConfig.Where.LOCAL || !(r.keepFlagged() || r.keepUnread()) ? ""
                : ", or the server has them " + (r.keepFlagged() && r.keepUnread() ? "flagged or unread"
                : r.keepFlagged() ? "flagged" : "unread") + " now (as the rule keeps)") + ", " + outcome;
    }

    static String notCachedText(Retention.FolderPlan p) {
        return p.notCached() + " message(s) in " + Sanitizer.oneLine(p.folder()) + " of " + Sanitizer.oneLine(p.account())
                + " that rule " + Sanitizer.oneLine(p.rule().name()) + " names have no local copy yet, so their server copy"
                + " was kept; run postern sync (without --headers-only) first";
    }
}

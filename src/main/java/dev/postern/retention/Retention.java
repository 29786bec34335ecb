package dev.postern.retention;

import dev.postern.config.RetentionConfig;
import dev.postern.config.RetentionConfig.Rule;
import dev.postern.config.RetentionConfig.Where;
import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.store.MailStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;

/**
 * Works out what retention rules delete, from the store (run {@code postern sync} first), and carries it
 * out. A message is named by at most one rule (the first that matches). Never deleted: messages in a held
 * folder, flagged or unread ones unless the rule says otherwise, and messages without a date.
 */
public final class Retention {
    /** What one rule deletes in one folder. */
    public record FolderPlan(Rule rule, String account, String folder, long uidValidity, int folderCount,
            List<Envelope> doomed) {
        /** True when the rule would remove more than its allowed share of the folder at once. */
        public boolean overGuard() {
            return folderCount > 0 && doomed.size() * 100L > (long) rule.maxSharePercent() * folderCount;
        }
    }

    /** Server side of a deletion; {@link ImapDeleter} over a real session. */
    public interface ServerDeleter extends AutoCloseable {
        /** UIDs of the folder whose internal date is before the day (IMAP UID SEARCH BEFORE). */
        SortedSet<Long> before(String folder, LocalDate day);

        void expunge(String folder, long uidValidity, List<Long> uids);

        void toTrash(String folder, long uidValidity, List<Long> uids);

        @Override
        void close();
    }

    /** Called once per message deleted, after the deletion is done (committed locally, expunged on the server). */
    public interface Audit {
        void deleted(Rule rule, Envelope e);
    }

    private Retention() {}

    public static List<FolderPlan> plan(MailStore store, List<String> accounts, RetentionConfig config, Instant now) {
        List<FolderPlan> plans = new ArrayList<>();
        Set<MessageRef> claimed = new HashSet<>();
        for (Rule rule : config.rules()) {
            Instant cutoff = now.minus(Duration.ofDays(rule.olderThanDays()));
            for (String account : accounts) {
                if (!rule.appliesTo(account)) continue;
                for (Folder f : store.folders(account)) {
                    String name = f.name();
                    if (!rule.matchesFolder(name) || config.held(name)) continue;
                    int count = store.count(account, name);
                    List<Envelope> doomed = new ArrayList<>();
                    long uidValidity = -1;
                    for (Envelope e : store.page(account, name, 0, count)) {
                        uidValidity = e.ref().uidValidity();
                        if (e.date() == null || !e.date().isBefore(cutoff)) continue;
                        if (rule.keepFlagged() && e.flags().has(Flag.FLAGGED)) continue;
                        if (rule.keepUnread() && !e.flags().has(Flag.SEEN)) continue;
                        if (!claimed.add(e.ref())) continue;
                        doomed.add(e);
                    }
                    if (doomed.isEmpty()) continue;
                    doomed.sort(java.util.Comparator.comparing((Envelope e) -> e.ref().uid()));
                    plans.add(new FolderPlan(rule, account, name, uidValidity, count, doomed));
                }
            }
        }
        return plans;
    }

    /**
     * Carries out one folder's plan. On the server only UIDs that the server also finds older than the
     * cut-off (SEARCH BEFORE) are touched; the others are left everywhere and returned as kept.
     * Returns the envelopes deleted.
     */
    public static List<Envelope> execute(FolderPlan plan, MailStore store, ServerDeleter server, Audit audit, Instant now) {
        List<Envelope> doomed = plan.doomed();
        Where where = plan.rule().where();
        if (where != Where.LOCAL) {
            LocalDate day = LocalDate.ofInstant(now.minus(Duration.ofDays(plan.rule().olderThanDays())), ZoneOffset.UTC);
            SortedSet<Long> old = server.before(plan.folder(), day);
            doomed = doomed.stream().filter(e -> old.contains(e.ref().uid())).toList();
            if (doomed.isEmpty()) return List.of();
            List<Long> uids = doomed.stream().map(e -> e.ref().uid()).toList();
            if (plan.rule().trash()) server.toTrash(plan.folder(), plan.uidValidity(), uids);
            else server.expunge(plan.folder(), plan.uidValidity(), uids);
        }
        if (where != Where.SERVER) {
            try {
                store.removeEnvelopes(doomed.stream().map(Envelope::ref).toList());
                store.commit();
            } catch (RuntimeException e) {
                store.rollback();
                throw e;
            }
        }
        for (Envelope e : doomed) audit.deleted(plan.rule(), e);
        return doomed;
    }
}

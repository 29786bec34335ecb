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
 * folder, flagged or unread ones unless the rule says otherwise, and messages younger than the rule's days ({@link #age}).
 */
public final class Retention {
    /** What one rule deletes in one folder. */
    public record FolderPlan(Rule rule, String account, String folder, long uidValidity, int folderCount,
            List<Envelope> doomed, List<Long> notCachedUids) {
        public FolderPlan(Rule rule, String account, String folder, long uidValidity, int folderCount, List<Envelope> doomed) {
            this(rule, account, folder, uidValidity, folderCount, doomed, List.of());
        }

        /** How many messages a server-only rule names but leaves alone, having no local copy of them to keep yet. */
        public int notCached() {
            return notCachedUids.size();
        }

        /** The same plan, with its not-cached messages narrowed to {@code uids}. */
        public FolderPlan withNotCached(List<Long> uids) {
            return new FolderPlan(rule, account, folder, uidValidity, folderCount, doomed, List.copyOf(uids));
        }

        /** The same plan, naming {@code only} of its messages ({@link #narrow}: what the server also finds older). */
        public FolderPlan withDoomed(List<Envelope> only) {
            return new FolderPlan(rule, account, folder, uidValidity, folderCount, List.copyOf(only), notCachedUids);
        }

        /** True when the rule would remove more than its allowed share of the folder at once. */
        public boolean overGuard() {
            return folderCount > 0 && doomed.size() * 100L > (long) rule.maxSharePercent() * folderCount;
        }
    }

    /** Server side of a deletion; {@link ImapDeleter} over a real session. */
    public interface ServerDeleter extends AutoCloseable {
        /** UIDs of the folder whose internal date is before the day (IMAP UID SEARCH BEFORE). */
        SortedSet<Long> before(String folder, LocalDate day);

        /**
         * As {@link #before(String, LocalDate)}, leaving out what the rule keeps by the server's flags now: flagged there
         * ({@code keepFlagged}), unread there ({@code keepUnread}). The plan is made from the store's flags, which another
         * client may have changed since the last sync (hunt 34-A, A10: a message flagged on the phone was expunged).
         */
        default SortedSet<Long> before(String folder, LocalDate day, boolean keepFlagged, boolean keepUnread) {
            return before(folder, day);
        }

        void expunge(String folder, long uidValidity, List<Long> uids);

        void toTrash(String folder, long uidValidity, List<Long> uids);

        /**
         * Every UID below {@code belowUid} the folder still holds, or null when the server cannot say: a message the plan
         * dooms that is neither among these nor kept locally only is gone from the server already (an earlier run killed
         * between its expunge and its commit, another client).
         */
        default SortedSet<Long> present(String folder, long belowUid) {
            return null;
        }

        @Override
        void close();
    }

    /**
     * Told of each batch before and after it is deleted ({@link AuditLog}: written ahead, so a kill between the
     * store's commit and the log's line loses nothing).
     */
    public interface Audit {
        /** Before a batch is deleted: records durably what is about to go. Throws to stop before it is touched. */
        default void intent(Rule rule, List<Envelope> batch) {}

        /** Called once per message deleted, after the deletion is done (committed locally, expunged on the server). */
        void deleted(Rule rule, Envelope e);

        /** The batch failed part way (the server, the store): records what became of each of its messages. */
        default void failed(Rule rule, List<Envelope> batch) {}
    }

    private Retention() {}

    /**
     * The time a message's age is counted from: its arrival ({@link Envelope#arrived()}: the server's INTERNALDATE, or
     * when POP3 first stored it; {@code arrivalsKnown} for an envelope stored before postern recorded arrivals), or its
     * Date when that is later. A Date header never makes a message old (hunt 38-T, T1: a camera's "1970" was deleted
     * minutes after it arrived, the only copy); nor does an arrival the Date contradicts (a POP3 fetch under a clock
     * years behind, T5), as what either says is younger keeps it.
     */
    static Instant age(Envelope e, Instant arrivalsKnown) {
        Instant arrived = e.arrivedOr(arrivalsKnown);
        return e.date() != null && e.date().isAfter(arrived) ? e.date() : arrived;
    }

    public static List<FolderPlan> plan(MailStore store, List<String> accounts, RetentionConfig config, Instant now) {
        List<FolderPlan> plans = new ArrayList<>();
        Set<MessageRef> claimed = new HashSet<>();
        Instant arrivalsKnown = store.arrivalsKnownSince();
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
                    SortedSet<Long> localOnly = null;
                    List<Long> notCached = new ArrayList<>();
                    for (Envelope e : store.page(account, name, 0, count)) {
                        if (localOnly == null) localOnly = store.detached(account, name, e.ref().uidValidity());
                        uidValidity = e.ref().uidValidity();
                        if (!age(e, arrivalsKnown).isBefore(cutoff)) continue;
                        if (rule.keepFlagged() && e.flags().has(Flag.FLAGGED)) continue;
                        if (rule.keepUnread() && !e.flags().has(Flag.SEEN)) continue;
                        if (rule.where() == Where.SERVER) {
                            // Server-only retention keeps the local copy: nothing to do for one whose server copy
                            // is gone already, and one without a cached body has no local copy to keep yet.
                            if (localOnly.contains(e.ref().uid())) continue;
                            if (!e.cached()) {
                                notCached.add(e.ref().uid());
                                continue;
                            }
                        }
                        if (!claimed.add(e.ref())) continue;
                        doomed.add(e);
                    }
                    if (doomed.isEmpty() && notCached.isEmpty()) continue;
                    doomed.sort(java.util.Comparator.comparing((Envelope e) -> e.ref().uid()));
                    plans.add(new FolderPlan(rule, account, name, uidValidity, count, doomed, notCached));
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
        return execute(plan, store, server, audit, now, Integer.MAX_VALUE, deleted -> { });
    }

    /**
     * Asked between two batches of a plan, with how many of the plan's messages are deleted so far; it may
     * throw to stop there (a cancelled job), and what is deleted stays deleted: committed, and audited.
     */
    public interface Between {
        void batch(int deletedSoFar);
    }

    /**
     * As {@link #execute(FolderPlan, MailStore, ServerDeleter, Audit, Instant)}, {@code batch} messages at a time:
     * each batch is logged as an intent, deleted on the server, committed in the store and audited before {@code between} is asked
     * whether to go on, so a run stopped between batches leaves the store whole and the audit log true.
     */
    public static List<Envelope> execute(FolderPlan plan, MailStore store, ServerDeleter server, Audit audit, Instant now,
            int batch, Between between) {
        if (batch < 1) throw new IllegalArgumentException("batch " + batch);
        if (plan.doomed().isEmpty()) return List.of();
        Narrowed n = narrow(plan, store, server, now);
        List<Envelope> doomed = n.doomed();
        SortedSet<Long> localOnly = n.localOnly();
        SortedSet<Long> vanished = n.vanished();
        List<Envelope> deleted = new ArrayList<>();
        for (int from = 0; from < doomed.size(); from += batch) {
            if (from > 0) between.batch(deleted.size());
            List<Envelope> part = doomed.subList(from, Math.min(doomed.size(), from + batch));
            audit.intent(plan.rule(), part);
            try {
                deleteBatch(plan, store, server, part, localOnly, vanished);
            } catch (RuntimeException e) {
                try {
                    audit.failed(plan.rule(), part);
                } catch (RuntimeException logging) {
                    e.addSuppressed(logging);
                }
                throw e;
            }
            for (Envelope e : part) audit.deleted(plan.rule(), e);
            deleted.addAll(part);
        }
        return deleted;
    }

    /**
     * What {@link #execute} deletes of a plan ({@code doomed}), with the messages it found kept locally only and those
     * gone from the server already. A rule that deletes on the server asks it (read-only: UID SEARCH BEFORE, the UIDs it
     * holds) and keeps what the server does not find older by its own date, or finds flagged or unread now as the rule
     * keeps; a dry run asks the same (hunt 38-T, T4: it listed messages the run then kept).
     */
    public record Narrowed(List<Envelope> doomed, SortedSet<Long> localOnly, SortedSet<Long> vanished) {}

    /** See {@link Narrowed}; {@code server} is not asked for a local rule, or for a plan that names nothing. */
    public static Narrowed narrow(FolderPlan plan, MailStore store, ServerDeleter server, Instant now) {
        List<Envelope> doomed = plan.doomed();
        SortedSet<Long> localOnly = new java.util.TreeSet<>();
        SortedSet<Long> vanished = new java.util.TreeSet<>();
        if (plan.rule().where() != Where.LOCAL && !doomed.isEmpty()) {
            // Messages kept locally only have no server copy left: "both" removes them locally, nothing else.
            localOnly = store.detached(plan.account(), plan.folder(), plan.uidValidity());
            SortedSet<Long> gone = localOnly;
            List<Envelope> onServer = doomed.stream().filter(e -> !gone.contains(e.ref().uid())).toList();
            LocalDate day = LocalDate.ofInstant(now.minus(Duration.ofDays(plan.rule().olderThanDays())), ZoneOffset.UTC);
            SortedSet<Long> old = onServer.isEmpty() ? new java.util.TreeSet<>() : server.before(plan.folder(), day,
                    plan.rule().keepFlagged(), plan.rule().keepUnread());
            // Doomed here, not old by the server's date: younger there (kept), or no longer there at all. The latter were
            // deleted on the server already (hunt 33-Y, Y2: a run killed between a batch's expunge and its commit): the rule
            // is carried out on the local copy as for one kept locally only, never reported as "not older".
            List<Envelope> notOld = onServer.stream().filter(e -> !old.contains(e.ref().uid())).toList();
            if (!notOld.isEmpty()) {
                long below = notOld.stream().mapToLong(e -> e.ref().uid()).max().getAsLong() + 1;
                SortedSet<Long> present = server.present(plan.folder(), below);
                if (present != null) {
                    for (Envelope e : notOld) if (!present.contains(e.ref().uid())) vanished.add(e.ref().uid());
                }
            }
            doomed = doomed.stream().filter(e -> gone.contains(e.ref().uid()) || old.contains(e.ref().uid())
                            || vanished.contains(e.ref().uid()))
                    .sorted(java.util.Comparator.comparing((Envelope e) -> e.ref().uid())).toList();
        }
        return new Narrowed(doomed, localOnly, vanished);
    }

    private static void deleteBatch(FolderPlan plan, MailStore store, ServerDeleter server, List<Envelope> part, SortedSet<Long> localOnly,
            SortedSet<Long> vanished) {
        Where where = plan.rule().where();
        if (where == Where.SERVER) {
            // Gone from the server already: the copy kept here is now the only one; marked so, or the next sync would
            // take the server's word and remove it.
            List<MessageRef> kept = part.stream().filter(e -> vanished.contains(e.ref().uid())).map(Envelope::ref).toList();
            if (!kept.isEmpty()) commitOrRollback(store, () -> store.detach(kept));
        }
        if (where != Where.LOCAL) {
            List<Envelope> onServer = part.stream().filter(e -> !localOnly.contains(e.ref().uid())
                    && !vanished.contains(e.ref().uid())).toList();
            if (!onServer.isEmpty()) {
                List<MessageRef> refs = onServer.stream().map(Envelope::ref).toList();
                if (where == Where.SERVER) {
                    // The kept copy is marked (durably) before the server copy goes, never after.
                    commitOrRollback(store, () -> store.detach(refs));
                }
                List<Long> uids = onServer.stream().map(e -> e.ref().uid()).toList();
                try {
                    if (plan.rule().trash()) server.toTrash(plan.folder(), plan.uidValidity(), uids);
                    else server.expunge(plan.folder(), plan.uidValidity(), uids);
                } catch (RuntimeException e) {
                    if (where == Where.SERVER) commitOrRollback(store, () -> store.attach(refs));
                    throw e;
                }
            }
        }
        if (where != Where.SERVER) {
            List<MessageRef> refs = part.stream().map(Envelope::ref).toList();
            commitOrRollback(store, () -> store.removeEnvelopes(refs));
        }
    }

    private static void commitOrRollback(MailStore store, Runnable write) {
        try {
            write.run();
            store.commit();
        } catch (RuntimeException e) {
            store.rollback();
            throw e;
        }
    }
}

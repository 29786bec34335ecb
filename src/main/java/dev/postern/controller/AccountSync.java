package dev.postern.controller;

import dev.postern.backend.BulkBodySource;
import dev.postern.backend.FolderManager;
import dev.postern.backend.HeaderSource;
import dev.postern.backend.MailSession;
import dev.postern.config.AccountConfig;
import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import dev.postern.store.FolderState;
import dev.postern.store.MailStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code postern sync}: every subscribed folder (or one) brought in line with the server: new messages,
 * vanished ones and flag changes through {@link HeaderSync} (CONDSTORE deltas where offered), then the
 * bodies not yet cached (and those whose stored copy was found damaged), by the batch, unless headers only. Never
 * changes anything on the server.
 */
final class AccountSync {
    /** Bodies per FETCH are bounded by bytes, so memory stays bounded whatever the folder holds. */
    static final long BATCH_BYTES = 8L * 1024 * 1024;
    static final int BATCH_MESSAGES = 500;

    private final MailStore store;
    private final HeaderSync headers;
    private final Consumer<Event> publish;

    AccountSync(MailStore store, HeaderSync headers, Consumer<Event> publish) {
        this.store = store;
        this.headers = headers;
        this.publish = publish;
    }

    /**
     * {@code between} runs after each committed batch of bodies, on this thread and session: the account worker lets the
     * reads the user asked for meanwhile go ahead of the sync's next batch ({@link AccountWorker#betweenBatches}).
     */
    SyncOutcome sync(MailSession s, AccountConfig account, String onlyFolder, boolean headersOnly, long job, Runnable between) {
        String name = account.name();
        HeaderSource hs = MessageActions.capability(s, HeaderSource.class, name, "list messages");
        SyncFolders.Choice choice = onlyFolder != null ? new SyncFolders.Choice(List.of(onlyFolder), List.of())
                : choose(s, MessageActions.capability(s, FolderManager.class, name, "list folders"), account);
        List<SyncReport> out = new ArrayList<>();
        // In this run: [0] messages whose body read broke the session, [1] links lost while bodies came in bulk.
        int[] faults = {0, 0};
        for (String folder : choice.synced()) {
            int total;
            try {
                total = headers.sync(hs, name, folder, job);
            } catch (dev.postern.model.PosternException e) {
                // A folder the server refuses (NO or BAD to its SELECT, a name it lists and then says is not there)
                // is reported and passed over (everything else fails the run); the others are synced, and SyncOutcome.failure decides whether the
                // refusals fail the account. Named alone (--folder), it fails the command, as does a lost link or a
                // failure of this side (the store, the disk).
                if (onlyFolder != null || !refusedByServer(e)) throw e;
                store.rollback();
                out.add(new SyncReport(folder, 0, 0, 0, List.of(), refusal(e)));
                continue;
            }
            int[] bodies = {0, 0};
            List<String> errors = new ArrayList<>();
            try {
                if (!headersOnly && s instanceof BulkBodySource bulk) bodies = fetchBodies(s, bulk, account, folder, job, errors, faults, between);
            } catch (dev.postern.model.FolderRefused gone) {
                // Deleted or renamed by another client after its listing: one row, as at its SELECT (hunt 34-A, A6).
                if (onlyFolder != null) throw gone;
                store.rollback();
                out.add(new SyncReport(folder, 0, 0, 0, List.of(), refusal(gone)));
                continue;
            }
            out.add(new SyncReport(folder, total, bodies[0], bodies[1], errors));
        }
        boolean inPart = onlyFolder == null && s instanceof dev.postern.backend.FolderLister l && !l.listedWhole();
        return new SyncOutcome(name, out, choice.leftOut(), inPart);
    }

    /**
     * The server's refusal of the folder's SELECT (its NO or BAD, or no such folder), as the session marks it; not a
     * BYE, a lost link, a faulty answer or one of postern's own checks of an answer (hunt33-X, X2: those were passed
     * over as refusals, and sync exited 0 with INBOX unsynced), nor this side's failure.
     */
    private static boolean refusedByServer(dev.postern.model.PosternException e) {
        return e instanceof dev.postern.model.FolderRefused;
    }

    /** The server's refusal {@code e} of a folder's SELECT: its words, and whether it is for now or the folder is gone. */
    private static SyncReport.Refusal refusal(dev.postern.model.PosternException e) {
        String words = dev.postern.backend.ConnectionErrors.serverWords(e);
        boolean gone = e.exitCode() == dev.postern.model.ExitCode.NOINPUT;
        return new SyncReport.Refusal(words != null ? words : e.getMessage(), gone,
                !gone && words != null && dev.postern.backend.LoginRefusals.temporary(words), e);
    }

    /**
     * sync_folders when set, else INBOX and the subscribed folders; one LIST either way, plus LSUB by default. The stored
     * folders that LIST no longer names are dropped, as the folder-list refresh drops them ({@link GoneFolders}).
     */
    private SyncFolders.Choice choose(MailSession s, FolderManager fm, AccountConfig account) {
        List<dev.postern.model.Folder> listed = fm.folderNames();
        GoneFolders.drop(store, publish, account.name(), listed,
                !(s instanceof dev.postern.backend.FolderLister l) || l.listedWhole());
        List<String> patterns = account.imap().syncFolders();
        return patterns.isEmpty() ? SyncFolders.subscribed(listed, fm.subscribedFolders())
                : SyncFolders.byPatterns(listed, patterns);
    }

    private int[] fetchBodies(MailSession s, BulkBodySource bulk, AccountConfig account, String folder, long job,
            List<String> errors, int[] faults, Runnable between) {
        Optional<FolderState> st = store.folderState(account.name(), folder);
        if (st.isEmpty()) return new int[] {0, 0};
        long v = st.get().uidValidity();
        // Bodies up to fetch_whole_below, and never one larger than an answer may be (it is read in parts when opened).
        long whole = Math.min(account.fetchWholeBelow(), bulk.largestWhole());
        // Nothing new since the last complete pass: skip reading every envelope to find none uncached.
        Optional<dev.postern.store.BodiesMark> mark = store.bodiesMark(account.name(), folder);
        // Bodies found damaged (by `store verify`, or a read that could not fetch one again) count as cached until
        // fetched again: the store keeps their list, so finding them costs one look at an (almost always empty) table.
        java.util.SortedSet<Long> damaged = store.damagedBodies(account.name(), folder, v);
        boolean covered = mark.isPresent() && mark.get().covers(st.get(), whole);
        if (covered && damaged.isEmpty()) {
            return new int[] {0, mark.get().left()};
        }
        List<Long> batch = new ArrayList<>();
        long batchBytes = 0;
        int fetched = 0;
        int left = covered ? mark.get().left() : 0;
        List<Long> wanted = new ArrayList<>();
        for (long uid : covered ? damaged : store.uids(account.name(), folder, v)) {
            MessageRef ref = new MessageRef(account.name(), folder, v, uid);
            Optional<Envelope> e = store.envelope(ref);
            if (e.isEmpty() || (e.get().cached() && !damaged.contains(uid))) continue;
            if (damaged.contains(uid) && store.isDetached(ref)) continue; // kept only here: the server has no copy
            if (e.get().size() > whole && !damaged.contains(uid)) {
                left++;
                continue;
            }
            wanted.add(uid);
        }
        for (int i = 0; i < wanted.size(); i++) {
            long uid = wanted.get(i);
            long size = store.envelope(new MessageRef(account.name(), folder, v, uid)).map(Envelope::size).orElse(0L);
            batch.add(uid);
            batchBytes += size;
            if (batchBytes >= BATCH_BYTES || batch.size() >= BATCH_MESSAGES || i == wanted.size() - 1) {
                java.util.SortedSet<Long> unsent = new java.util.TreeSet<>(batch);
                int got;
                try {
                    got = BodyBatch.read(store, s, bulk, account.name(), folder, v, unsent, errors, faults);
                } catch (RuntimeException e) {
                    // A failure that is no server's (the store, the disk): what came since the last commit is not kept.
                    store.rollback();
                    throw e;
                }
                for (long u : unsent) {
                    errors.add("message " + u + " in '" + folder + "': the server sent no body for it (expunged by another "
                            + "client meanwhile, or unreadable there); the next sync drops or fetches it.");
                }
                store.commit();
                fetched += got;
                publish.accept(new Event.Progress(job, account.name(), "bodies " + folder, i + 1, wanted.size()));
                batch.clear();
                batchBytes = 0;
                if (i < wanted.size() - 1) between.run(); // nothing uncommitted: a read the user asked for goes first
            }
        }
        // Marked under the state the scan started from, and only when every body wanted arrived (one expunged
        // meanwhile keeps the folder unmarked until the next sync has dropped its envelope).
        if (fetched == wanted.size()) {
            store.putBodiesMark(account.name(), folder, new dev.postern.store.BodiesMark(v, st.get().uidNext(),
                    whole, left));
            store.commit();
        }
        if (fetched > 0) publish.accept(new Event.EnvelopesLoaded(account.name(), folder, store.count(account.name(), folder)));
        return new int[] {fetched, left};
    }
}

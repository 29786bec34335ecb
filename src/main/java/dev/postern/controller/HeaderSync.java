package dev.postern.controller;

import dev.postern.backend.DeltaSource;
import dev.postern.backend.FolderStatus;
import dev.postern.backend.HeaderSource;
import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.store.FolderState;
import dev.postern.store.MailStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Consumer;

/**
 * Brings one folder's envelopes and flags in the store in line with the server, header-only. Commits
 * after every batch, recording how far it got, so an interrupted sync resumes instead of restarting.
 * Never deletes anything on the server; a message vanishes locally only when the server's own UID list
 * for the folder, fetched in this session, no longer has it, and it is not one kept locally only
 * ({@link MailStore#detach}: retention deleted its server copy on purpose).
 */
final class HeaderSync {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HeaderSync.class);
    /** The first batch of a listing: the reader shows its rows while the rest comes. */
    static final int BATCH = 500;
    /**
     * How many of the newest messages a listing into an empty store asks for first, before the rest: a screenful
     * of a tall terminal, read and stored in a fraction of the first batch's time.
     */
    static final int NEWEST = 100;
    /**
     * Later batches double up to this: at 20,000 messages, 7 round trips, store commits and index commits
     * instead of 40 (each commit is an fsync); a batch of Angus's messages stays a few MB.
     */
    static final int LARGEST_BATCH = 4_000;
    /**
     * First UID a message kept locally only gets when its folder's UIDVALIDITY changes: above every UID an
     * IMAP server can give (32 bits), so it never names a server message of the new folder.
     */
    static final long LOCAL_UID_BASE = 1L << 32;

    private final MailStore store;
    private final Consumer<Event> publish;
    private final java.util.function.Function<String, String> server;

    HeaderSync(MailStore store, Consumer<Event> publish) {
        this(store, publish, account -> "its server");
    }

    /** {@code server}: an account's server as a sentence names it ("the server at HOST:PORT"). */
    HeaderSync(MailStore store, Consumer<Event> publish, java.util.function.Function<String, String> server) {
        this.store = store;
        this.publish = publish;
        this.server = server;
    }

    /**
     * Starts the folder's sync state afresh under {@code uidValidity}. Envelopes cached under an earlier
     * UIDVALIDITY are dropped: the folder was recreated and their UIDs name other messages now (bodies are
     * released by reference count; nothing on the server is touched). Does not commit.
     */
    void startOver(String account, String folder, long uidValidity) {
        Optional<FolderState> prev = store.folderState(account, folder);
        if (prev.isPresent() && prev.get().uidValidity() != uidValidity) {
            long oldValidity = prev.get().uidValidity();
            List<MessageRef> stale = new ArrayList<>();
            // Messages kept locally only (their server copy deleted by retention) are the one copy left: kept.
            SortedSet<Long> kept = store.detached(account, folder, oldValidity);
            for (long uid : store.uids(account, folder, oldValidity)) {
                if (!kept.contains(uid)) stale.add(new MessageRef(account, folder, oldValidity, uid));
            }
            store.removeEnvelopes(stale);
            carryLocalOnly(account, folder, oldValidity, uidValidity, hash -> false);
        }
        store.putFolderState(account, folder, new FolderState(uidValidity, 1, 0, 0));
    }

    /**
     * Whether the folder as the server selected it ({@code st}) is not what the store last saw of it: new or gone
     * messages (UIDNEXT, EXISTS), or any change where the server counts them (HIGHESTMODSEQ). For the folder watch's
     * first SELECT, so that mail which came between the reader's refresh and the watch is fetched at once.
     */
    static boolean behind(MailStore store, String account, String folder, FolderStatus st) {
        Optional<FolderState> prev = store.folderState(account, folder);
        return prev.isEmpty() || behind(store, account, folder, st, prev.get());
    }

    /** {@link #behind}, against the folder's state {@code p} as the store last saw it (the one rule sync's shortcut uses too). */
    private static boolean behind(MailStore store, String account, String folder, FolderStatus st, FolderState p) {
        return p.uidValidity() != st.uidValidity() || p.uidNext() != st.uidNext()
                || (st.highestModSeq() != 0 && st.highestModSeq() != p.highestModSeq())
                || st.exists() != store.count(account, folder) - store.detached(account, folder, st.uidValidity()).size();
    }

    int sync(HeaderSource source, String account, String folder, long jobId) {
        FolderStatus st = source.open(folder);
        Optional<FolderState> prev = store.folderState(account, folder);
        if (prev.isPresent() && prev.get().uidValidity() != st.uidValidity()) {
            return relist(source, account, folder, st, prev.get().uidValidity(), jobId);
        }
        // Committed with the listing's first batch or the state below: a folder new to the store cost two commits (a
        // crash before either leaves no state, and the next sync starts over as this one did).
        if (prev.isEmpty()) startOver(account, folder, st.uidValidity());
        // At most 2^32-1: a store a broken server's UIDNEXT moved past it (before that was held at the session)
        // would otherwise list from among the local-only UIDs and fail every sync of the folder.
        long fromUid = Math.min(prev.map(FolderState::uidNext).orElse(1L), LOCAL_UID_BASE - 1);
        // Nothing to ask: only where the server counts changes (CONDSTORE), and the store has the folder as selected.
        boolean unchanged = prev.isPresent() && st.highestModSeq() != 0 && !behind(store, account, folder, st, prev.get());
        // Where this sync's listing vouches for the store: its own range, from the progress mark. Below the mark every
        // message was listed once, and one the store lacks may have been removed on purpose (local retention, also of
        // the folder's highest UIDs: hunt 33-R, R1). Only under a mark that went back (an inflated UIDNEXT stored it,
        // hunt33-X X1) is what lies above the highest UID stored taken as never listed.
        SortedSet<Long> before = store.uids(account, folder, st.uidValidity()).headSet(LOCAL_UID_BASE);
        boolean markInflated = st.uidNext() > 0 && st.uidNext() < fromUid;
        long listedFrom = markInflated ? Math.min(fromUid, before.isEmpty() ? 1 : before.last() + 1) : fromUid;
        int removed = 0;
        int arrived = 0;
        if (!unchanged) {
            long sinceModSeq = prev.map(FolderState::highestModSeq).orElse(0L);
            if (fromUid > 1 && sinceModSeq != 0 && st.highestModSeq() != 0 && !wentBack(account, folder, st, prev.get())
                    && source instanceof DeltaSource delta) {
                removed = reconcileDelta(delta, account, folder, st, fromUid, sinceModSeq);
            } else if (fromUid > 1) {
                removed = reconcileKnown(source, account, folder, st, fromUid);
            }
            // Cached UIDs at or above the progress mark (the newest listed first by a listing that was cut off) are
            // listed again below: kept meanwhile (a put replaces), and removed only if the listing does not have them.
            java.util.Set<Long> unseen = new java.util.HashSet<>(store.uids(account, folder, st.uidValidity())
                    .subSet(fromUid, LOCAL_UID_BASE));
            unseen.removeAll(store.detached(account, folder, st.uidValidity()));
            arrived = fetchNew(source, account, folder, st, fromUid, jobId, null, unseen);
            if (!unseen.isEmpty()) {
                store.removeEnvelopes(unseen.stream().map(uid -> new MessageRef(account, folder, st.uidValidity(), uid)).toList());
                removed += unseen.size();
            }
        }
        // A UIDNEXT below the mark (the mark was inflated by one answer, X7) takes the mark down to it once all below
        // the old mark is in the store: a weaker claim, and later syncs no longer find the marks gone back.
        // Else the mark is past what this listing stored: `fromUid:*` also lists mail that came after SELECT, above
        // its UIDNEXT, and a mark left at UIDNEXT listed those again next time and counted them twice as new (hunt 34-A,
        // A4: "207 new messages" for 200, the new-mail hook's count too).
        long listed = listedUpTo(account, folder, st.uidValidity());
        long mark = st.uidNext() > 0 && st.uidNext() < fromUid ? st.uidNext() : Math.max(Math.max(st.uidNext(), fromUid), listed);
        arrived += fillGaps(source, account, folder, st, listedFrom, Math.max(Math.max(mark, fromUid), listed));
        // A state the store holds already is not written again for its time alone, nor counts it holds: an unchanged
        // folder then writes nothing, and its commit costs nothing (2,000 of them cost 6,000 fsyncs: hunt 39-S, S2).
        FolderState now = new FolderState(st.uidValidity(), mark, st.highestModSeq(), System.currentTimeMillis());
        if (!store.folderState(account, folder).map(was -> sameBut(was, now)).orElse(false)) {
            store.putFolderState(account, folder, now);
        }
        recordCounts(account, folder);
        store.commit();
        int total = store.count(account, folder);
        publish.accept(new Event.EnvelopesLoaded(account, folder, total));
        // The first listing of a folder is not "new mail": only a folder synced before reports arrivals.
        if (prev.isPresent() && (arrived > 0 || removed > 0)) {
            publish.accept(new Event.FolderChanged(account, folder, arrived, removed));
        }
        publish.accept(new Event.FoldersLoaded(account));
        return total;
    }

    /**
     * The messages from {@code from} and below the progress mark {@code below} that the server holds and the store
     * lacks, listed now ({@code from}: where this sync vouches for the store, see {@link #sync}). The
     * mark says "everything below was listed", and later syncs list only above it: a message an answer lost (one
     * FETCH swallowed by a broken line, hunt33-X X1) or that came under a mark an inflated UIDNEXT had moved up would
     * otherwise never reach the store. Asked only when the folder holds more than the store has of it (its SELECT's
     * EXISTS), so a sync in step costs nothing more. Messages with a queued change waiting for the server are left
     * alone. Fails (75, nothing of the folder's state committed) when the server lists such a message and does not
     * send it; the next sync asks again. Returns how many it stored.
     */
    private int fillGaps(HeaderSource source, String account, String folder, FolderStatus st, long from, long below) {
        long v = st.uidValidity();
        SortedSet<Long> stored = store.uids(account, folder, v);
        if (st.exists() <= stored.size() - store.detached(account, folder, v).size()) return 0;
        below = Math.min(below, LOCAL_UID_BASE);
        // Only this sync's own range is asked: below it the reconcile just asked the server (a folder whose mail local
        // retention removed holds more than the store every time, and each sync asked it twice: R4), and
        // a sync with no new mail has no range to ask of.
        if (from >= below) return 0;
        SortedSet<Long> onServer = source instanceof DeltaSource d ? d.uidsIn(folder, from, below)
                : new java.util.TreeSet<>(source.flags(folder, below).keySet());
        java.util.Set<Long> queued = new java.util.HashSet<>();
        for (dev.postern.store.PendingAction a : store.pending(account)) {
            if (folder.equals(a.folder()) && a.uidValidity() == v) queued.addAll(a.uids());
        }
        // Runs of the server's UIDs the store lacks, each one UID FETCH range (a range covers only missing ones).
        List<long[]> runs = new ArrayList<>();
        java.util.Set<Long> missing = new java.util.TreeSet<>();
        long[] run = null;
        for (long uid : onServer) {
            if (uid < from || stored.contains(uid) || queued.contains(uid)) {
                run = null;
                continue;
            }
            missing.add(uid);
            if (run == null) runs.add(run = new long[] {uid, uid});
            else run[1] = uid;
        }
        if (missing.isEmpty()) return 0;
        if (runs.size() > 50) runs = List.of(new long[] {runs.get(0)[0], runs.get(runs.size() - 1)[1]});
        int wanted = missing.size();
        log.warn("account {}: {} message(s) of {} below the listed mark were missing from the store (first UID {}); listing them",
                account, wanted, folder, missing.iterator().next());
        for (long[] r : runs) {
            source.envelopes(folder, r[0], r[1] + 1, BATCH, LARGEST_BATCH, batch -> {
                List<Envelope> lacking = batch.stream().filter(e -> missing.contains(e.ref().uid())).toList();
                store.putEnvelopes(lacking);
                lacking.forEach(e -> missing.remove(e.ref().uid()));
                // Listed again below the folder's UIDNEXT, without bodies: the complete-bodies record no longer holds.
                if (!lacking.isEmpty()) store.putBodiesMark(account, folder, null);
            });
        }
        if (!missing.isEmpty()) {
            store.rollback();
            // The next sync lists again from the first message not sent (a put replaces what it lists twice).
            store.putFolderState(account, folder, new FolderState(v, Math.min(missing.iterator().next(),
                    store.folderState(account, folder).map(FolderState::uidNext).orElse(1L)), 0, 0));
            store.commit();
            throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.TEMPFAIL, "account " + account + ": "
                    + server.apply(account) + " holds " + missing.size() + " message(s) of '" + folder + "' (UID "
                    + missing.iterator().next() + (missing.size() > 1 ? " and more" : "") + ") that it did not send when"
                    + " listed, so the folder is not synced; the server is faulty: try again later or tell its administrator.");
        }
        store.commit();
        return wanted;
    }

    /**
     * Whether the folder's marks went back since the store took them: a HIGHESTMODSEQ or UIDNEXT lower than the stored
     * one, which no server sends for a folder of the same UIDVALIDITY (RFC 7162 3.1.2.1). One of them, or the stored
     * one, is wrong (one inflated answer stored it, hunt33-X X7), so a delta since it could miss changes for good: the
     * sync reads every flag instead, as without CONDSTORE, and stores the server's marks anew.
     */
    private boolean wentBack(String account, String folder, FolderStatus st, FolderState p) {
        boolean back = st.highestModSeq() < p.highestModSeq() || (st.uidNext() > 0 && st.uidNext() < p.uidNext());
        if (back) {
            log.warn("account {}: {}'s HIGHESTMODSEQ/UIDNEXT went back ({}/{} after {}/{}); reading every flag", account,
                    folder, st.highestModSeq(), st.uidNext(), p.highestModSeq(), p.uidNext());
        }
        return back;
    }

    /** Flag changes and vanished messages among the UIDs already cached; returns how many vanished. */
    private int reconcileKnown(HeaderSource source, String account, String folder, FolderStatus st, long belowUid) {
        long uidValidity = st.uidValidity();
        Map<Long, Flags> server = source.flags(folder, belowUid);
        SortedSet<Long> cached = store.uids(account, folder, uidValidity).headSet(belowUid);
        SortedSet<Long> localOnly = store.detached(account, folder, uidValidity);
        List<MessageRef> vanished = new ArrayList<>();
        List<MessageRef> stillThere = new ArrayList<>();
        for (long uid : cached) {
            MessageRef ref = new MessageRef(account, folder, uidValidity, uid);
            if (localOnly.contains(uid)) {
                if (server.containsKey(uid)) {
                    stillThere.add(ref);
                    store.updateFlags(ref, server.get(uid));
                }
                continue;
            }
            Flags now = server.get(uid);
            if (now == null) {
                vanished.add(ref);
            } else {
                Optional<Envelope> e = store.envelope(ref);
                if (e.isPresent() && !e.get().flags().equals(now)) store.updateFlags(ref, now);
            }
        }
        if (!vanished.isEmpty()) plausible(account, folder, st, belowUid, server.size());
        store.removeEnvelopes(vanished);
        reattach(account, folder, stillThere);
        store.commit();
        return vanished.size();
    }

    /**
     * Messages marked kept only here that the server still lists under the same UIDVALIDITY and UID: their server
     * copy was never deleted (UIDs are not given twice), as when a {@code where = "server"} retention run was killed
     * between its mark and its expunge. Left marked, they stayed on the server for good, hidden from every view and
     * from every later run (hunt 43-Y, Y3); unmarked, they are the server's messages again, and the rule's next run
     * takes them as it takes any other. Does not commit.
     */
    private void reattach(String account, String folder, List<MessageRef> stillThere) {
        if (stillThere.isEmpty()) return;
        store.attach(stillThere);
        log.warn("account {}: {} message(s) of {} marked kept only here are still on the server (UID {}{}); listed as the "
                + "server's again", account, stillThere.size(), folder, stillThere.get(0).uid(), stillThere.size() > 1 ? " and more" : "");
    }

    /**
     * The server's list of the messages below {@code belowUid} ({@code present} of them) against what its SELECT said:
     * the folder holds {@code exists}, and at most {@code uidNext - belowUid} of them can have come since. More means
     * the list lost messages (a server answering a question it offered in a shape of its own, hunt 29-I): removing
     * the stored copies of what it left out would empty the folder for good, so the sync stops and removes nothing.
     * Asked only when the list would remove something.
     */
    private void plausible(String account, String folder, FolderStatus st, long belowUid, int present) {
        if (st.uidNext() <= 0 || st.exists() - present <= Math.max(0, st.uidNext() - belowUid)) return;
        throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.TEMPFAIL, "account " + account + ": "
                + server.apply(account) + " listed "
                + present + " message(s) of " + folder + " where it said the folder holds " + st.exists()
                + ", so nothing stored was removed; the server is faulty: try again later or tell its administrator.");
    }

    /**
     * CONDSTORE: only the flags that changed since the last sync, and the UIDs that still exist (one
     * compact ESEARCH range on most servers), so a sync after a few changes moves a few changes.
     */
    private int reconcileDelta(DeltaSource delta, String account, String folder, FolderStatus st, long belowUid,
            long sinceModSeq) {
        long uidValidity = st.uidValidity();
        SortedSet<Long> present = delta.uidsBelow(folder, belowUid);
        Map<Long, Flags> changed = delta.flagsChangedSince(folder, belowUid, sinceModSeq, present);
        SortedSet<Long> localOnly = store.detached(account, folder, uidValidity);
        List<MessageRef> vanished = new ArrayList<>();
        List<MessageRef> stillThere = new ArrayList<>();
        for (long uid : store.uids(account, folder, uidValidity).headSet(belowUid)) {
            MessageRef ref = new MessageRef(account, folder, uidValidity, uid);
            if (localOnly.contains(uid)) {
                if (present.contains(uid)) stillThere.add(ref);
                continue;
            }
            if (!present.contains(uid)) {
                vanished.add(ref);
                continue;
            }
            Flags now = changed.get(uid);
            if (now == null) continue;
            Optional<Envelope> e = store.envelope(ref);
            if (e.isPresent() && !e.get().flags().equals(now)) store.updateFlags(ref, now);
        }
        if (!vanished.isEmpty()) plausible(account, folder, st, belowUid, present.size());
        store.removeEnvelopes(vanished);
        reattach(account, folder, stillThere);
        store.commit();
        return vanished.size();
    }

    /**
     * Envelopes from {@code fromUid} on, by the batch. Without a matcher each batch is committed with the
     * progress made (a cut-off sync resumes after it); with one (a re-list after a UIDVALIDITY change),
     * bodies are re-attached and nothing is committed here: the caller commits the whole re-list at once.
     */
    /** Returns how many envelopes were fetched. */
    private int fetchNew(HeaderSource source, String account, String folder, FolderStatus st, long fromUid, long jobId,
            BodyMatcher matcher, java.util.Set<Long> unseen) {
        long expected = Math.max(0, st.exists() - store.count(account, folder));
        long[] done = {0};
        long[] fresh = {0};
        long[] next = {fromUid};
        long below = Long.MAX_VALUE;
        if (matcher == null && fromUid == 1 && st.exists() > NEWEST && store.count(account, folder) == 0) {
            // An empty store shows what the server sends first: the newest screenful, then the rest from the oldest
            // up. The progress mark stays at the folder's start until the rest comes, so a sync cut off in between
            // lists the folder from its start again (these too: a put replaces, never doubles).
            List<Envelope> top = source.newest(folder, NEWEST);
            if (!top.isEmpty()) {
                store.putEnvelopes(top);
                store.commit();
                dev.postern.model.StartupTrace.mark("listing: the newest " + top.size() + " stored");
                below = top.get(0).ref().uid();
                done[0] = top.size();
                fresh[0] = top.size();
                publish.accept(new Event.Progress(jobId, account, "headers " + folder, done[0], Math.max(expected, done[0])));
                publish.accept(new Event.EnvelopesLoaded(account, folder, store.count(account, folder)));
            }
        }
        source.envelopes(folder, fromUid, below, BATCH, LARGEST_BATCH, batch -> {
            if (batch.isEmpty()) return;
            if (batch instanceof HeaderSource.CutShort) {
                // What came before the listing was cut: kept and shown, listed again next time (the mark stays put).
                if (matcher != null) return; // a re-list is one transaction, rolled back whole
                store.putEnvelopes(batch);
                store.commit();
                publish.accept(new Event.EnvelopesLoaded(account, folder, store.count(account, folder)));
                return;
            }
            // A later batch may re-read earlier messages (their header instead of an unusable ENVELOPE): progress
            // never moves back. Messages the store held already (listed again after a listing was cut off) are not new.
            long before = next[0];
            long held = 0;
            if (unseen != null && !unseen.isEmpty()) {
                for (Envelope e : batch) if (unseen.remove(e.ref().uid()) && e.ref().uid() >= before) held++;
            }
            store.putEnvelopes(matcher == null ? batch : matcher.attach(batch));
            next[0] = Math.max(next[0], batch.get(batch.size() - 1).ref().uid() + 1);
            // Progress is durable: a sync cut off here resumes after this batch, not from the start.
            store.putFolderState(account, folder, new FolderState(st.uidValidity(), next[0], 0, 0));
            if (matcher == null) store.commit();
            long listed = batch.stream().filter(e -> e.ref().uid() >= before).count();
            done[0] += listed;
            fresh[0] += listed - held;
            publish.accept(new Event.Progress(jobId, account, "headers " + folder, done[0], Math.max(expected, done[0])));
            if (matcher == null) publish.accept(new Event.EnvelopesLoaded(account, folder, store.count(account, folder)));
        });
        return (int) fresh[0];
    }

    /** The progress mark a listing of this sync left (one past the highest UID it stored), or 0. */
    private long listedUpTo(String account, String folder, long uidValidity) {
        return store.folderState(account, folder).filter(f -> f.uidValidity() == uidValidity).map(FolderState::uidNext).map(n -> Math.min(n, LOCAL_UID_BASE)).orElse(0L);
    }

    /**
     * The folder was recreated (its UIDVALIDITY changed): every cached UID is void, but the bodies of
     * messages still on the server are kept. The folder is listed afresh under the new UIDVALIDITY; each
     * new envelope that {@link BodyMatcher} pairs with a cached body gets that body, and only then are the
     * old envelopes removed, so a body loses its last reference only when its message is gone. One
     * transaction: a crash leaves the old state (and the next sync starts this again), never a mix.
     * Nothing is sent to the server but the listing.
     */
    private int relist(HeaderSource source, String account, String folder, FolderStatus st, long oldValidity, long jobId) {
        List<Envelope> old = new ArrayList<>();
        for (long uid : store.uids(account, folder, oldValidity)) {
            store.envelope(new MessageRef(account, folder, oldValidity, uid)).ifPresent(old::add);
        }
        BodyMatcher matcher = new BodyMatcher(old, store::blobLength);
        int carried;
        int listed;
        try {
            store.putFolderState(account, folder, new FolderState(st.uidValidity(), 1, 0, 0));
            store.putBodiesMark(account, folder, null);
            listed = fetchNew(source, account, folder, st, 1, jobId, matcher, null);
            carried = carryLocalOnly(account, folder, oldValidity, st.uidValidity(), matcher::reattached);
            store.removeEnvelopes(old.stream().map(Envelope::ref).toList());
            store.putFolderState(account, folder,
                    new FolderState(st.uidValidity(), st.uidNext(), st.highestModSeq(), System.currentTimeMillis()));
            recordCounts(account, folder);
            store.commit();
        } catch (RuntimeException e) {
            store.rollback();
            throw e;
        }
        log.info("account {}: folder {} has a new UIDVALIDITY ({} -> {}); {} cached bodies kept, {} old envelopes dropped, "
                + "{} kept locally only carried over", account, folder, oldValidity, st.uidValidity(), matcher.reattached(),
                old.size() - carried, carried);
        int total = store.count(account, folder);
        publish.accept(new Event.EnvelopesLoaded(account, folder, total));
        // Every message the folder had is another one now, though their UIDs and count may be the same: the reader's built
        // orders (threads, a sort, a limit) hold the old ones and are rebuilt on this (hunt 43-R, R9); those whose body
        // came back are no news.
        publish.accept(new Event.FolderChanged(account, folder, Math.max(0, listed - matcher.reattached()),
                Math.max(0, old.size() - carried - matcher.reattached())));
        publish.accept(new Event.FoldersLoaded(account));
        return total;
    }

    /**
     * Messages kept locally only have no server copy, so a new UIDVALIDITY cannot void them: they move to
     * the new one under UIDs from {@link #LOCAL_UID_BASE} up (oldest first), still marked local-only, so
     * they stay listed, readable and counted in the folder. One whose body a new server envelope got back
     * ({@code backOnServer}) is on the server again and is not carried. Does not commit. Returns how many
     * were carried.
     */
    private int carryLocalOnly(String account, String folder, long oldValidity, long newValidity,
            java.util.function.Predicate<String> backOnServer) {
        SortedSet<Long> kept = store.detached(account, folder, oldValidity);
        if (kept.isEmpty()) return 0;
        SortedSet<Long> taken = store.uids(account, folder, newValidity).tailSet(LOCAL_UID_BASE);
        long next = taken.isEmpty() ? LOCAL_UID_BASE : taken.last() + 1;
        List<Envelope> carried = new ArrayList<>();
        List<MessageRef> gone = new ArrayList<>();
        for (long uid : kept) {
            MessageRef ref = new MessageRef(account, folder, oldValidity, uid);
            Optional<Envelope> e = store.envelope(ref);
            if (e.isEmpty()) continue;
            gone.add(ref);
            if (e.get().bodyHash() != null && backOnServer.test(e.get().bodyHash())) continue;
            Envelope o = e.get();
            carried.add(o.withRef(new MessageRef(account, folder, newValidity, next++)));
        }
        // New envelopes first: a body never loses its last reference on the way.
        store.putEnvelopes(carried);
        store.detach(carried.stream().map(Envelope::ref).toList());
        store.removeEnvelopes(gone);
        return carried.size();
    }

    /** Whether the stored state {@code was} differs from {@code now} in its time stamp alone, and has one. */
    private static boolean sameBut(FolderState was, FolderState now) {
        return was.uidValidity() == now.uidValidity() && was.uidNext() == now.uidNext()
                && was.highestModSeq() == now.highestModSeq() && was.syncedAtMillis() != 0;
    }

    /** The folder's counts as the store holds its messages now; written only when they changed. */
    private void recordCounts(String account, String folder) {
        Optional<Folder> was = store.folder(account, folder);
        Folder known = was.orElse(new Folder(account, folder, '/', 0, 0, null));
        Folder now = new Folder(account, folder, known.separator(), store.count(account, folder),
                store.unread(account, folder), known.attributes());
        if (!was.equals(Optional.of(now))) store.putFolder(now);
    }
}

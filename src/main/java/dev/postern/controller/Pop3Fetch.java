package dev.postern.controller;

import dev.postern.backend.pop3.Pop3Keys;
import dev.postern.backend.pop3.Pop3Listing;
import dev.postern.backend.pop3.Pop3Mapper;
import dev.postern.backend.pop3.Pop3Session;
import dev.postern.config.AccountConfig;
import dev.postern.config.Pop3Options;
import dev.postern.model.Envelope;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.store.FolderState;
import dev.postern.store.MailStore;
import dev.postern.store.UidlEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POP3 download run: list the maildrop by UIDL, store what the ledger does not have, apply the
 * keep/delete policy, QUIT.
 *
 * <p>Crash safety: a message's envelope, its body and its ledger entry are written before the same
 * commit, so after a crash the store has all three or none, and a message is fetched again exactly when
 * its ledger entry is missing. DELE is sent only for messages whose body a commit has already made
 * durable, and only by {@link Pop3Session#quit()}, so a killed or aborted run deletes nothing.
 */
final class Pop3Fetch {
    private static final Logger log = LoggerFactory.getLogger(Pop3Fetch.class);
    static final String INBOX = Pop3Session.INBOX;
    /** Commit at least this often: a kill costs at most this much re-downloading. */
    private static final int COMMIT_EVERY = 100;
    private static final long COMMIT_BYTES = 8L << 20;
    private static final long COMMIT_MILLIS = 2000;
    /**
     * Messages in one run the server may fail to send whole ({@link dev.postern.model.MessageFault}) before the run
     * ends: each costs a reconnect (a login) and up to a time-out or the cap on one answer.
     */
    static final int MAX_MESSAGE_FAULTS = 3;

    private final MailStore store;
    private final Clock clock;

    Pop3Fetch(MailStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    FetchSummary run(dev.postern.backend.Maildrop s, AccountConfig a, FetchOptions o, Consumer<FetchProgress> progress) {
        return run(s, a, o, progress, new Tally());
    }

    /**
     * As {@link #run(dev.postern.backend.Maildrop, AccountConfig, FetchOptions, Consumer)}, counting in {@code tally}
     * what each commit made durable: when the run fails, the caller can still say what it stored.
     */
    FetchSummary run(dev.postern.backend.Maildrop s, AccountConfig a, FetchOptions o, Consumer<FetchProgress> progress,
            Tally tally) {
        String acct = a.name();
        Pop3Options policy = a.pop3();
        try {
            long t0 = System.nanoTime();
            s.freshView();
            List<Pop3Listing> server = s.list();
            long t1 = System.nanoTime();
            Map<String, UidlEntry> ledger = store.uidls(acct);
            // Stored copies found damaged are not held: fetched again whole while the server has them, and never
            // deleted from it by the policy until they are.
            java.util.Set<Long> damaged = store.damagedBodies(acct, INBOX, 0);
            adoptShared(acct, server, ledger);
            long nextUid = 1;
            for (UidlEntry e : ledger.values()) nextUid = Math.max(nextUid, e.localUid() + 1);
            ensureFolder(acct, nextUid);
            Map<String, UidlEntry> reused = reusedUidls(s, acct, server, ledger);

            // Plan: what to download, so progress can show totals.
            List<Pop3Listing> work = new ArrayList<>();
            long totalBytes = 0;
            int skipped = 0;
            for (Pop3Listing l : server) {
                UidlEntry e = ledger.get(l.uidl());
                boolean mend = e != null && damaged.contains(e.localUid()) && !o.headersOnly() && held(acct, e, java.util.Set.of());
                if (e == null || mend || (wantsBody(o, policy, l.size(), true) && !held(acct, e, damaged))) {
                    work.add(l);
                    totalBytes += l.size();
                } else {
                    skipped++;
                }
            }
            int done = 0, faults = 0;
            long bytes = 0, lastCommit = clock.millis();
            Batch batch = new Batch(tally);
            List<String> errors = tally.errors;
            errors.addAll(s.listingErrors()); // listed with a UIDL it may not send: neither fetched nor deleted
            Pop3Likeness likeness = new Pop3Likeness(store, acct, ledger, !policy.keepOnServer() || policy.deleteAfterDays() > 0,
                    server.stream().map(Pop3Listing::uidl).collect(java.util.stream.Collectors.toSet()));
            // After a reconnect, the messages by UIDL in the new session's numbering.
            Map<String, Pop3Listing> renumbered = null;
            for (Pop3Listing listed : work) {
                Pop3Listing l = renumbered == null ? listed : renumbered.get(listed.uidl());
                if (l == null) continue; // gone from the maildrop while we reconnected
                UidlEntry e = ledger.get(l.uidl());
                Instant now = clock.instant();
                byte[] one;
                boolean whole = e != null || wantsBody(o, policy, l.size(), false);
                try {
                    one = whole ? s.retrieve(l.number()) : s.headers(l.number());
                } catch (dev.postern.model.MessageFault fault) {
                    // One message the server will not send whole (past the cap on one answer, stalled, or the link
                    // lost in the middle of it): the connection is closed for it, the others are fetched on a fresh
                    // one. Past the cap it would be again, so a new one is stored header-only (as one LIST says is too
                    // large) and later fetches pass it by; any other is tried again next time. A few such faults in
                    // one run end it.
                    if (++faults > MAX_MESSAGE_FAULTS) {
                        if (batch.size() > 0) batch.write(acct, nextUid);
                        throw fault;
                    }
                    if (batch.size() > 0) batch.write(acct, nextUid);
                    batch = new Batch(tally);
                    lastCommit = clock.millis();
                    s.freshView();
                    server = s.list();
                    renumbered = new java.util.HashMap<>();
                    for (Pop3Listing n : server) renumbered.put(n.uidl(), n);
                    Pop3Listing again = renumbered.get(l.uidl());
                    byte[] head = fault.tooLarge() && e == null && again != null ? headerOf(s, again.number()) : null;
                    if (head == null) {
                        errors.add(fault.getMessage() + "; the others were fetched, and the next fetch tries it again.");
                        continue;
                    }
                    errors.add(fault.getMessage() + "; only its header is stored, and later fetches pass it by.");
                    one = head;
                    whole = false;
                } catch (dev.postern.model.PosternException gone) {
                    // One message the server will not send (deleted by another client since LIST, unreadable there)
                    // is counted and passed, its UIDL not recorded so a later fetch tries again; a lost connection
                    // or a refused login still ends the account's fetch.
                    if (gone.exitCode() != dev.postern.model.ExitCode.NOINPUT) {
                        // The messages read before it are whole (retrieve never returns half a message): they are
                        // stored before the failure is told, so a server that breaks at the fifth keeps the four.
                        // Nothing is deleted on the server: QUIT, which sends DELE, is not reached.
                        if (batch.size() > 0) batch.write(acct, nextUid);
                        throw gone;
                    }
                    errors.add(gone.getMessage());
                    continue;
                }
                String unlike = whole ? likeness.mismatch(l, e, one) : null;
                if (unlike != null) {
                    // Not this message's text: stored under its UIDL it would pass for it, and be deleted unseen.
                    errors.add("account " + acct + ": the server answered RETR " + l.number() + " with " + unlike
                            + "; it is not stored and stays on the server, and the next fetch tries it again.");
                    continue;
                }
                UidlEntry before = e == null ? reused.get(l.uidl()) : null;
                if (before != null && whole && sameText(acct, before, one)) {
                    // The very message the server said it deleted, still there: the stored copy is it, not a second one.
                    UidlEntry again = before.withDeletedAt(0);
                    ledger.put(l.uidl(), again);
                    batch.uidls.put(l.uidl(), again);
                    done++;
                    continue;
                }
                if (e != null) {
                    byte[] raw = one;
                    batch.bodies.put(ref(acct, e.localUid()), raw);
                    batch.bytes += raw.length;
                    batch.bodiesCount++;
                } else {
                    byte[] got = one;
                    MessageRef ref = ref(acct, nextUid++);
                    // A whole message's size is what came, not what LIST said (a server's LIST may be wrong).
                    batch.envelopes.add(Pop3Mapper.envelope(ref, got, whole || l.size() <= 0 ? got.length : l.size(), now));
                    if (whole) batch.bodies.put(ref, got);
                    UidlEntry entry = new UidlEntry(ref.uid(), now.toEpochMilli(), l.size(), 0);
                    batch.uidls.put(l.uidl(), entry);
                    ledger.put(l.uidl(), entry);
                    batch.bytes += got.length;
                    if (!whole) batch.partial++;
                }
                done++;
                bytes += one.length;
                if (batch.size() >= COMMIT_EVERY || batch.bytes >= COMMIT_BYTES
                        || clock.millis() - lastCommit >= COMMIT_MILLIS) {
                    batch.write(acct, nextUid);
                    batch = new Batch(tally);
                    lastCommit = clock.millis();
                }
                progress.accept(new FetchProgress(acct, done, work.size(), bytes, totalBytes));
            }
            // Nothing new: no write and no commit (each commit is an fsync), the store is as the last run left it.
            if (batch.size() > 0) batch.write(acct, nextUid);
            long t2 = System.nanoTime();
            int[] deletions = applyPolicy(s, a, server, ledger, damaged);
            int deleted = deletions[0];
            log.info("account {}: {} on server, {} fetched, {} bodies, {} deleted; list {} ms, fetch {} ms, policy+quit {} ms",
                    acct, server.size(), tally.fetched, tally.bodies, deleted, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    (System.nanoTime() - t2) / 1_000_000);
            return new FetchSummary(acct, "pop3", tally.fetched, tally.bodies, skipped, tally.partial, deleted, deletions[1],
                    tally.bytes, null, errors);
        } catch (RuntimeException e) {
            store.rollback();
            s.close();
            throw e;
        }
    }

    /**
     * Keeps a stored message stored once when a broken server starts giving its UIDL to a second message as well: the
     * listing then names both {@code UIDL|sha256:HEADER}, which the ledger entry recorded under the plain UIDL does not
     * match, and the old message was downloaded and stored again. The entry is recorded under the new name of the
     * message it is for as well: the one whose header is the stored message's, or for a message stored header-only the
     * first listed (servers number by arrival, and the stored one came first). The plain name stays, for the day the
     * UIDL is one message's again.
     */
    private void adoptShared(String acct, List<Pop3Listing> server, Map<String, UidlEntry> ledger) {
        Map<String, List<Pop3Listing>> shared = new java.util.LinkedHashMap<>();
        for (Pop3Listing l : server) {
            String uidl = Pop3Keys.sharedUidl(l.uidl());
            if (uidl != null) shared.computeIfAbsent(uidl, k -> new ArrayList<>()).add(l);
        }
        boolean adopted = false;
        for (Map.Entry<String, List<Pop3Listing>> g : shared.entrySet()) {
            UidlEntry known = ledger.get(g.getKey());
            if (known == null || known.deleted()) continue;
            boolean before = g.getValue().stream().anyMatch(l -> ledger.containsKey(l.uidl())
                    && ledger.get(l.uidl()).localUid() == known.localUid());
            List<Pop3Listing> unknown = g.getValue().stream().filter(l -> !ledger.containsKey(l.uidl())).toList();
            if (before || unknown.isEmpty()) continue; // adopted by an earlier run, or nothing to adopt
            Optional<byte[]> body;
            try {
                body = store.body(ref(acct, known.localUid()));
            } catch (dev.postern.model.DamagedBody d) {
                body = Optional.empty(); // as if stored header-only: the first listed is taken for it
            }
            Pop3Listing old = body.isEmpty() ? unknown.get(0) : null;
            for (Pop3Listing l : unknown) {
                if (old == null && Pop3Keys.namesMessage(l.uidl(), body.get())) old = l;
            }
            if (old == null) continue; // the stored one is not among them: all are new
            ledger.put(old.uidl(), known);
            store.putUidl(acct, old.uidl(), known);
            adopted = true;
            log.info("account {}: UIDL {} is shared now; the stored message {} is {}", acct, g.getKey(), known.localUid(), old.uidl());
        }
        if (adopted) store.commit();
    }

    /**
     * The UIDLs the server lists whose message it accepted to delete at an earlier QUIT (the ledger's {@code deletedAt}),
     * taken out of {@code ledger} and returned with their old entries, unless the header TOP sends is the stored
     * message's (a server that kept what it said it deleted: held, and asked again, as before). RFC 1939 forbids giving
     * a UIDL again, but a server that numbers its messages does, to the next new one: known only by its UIDL, it was
     * skipped as stored and, with keep_on_server = false, deleted unseen (hunt 41-H, H1). It is fetched as new now.
     */
    private Map<String, UidlEntry> reusedUidls(dev.postern.backend.Maildrop s, String acct, List<Pop3Listing> server,
            Map<String, UidlEntry> ledger) {
        Map<String, UidlEntry> reused = new java.util.HashMap<>();
        for (Pop3Listing l : server) {
            UidlEntry e = ledger.get(l.uidl());
            if (e == null || !e.deleted()) continue;
            Optional<byte[]> had = storedText(acct, e);
            byte[] head = had.isPresent() ? headerOf(s, l.number()) : null;
            if (head != null && Pop3Keys.sameHeader(head, had.get())) continue;
            reused.put(l.uidl(), ledger.remove(l.uidl()));
        }
        if (!reused.isEmpty()) log.info("account {}: UIDLs listed again after their message was deleted, fetched as new: {}",
                acct, reused.keySet());
        return reused;
    }

    private Optional<byte[]> storedText(String acct, UidlEntry e) {
        try {
            return store.body(ref(acct, e.localUid()));
        } catch (dev.postern.model.PosternException unreadable) {
            return Optional.empty();
        }
    }

    /** Whether {@code got} is the text stored for {@code before} (a server that kept a message it said it deleted). */
    private boolean sameText(String acct, UidlEntry before, byte[] got) {
        Optional<Envelope> env = store.envelope(ref(acct, before.localUid()));
        return env.isPresent() && env.get().bodyHash() != null && env.get().bodyHash().equals(MailStore.blobHash(got));
    }

    /** The header of message {@code number} (TOP), or null when the server will not send it either. */
    private static byte[] headerOf(dev.postern.backend.Maildrop s, int number) {
        try {
            return s.headers(number);
        } catch (dev.postern.model.PosternException e) {
            if (e instanceof dev.postern.model.LinkDropped) s.close();
            return null;
        }
    }

    /**
     * What one run's commits made durable, and the messages it could not store: a run that fails part-way reports
     * these beside its failure.
     */
    static final class Tally {
        int fetched, bodies, partial;
        long bytes;
        final List<String> errors = new ArrayList<>();

        /** {@code failure}, with what was stored before it. */
        FetchSummary failed(String account, String protocol, dev.postern.model.PosternException failure) {
            return new FetchSummary(account, protocol, fetched, bodies, 0, partial, 0, 0, bytes, failure, errors);
        }
    }

    /**
     * Marks what the policy deletes, QUITs, and records the deletions the server accepted. Only bodies already committed
     * qualify. Returns {deleted, refused}.
     */
    private int[] applyPolicy(dev.postern.backend.Maildrop s, AccountConfig a, List<Pop3Listing> server, Map<String, UidlEntry> ledger,
            java.util.Set<Long> damaged) {
        Pop3Options policy = a.pop3();
        long now = clock.millis();
        Map<Integer, String> marked = new java.util.LinkedHashMap<>();
        if (!policy.keepOnServer() || policy.deleteAfterDays() > 0) {
            long minAge = policy.keepOnServer() ? Duration.ofDays(policy.deleteAfterDays()).toMillis() : 0;
            for (Pop3Listing l : server) {
                UidlEntry e = ledger.get(l.uidl());
                if (e == null || !held(a.name(), e, damaged)) continue;
                if (now - e.fetchedAtMillis() < minAge) continue;
                s.markForDeletion(l.number());
                marked.put(l.number(), l.uidl());
            }
        }
        java.util.Set<Integer> deleted = s.quit();
        int refused = 0;
        for (Map.Entry<Integer, String> m : marked.entrySet()) {
            String uidl = m.getValue();
            if (!deleted.contains(m.getKey())) {
                refused++;
                continue;
            }
            store.putUidl(a.name(), uidl, ledger.get(uidl).withDeletedAt(now));
            log.info("account {}: deleted {} from the server (policy {})", a.name(), uidl,
                    policy.keepOnServer() ? "delete_after_days=" + policy.deleteAfterDays() : "keep_on_server=false");
        }
        if (refused < marked.size()) store.commit();
        // A refused one stays stored and on the server, as before the policy; the next fetch asks again.
        return new int[] {marked.size() - refused, refused};
    }

    /** True only when the store durably holds the message's whole body, not recorded damaged ({@code damaged}: local UIDs). */
    private boolean held(String acct, UidlEntry e, java.util.Set<Long> damaged) {
        Optional<Envelope> env = store.envelope(ref(acct, e.localUid()));
        return env.isPresent() && env.get().cached() && !damaged.contains(e.localUid());
    }

    private static boolean wantsBody(FetchOptions o, Pop3Options p, long size, boolean alreadyHaveHeader) {
        if (o.headersOnly() || p.tooBig(size) || size > dev.postern.backend.SessionProperties.largestPop3Message()) return false;
        if (alreadyHaveHeader) return o.bodies();
        return !p.headersFirst() || o.bodies();
    }

    static MessageRef ref(String acct, long localUid) {
        return new MessageRef(acct, INBOX, 0, localUid);
    }

    private void ensureFolder(String acct, long nextUid) {
        if (store.folderState(acct, INBOX).isEmpty()) {
            store.putFolderState(acct, INBOX, new FolderState(0, nextUid, 0, 0));
            store.putFolder(new Folder(acct, INBOX, '/', 0, 0, null));
            store.commit();
        }
    }

    /**
     * Messages downloaded since the last commit. Written together: envelopes in one call (one counter
     * update), then bodies and ledger entries, then one commit, so the ledger never names a message
     * whose envelope and body are not durable with it.
     */
    private final class Batch {
        final Tally tally;
        final List<Envelope> envelopes = new ArrayList<>();
        final Map<MessageRef, byte[]> bodies = new java.util.LinkedHashMap<>();
        final Map<String, UidlEntry> uidls = new java.util.LinkedHashMap<>();
        long bytes;
        int bodiesCount, partial;

        Batch(Tally tally) {
            this.tally = tally;
        }

        int size() { return Math.max(Math.max(envelopes.size(), bodies.size()), uidls.size()); }

        void write(String acct, long nextUid) {
            if (!envelopes.isEmpty()) store.putEnvelopes(envelopes);
            bodies.forEach(store::attachBody);
            uidls.forEach((uidl, entry) -> store.putUidl(acct, uidl, entry));
            finishBatch(acct, nextUid);
            tally.fetched += envelopes.size();
            tally.bodies += bodiesCount;
            tally.partial += partial;
            tally.bytes += bytes;
        }
    }

    private void finishBatch(String acct, long nextUid) {
        store.putFolderState(acct, INBOX, new FolderState(0, nextUid, 0, clock.millis()));
        store.putFolder(new Folder(acct, INBOX, '/', store.count(acct, INBOX), store.unread(acct, INBOX), null));
        store.commit();
    }
}

package dev.postern.controller;

import dev.postern.backend.BodySource;
import dev.postern.backend.BulkBodySource;
import dev.postern.backend.ConnectionErrors;
import dev.postern.backend.MailSession;
import dev.postern.model.ExitCode;
import dev.postern.model.FolderRefused;
import dev.postern.model.LinkDropped;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.model.ServerLimit;
import dev.postern.store.MailStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;

/**
 * One batch of sync's bodies, read in bulk ({@link AccountSync}), and what a fault in the middle of it costs.
 *
 * <p>A fault that breaks the session (a BYE, the link lost mid-answer, BAD) once sent the whole rest of the batch
 * one message a round trip (hunt 38-L, L7: 562 s against 29 s on a thin link). Now the bodies that came whole before
 * a lost link are kept and the rest is read in bulk again on a new connection: a link that drops once costs one
 * reconnect. Progress is the bodies that came whole and were kept, not what an answer claimed: an attempt that kept
 * none (the link lost before any body, or the bodies lost with it, or a faulty answer) may have broken on one message
 * of its part, so the part is split in halves, each read in bulk, and a message that breaks every read it is in is
 * alone after log2(n) reads, where it is read as fetch reads it and its fault named ({@link #alone}), up to
 * {@link Pop3Fetch#MAX_MESSAGE_FAULTS} such messages a run. When an attempt that kept bodies broke and the next keeps
 * none, the message where the answer broke off is read alone first. A link that drops again and again while bodies
 * come ends the run after {@code MAX_MESSAGE_FAULTS} drops; the next sync goes on from what was stored.
 */
final class BodyBatch {
    /** Part of a batch to read in bulk; {@code brokeHere}: an answer that stored bodies broke off at its first. */
    private record Part(List<Long> uids, boolean brokeHere) {}

    private final MailStore store;
    private final MailSession s;
    private final BulkBodySource bulk;
    private final String acct;
    private final String folder;
    private final long v;
    private final List<String> errors;
    private final int[] faults;

    private BodyBatch(MailStore store, MailSession s, BulkBodySource bulk, String acct, String folder, long v,
            List<String> errors, int[] faults) {
        this.store = store;
        this.s = s;
        this.bulk = bulk;
        this.acct = acct;
        this.folder = folder;
        this.v = v;
        this.errors = errors;
        this.faults = faults;
    }

    /**
     * The bodies of {@code unsent} read and stored, each one the server answered (or that was read alone) taken out of
     * it, so what is left is what the server sent no body for; what was stored is committed. {@code faults}: [0]
     * messages named for breaking the session, [1] links lost while bodies came, in this run.
     */
    static int read(MailStore store, MailSession s, BulkBodySource bulk, String acct, String folder, long v,
            SortedSet<Long> unsent, List<String> errors, int[] faults) {
        return new BodyBatch(store, s, bulk, acct, folder, v, errors, faults).read(unsent);
    }

    private int read(SortedSet<Long> unsent) {
        int got = 0;
        boolean broke = false;
        Deque<Part> parts = new ArrayDeque<>();
        parts.push(new Part(List.copyOf(unsent), false));
        while (!parts.isEmpty()) {
            Part p = parts.pop();
            if (p.uids().isEmpty()) continue;
            if (broke && p.uids().size() == 1 && s instanceof BodySource one) {
                long u = p.uids().get(0);
                unsent.remove(u);
                got += alone(one, u);
                continue;
            }
            Set<Long> came = new HashSet<>();
            int[] n = {0};
            try {
                bulk.raws(folder, v, p.uids(), (u, raw) -> {
                    came.add(u);
                    MessageRef ref = new MessageRef(acct, folder, v, u);
                    if (store.envelope(ref).isPresent()) {
                        store.attachBody(ref, raw);
                        n[0]++;
                    }
                });
                // Kept before the next part is read: a fault of that one's rolls back only its own.
                store.commit();
                unsent.removeAll(came);
                got += n[0];
                continue;
            } catch (PosternException e) {
                // A limit of the server's for now ([THROTTLED]) is met again by every message: the run ends on it.
                if (e instanceof ServerLimit) throw rolledBack(e);
                if (ConnectionErrors.noSuchFolder(e)) throw new FolderRefused(rolledBack(e));
                if (e.exitCode() != ExitCode.TEMPFAIL || !(s instanceof BodySource)) throw rolledBack(e);
                if (e instanceof LinkDropped) {
                    // Each body that came, came whole (a FETCH line is handed on once read to its end): it is kept.
                    store.commit();
                    unsent.removeAll(came);
                    got += n[0];
                } else {
                    // A faulty answer (one message answered twice, differently): none of this attempt's is kept.
                    store.rollback();
                    came.clear();
                }
                broke = true;
                s.close();
                s.connect();
                List<Long> rest = p.uids().stream().filter(u -> !came.contains(u)).toList();
                if (!came.isEmpty()) {
                    if (++faults[1] > Pop3Fetch.MAX_MESSAGE_FAULTS) throw e; // a link that keeps dropping
                    parts.push(new Part(rest, true));
                } else if (p.brokeHere() && rest.size() > 1) {
                    parts.push(new Part(rest.subList(1, rest.size()), false));
                    parts.push(new Part(rest.subList(0, 1), false));
                } else {
                    parts.push(new Part(rest.subList(rest.size() / 2, rest.size()), false));
                    parts.push(new Part(rest.subList(0, rest.size() / 2), false));
                }
            }
        }
        return got;
    }

    private <E extends RuntimeException> E rolledBack(E e) {
        store.rollback();
        return e;
    }

    /**
     * The body of {@code u} read alone, as fetch reads it, and stored (1) or not (0), what came before committed; when
     * its read breaks the session it is named in {@code errors} and the session connects again, up to
     * {@link Pop3Fetch#MAX_MESSAGE_FAULTS} such messages a run (the next ends the sync).
     */
    private int alone(BodySource one, long u) {
        MessageRef ref = new MessageRef(acct, folder, v, u);
        byte[] raw;
        try {
            raw = one.raw(ref);
        } catch (PosternException e) {
            ExitCode code = e.exitCode();
            if (ConnectionErrors.noSuchFolder(e)) {
                // The folder went, not the message: every other message would fail the same way, a round trip each
                // (hunt 34-A, A6: 400 identical lines and 2,401 commands for a folder of 400).
                store.commit();
                throw new FolderRefused(e);
            }
            if (code == ExitCode.NOINPUT || code == ExitCode.DATAERR || e instanceof dev.postern.model.NoBodySent) {
                errors.add(e.getMessage());
                return 0;
            }
            store.commit();
            if (code != ExitCode.TEMPFAIL || e instanceof ServerLimit) throw e;
            if (++faults[0] > Pop3Fetch.MAX_MESSAGE_FAULTS) throw e;
            errors.add(InboxFetch.faultOf(acct, ref, e, "sync"));
            s.close();
            s.connect();
            return 0;
        }
        if (store.envelope(ref).isEmpty()) return 0;
        store.attachBody(ref, raw);
        store.commit();
        return 1;
    }
}

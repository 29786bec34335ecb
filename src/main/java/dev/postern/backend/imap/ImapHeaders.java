package dev.postern.backend.imap;

import dev.postern.backend.ConnectionErrors;
import dev.postern.config.AccountConfig;
import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import dev.postern.backend.FolderStatus;
import jakarta.mail.FetchProfile;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The headers part of {@link ImapSession}: SELECT with its UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ, the
 * envelope listing in growing batches (ENVELOPE, FLAGS, UID, References), a single envelope, the
 * fall-back to BODY.PEEK[HEADER] for an ENVELOPE postern cannot trust, and SEARCH.
 */
final class ImapHeaders {
    private static final Logger log = LoggerFactory.getLogger(ImapSession.class);

    private final ImapConnection conn;
    private final AccountConfig account;

    ImapHeaders(ImapConnection conn) {
        this.conn = conn;
        this.account = conn.account();
    }

    FolderStatus open(String name) {
        try {
            // Selected anew even when it is selected already: see ImapConnection.reselect.
            return status(conn, conn.reselect(name));
        } catch (MessagingException | RuntimeException e) {
            dev.postern.model.PosternException p = ConnectionErrors.translate(account, e);
            throw refusedOpen(e, p) ? new dev.postern.model.FolderRefused(p) : p;
        }
    }

    /**
     * Whether the failure {@code e} of a folder's SELECT (translated: {@code p}) is the server refusing that folder:
     * its tagged NO or BAD to the SELECT, or no such folder (66). Not a BYE, a lost link, a refused login on the way,
     * an answer postern could not use nor one of postern's checks of the answer (UIDVALIDITY 0): those fail the sync.
     */
    private static boolean refusedOpen(Throwable e, dev.postern.model.PosternException p) {
        if (p instanceof dev.postern.model.LinkDropped || p instanceof dev.postern.model.LoginRefused) return false;
        if (p.exitCode() == dev.postern.model.ExitCode.NOINPUT) return true;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.eclipse.angus.mail.iap.ProtocolException pe && pe.getResponse() != null) {
                Response r = pe.getResponse();
                return !r.isSynthetic() && r.isTagged() && (r.isNO() || r.isBAD());
            }
            if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t.getCause()) {
                if (refusedOpen(m.getNextException(), p)) return true;
            }
        }
        return false;
    }

    /** The folder {@code f} as its SELECT on {@code conn} told it: HIGHESTMODSEQ 0 where the server has no CONDSTORE. */
    static FolderStatus status(ImapConnection conn, IMAPFolder f) throws MessagingException {
        long modseq = 0;
        if (conn.has("CONDSTORE")) {
            try {
                modseq = Math.max(0, f.getHighestModSeq());
            } catch (MessagingException e) {
                modseq = 0;
            }
        }
        return new FolderStatus(f.getUIDValidity(), uidNext(f.getUIDNext()), modseq, f.getMessageCount());
    }

    /**
     * The server's UIDNEXT as a listing's starting point: at most 2^32-1, the largest UID there can be (RFC 3501's
     * nz-number). A larger one (a broken server) would move the folder's progress mark into the UIDs postern gives
     * messages kept locally only, and every later sync of the folder would fail; from 2^32-1 the next listing
     * reads the folder's last message again (a put replaces it) and finds what came since.
     */
    static long uidNext(long fromServer) {
        return Math.min(fromServer, AnswerGuards.MAX_UID);
    }

    private static String badUid(String folder) {
        return "answered the listing of '" + folder + "' with a UID that is not a number from 1 to " + AnswerGuards.MAX_UID
                + ", so the listing stopped there (what came before it is kept)";
    }

    /** The folder selected on this session's connection, for tests that send their own commands. */
    IMAPFolder folder(String name) throws MessagingException {
        return conn.select(name);
    }

    /**
     * What postern asks of each message in a listing: Angus's ENVELOPE item, FLAGS, UID and References. Not the
     * Content-Type, whose charset the pager uses to guess a subject's raw 8-bit bytes (RFC 5322 forbids them): some
     * 80 bytes more a message, 1.5 MB on a 20,000-message listing, for mail that breaks the rules; such a subject is
     * listed by the guess without it (UTF-8, else windows-1252) and read in the pager with it.
     */
    static final String ITEMS = "ENVELOPE INTERNALDATE RFC822.SIZE FLAGS UID BODY.PEEK[HEADER.FIELDS (References)]";

    /**
     * Every envelope from {@code fromUid} on, in one {@code UID FETCH fromUid:*} whose answers are read as
     * they arrive ({@link FetchLine}) and handed on in growing batches: one round trip however big the folder
     * (the server sends while the store writes), nothing kept of a batch once it is handed on, and no message
     * objects. A message whose ENVELOPE postern cannot use comes first as a placeholder row (so it is listed
     * and a cut-off sync never skips it) and, once the listing is read, from its own header ({@link #fromHeaders}).
     * The folder's connection is held for the whole listing: another command on this session waits for it.
     */
    void envelopes(String name, long fromUid, int firstBatch, int largestBatch, Consumer<List<Envelope>> sink) {
        envelopes(name, fromUid, Long.MAX_VALUE, firstBatch, largestBatch, sink);
    }

    /** As {@link #envelopes(String, long, int, int, Consumer)}, only UIDs below {@code belowUid} ({@code UID FETCH from:below-1}). */
    void envelopes(String name, long fromUid, long belowUid, int firstBatch, int largestBatch, Consumer<List<Envelope>> sink) {
        long from = Math.max(1, fromUid);
        if (belowUid <= from) return;
        listing(name, "UID FETCH " + from + ":" + (belowUid == Long.MAX_VALUE ? "*" : Long.toString(belowUid - 1)), from,
                belowUid, firstBatch, largestBatch, sink);
    }

    /**
     * The newest {@code count} messages of the folder as it was selected, by message number ({@code FETCH n:m}: the
     * UIDs of the newest are not known before they are asked for, and UIDs need not be dense), in one batch in
     * ascending UID order. Messages do not move between message numbers during a FETCH (RFC 3501 sends no EXPUNGE
     * then), so the range is exact.
     */
    List<Envelope> newest(String name, int count) {
        List<Envelope> out = new ArrayList<>();
        try {
            int exists = conn.select(name).getMessageCount();
            if (exists <= 0 || count <= 0) return out;
            int from = Math.max(1, exists - count + 1);
            listing(name, "FETCH " + from + ":" + exists, 1, Long.MAX_VALUE, count, count, out::addAll);
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
        out.sort(java.util.Comparator.comparingLong(e -> e.ref().uid()));
        return out;
    }

    /**
     * {@code command} (a FETCH of a range, without its items) with the listing's items, its answers read as they
     * arrive and handed on in growing batches; only UIDs from {@code from} and below {@code belowUid} are kept.
     */
    private void listing(String name, String command, long from, long belowUid, int firstBatch, int largestBatch,
            Consumer<List<Envelope>> sink) {
        try {
            IMAPFolder f = conn.select(name);
            long uidValidity = f.getUIDValidity();
            java.util.Set<Long> suspect = new java.util.LinkedHashSet<>();
            List<Integer> unread = new ArrayList<>();
            UidOrder order = new UidOrder(name);
            f.doCommand(p -> {
                boolean strict = p.isStrict();
                jakarta.mail.internet.MailDateFormat dates = new jakarta.mail.internet.MailDateFormat();
                int[] size = {Math.max(1, firstBatch)};
                List<Envelope> batch = new ArrayList<>(size[0]);
                try {
                    stream(p, command + " (" + ITEMS + ")", line -> {
                        FetchLine.Wire w = line.fetch(strict, dates);
                        if (w == null) {
                            unread.add(line.getNumber());
                            return;
                        }
                        if ((w.uid <= 0 || w.uid > AnswerGuards.MAX_UID) && (w.hasEnvelope || suspectAnswer(w))) {
                            // UIDs are 32-bit non-zero numbers (RFC 3501), and a UID FETCH answer must carry one: a
                            // listing row without it would be kept under a UID that names no message, or skipped unsaid;
                            // one above 2^32-1 would land among the UIDs postern gives messages kept locally only.
                            throw conn.faulty(badUid(name));
                        }
                        order.see(line.getNumber(), w.uid);
                        // "UID n:*" answers the last message even when its UID is below n; an answer without an
                        // ENVELOPE is a flag change the server volunteered, not part of the listing.
                        if (w.uid < from || w.uid >= belowUid || !w.hasEnvelope && !suspectAnswer(w)) return;
                        MessageRef ref = new MessageRef(account.name(), name, uidValidity, w.uid);
                        if (w.hasEnvelope && ImapMapper.trusted(w)) {
                            batch.add(ImapMapper.envelope(ref, w));
                        } else {
                            suspect.add(w.uid);
                            batch.add(placeholder(ref, w));
                        }
                        if (batch.size() >= size[0]) {
                            sink.accept(sorted(batch));
                            batch.clear();
                            size[0] = Math.max(1, Math.min(largestBatch, size[0] * 2));
                        }
                    });
                } catch (org.eclipse.angus.mail.iap.ProtocolException cut) {
                    // The listing ended before its end (a BYE, a closed link, a NO or BAD): what came whole before
                    // it is handed on as cut short (stored, the progress mark left where it was), then the failure.
                    List<Envelope> whole = batch.stream().filter(e -> !suspect.contains(e.ref().uid())).toList();
                    if (!whole.isEmpty()) sink.accept(new dev.postern.backend.HeaderSource.CutShort(sorted(whole)));
                    throw cut;
                }
                if (!batch.isEmpty()) sink.accept(sorted(batch));
                return null;
            });
            if (!unread.isEmpty()) {
                // Answers Angus's parser would have dropped as well: their UIDs, then their headers.
                java.util.SortedMap<Integer, Long> bySeq = uidsOf(f, unread);
                UidOrder unreadOrder = new UidOrder(name);
                bySeq.forEach(unreadOrder::see);
                java.util.Collection<Long> uids = bySeq.values();
                if (uids.size() < unread.size()) {
                    // Not even the UID could be read: the messages would be missing from the store unsaid.
                    throw conn.faulty("answered the listing of '" + name + "' with " + (unread.size() - uids.size())
                            + " message(s) whose UID postern cannot read, so the listing stopped there (what came"
                            + " before it is kept)");
                }
                for (long uid : uids) {
                    if (uid <= 0 || uid > AnswerGuards.MAX_UID) throw conn.faulty(badUid(name));
                    if (uid >= from && uid < belowUid) suspect.add(uid);
                }
            }
            if (!suspect.isEmpty()) {
                Map<Long, Envelope> read = fromHeaders(f, name, uidValidity, suspect);
                List<Envelope> fixed = new ArrayList<>(read.values());
                fixed.sort(java.util.Comparator.comparingLong(e -> e.ref().uid()));
                if (!fixed.isEmpty()) sink.accept(fixed);
                log.info("account {}: {} message(s) in {} had an ENVELOPE postern could not use; read from their headers",
                        account.name(), suspect.size(), name);
            }
        } catch (SinkFailure e) {
            throw e.failure;
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    /** An answer without ENVELOPE that still carries the listing's items (a server that left ENVELOPE out). */
    private static boolean suspectAnswer(FetchLine.Wire w) {
        return w.size >= 0 || w.internalDate != null;
    }

    private static Envelope placeholder(MessageRef ref, FetchLine.Wire w) {
        return new Envelope(ref, null, w.internalDate == null ? null : w.internalDate.toInstant(), "", null, null, "",
                Math.max(0, Math.min(w.size, Integer.MAX_VALUE)), ImapMapper.flags(w.flags), null, null, null,
                w.internalDate == null ? null : w.internalDate.toInstant());
    }

    private static List<Envelope> sorted(List<Envelope> batch) {
        List<Envelope> out = new ArrayList<>(batch);
        out.sort(java.util.Comparator.comparingLong(e -> e.ref().uid()));
        return out;
    }

    /** The UIDs of the messages {@code seqs} (answers that could not be read otherwise), by message number. */
    private java.util.SortedMap<Integer, Long> uidsOf(IMAPFolder f, List<Integer> seqs) throws MessagingException {
        java.util.SortedMap<Integer, Long> out = new java.util.TreeMap<>();
        List<Long> asLongs = new ArrayList<>();
        for (int s : seqs) asLongs.add((long) s);
        Response[] rs = (Response[]) f.doCommand(p -> ImapConnection.run(p, "FETCH " + UidSets.format(asLongs) + " (UID)"));
        for (Response r : rs) {
            if (r instanceof FetchResponse fr && fr.getItem(UID.class) != null) out.put(fr.getNumber(), fr.getItem(UID.class).uid);
        }
        return out;
    }

    /**
     * Holds a listing to RFC 3501's rule that UIDs ascend with message numbers: two messages under one UID would
     * be stored as one (the other lost without a word). Answers in ascending message order are checked (the order
     * every server sends).
     */
    private final class UidOrder {
        private final String folder;
        private int lastSeq;
        private long lastUid;

        UidOrder(String folder) {
            this.folder = folder;
        }

        void see(int seq, long uid) {
            if (seq <= lastSeq || uid <= 0) return; // no UID at all is a fault of its own, said as such
            if (uid <= lastUid) {
                throw conn.faulty("answered the listing of '" + folder + "' with UID " + uid + " for message " + seq
                        + " after UID " + lastUid + " for message " + lastSeq + " (UIDs must ascend), so the listing"
                        + " stopped there (what came before it is kept)");
            }
            lastSeq = seq;
            lastUid = uid;
        }
    }

    /** A failure of the listing's consumer, carried through the read of the rest of the answer. */
    static final class SinkFailure extends RuntimeException {
        final RuntimeException failure;

        SinkFailure(RuntimeException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }

    /**
     * Sends {@code command} and hands each FETCH answer to {@code onFetch} as it is read, the others (EXISTS,
     * EXPUNGE, alerts) to the folder's own bookkeeping afterwards, as Angus's {@code Protocol.command} would.
     * An answer Angus's reader cannot read is skipped (as there); a NO or BAD throws; a lost connection throws
     * as a BYE. When {@code onFetch} throws, the rest of the answer is still read (the connection stays in step)
     * and the failure is thrown after it.
     */
    static void stream(org.eclipse.angus.mail.imap.protocol.IMAPProtocol p, String command, Consumer<FetchLine> onFetch)
            throws org.eclipse.angus.mail.iap.ProtocolException {
        List<Response> other = new ArrayList<>();
        Response bye = null;
        Response done = null;
        RuntimeException failed = null;
        String tag;
        try {
            tag = p.writeCommand(command, null);
        } catch (java.io.IOException | org.eclipse.angus.mail.iap.ProtocolException e) {
            Response r = Response.byeResponse(e);
            p.notifyResponseHandlers(new Response[] {r});
            p.handleResult(r);
            return;
        }
        while (done == null) {
            FetchLine r;
            try {
                r = new FetchLine(p);
            } catch (java.io.IOException e) {
                if (bye == null) bye = Response.byeResponse(e);
                break;
            } catch (org.eclipse.angus.mail.iap.ProtocolException e) {
                log.debug("ignoring bad response", e);
                continue;
            }
            if (r.isBYE()) {
                bye = r;
                continue;
            }
            if (r.isUnTagged() && r.keyEquals("FETCH")) {
                if (failed != null) continue;
                try {
                    onFetch.accept(r);
                } catch (RuntimeException e) {
                    failed = e;
                }
                continue;
            }
            if (r.isTagged() && tag.equals(r.getTag())) done = r;
            else other.add(r);
        }
        if (bye != null) other.add(bye);
        if (!other.isEmpty()) p.notifyResponseHandlers(other.toArray(new Response[0]));
        if (failed != null) throw new SinkFailure(failed);
        p.handleResult(done != null ? done : bye);
    }

    java.util.Optional<Envelope> envelope(String name, long uid) {
        if (uid > ImapMapper.MAX_UID) return java.util.Optional.empty(); // no server holds it (RFC 3501): not asked
        try {
            IMAPFolder f = conn.select(name);
            Message m = f.getMessageByUID(uid);
            if (m == null) return java.util.Optional.empty();
            f.fetch(new Message[] {m}, envelopeProfile());
            return mapped(f, name, f.getUIDValidity(), new Message[] {m}).stream().findFirst();
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    /**
     * The envelopes of {@code batch} (fetched with {@link #envelopeProfile}), in order. A message whose
     * ENVELOPE could not be parsed, or that the server's own parser degraded, is read from its header
     * instead ({@link #fromHeaders}): one bad header never costs the message its row, nor the batch.
     */
    private List<Envelope> mapped(IMAPFolder f, String name, long uidValidity, Message[] batch) throws MessagingException {
        List<Envelope> envs = new ArrayList<>(batch.length);
        Map<Long, Integer> suspect = new java.util.LinkedHashMap<>();
        for (Message m : batch) {
            if (m.isExpunged()) continue;
            MessageRef ref = new MessageRef(account.name(), name, uidValidity, f.getUID(m));
            if (ImapMapper.trusted(m)) {
                envs.add(ImapMapper.envelope(ref, m));
            } else {
                suspect.put(ref.uid(), envs.size());
                envs.add(new Envelope(ref, null, null, "", null, null, "", 0, Flags.NONE, null, null, null));
            }
        }
        if (!suspect.isEmpty()) {
            Map<Long, Envelope> read = fromHeaders(f, name, uidValidity, suspect.keySet());
            suspect.forEach((uid, at) -> {
                Envelope e = read.get(uid);
                if (e != null) envs.set(at, e);
            });
            log.info("account {}: {} message(s) in {} had an ENVELOPE postern could not use; read from their headers",
                    account.name(), suspect.size(), name);
        }
        return envs;
    }

    /** How much of a header the fallback reads: {@link dev.postern.render.LenientHeaders} reads no more. */
    private static final int HEADER_PEEK = dev.postern.render.LenientHeaders.MAX_HEADER_BYTES;

    /** Envelopes read from BODY.PEEK[HEADER] (its first {@link #HEADER_PEEK} bytes), FLAGS, RFC822.SIZE and INTERNALDATE. */
    private Map<Long, Envelope> fromHeaders(IMAPFolder f, String name, long uidValidity, Collection<Long> uids)
            throws MessagingException {
        Map<Long, Envelope> out = new HashMap<>();
        headers(f, name, uidValidity, uids, "UID FLAGS RFC822.SIZE INTERNALDATE", out);
        if (out.size() == uids.size()) return out;
        // Answers Angus could not parse even so (a FLAGS list with a list inside it, say): asked once more without
        // FLAGS, and a message whose header does not come either is kept as a placeholder (no subject, no date)
        // rather than left out: left out, the listing moved past it and it never showed again.
        List<Long> missing = new ArrayList<>();
        for (long uid : uids) if (!out.containsKey(uid)) missing.add(uid);
        headers(f, name, uidValidity, missing, "UID RFC822.SIZE INTERNALDATE", out);
        int placeholders = 0;
        for (long uid : missing) {
            if (out.containsKey(uid)) continue;
            MessageRef ref = new MessageRef(account.name(), name, uidValidity, uid);
            out.put(uid, dev.postern.backend.HeaderEnvelope.of(ref, new byte[0], 0, dev.postern.model.Flags.NONE, null));
            placeholders++;
        }
        log.warn("account {}: {} message(s) in {} were answered in a form postern cannot read; {} read without their"
                + " flags, {} kept as placeholders", account.name(), missing.size(), name, missing.size() - placeholders,
                placeholders);
        return out;
    }

    /** {@code items} and each message's header for {@code uids}, added to {@code out} by UID. */
    private void headers(IMAPFolder f, String name, long uidValidity, Collection<Long> uids, String items,
            Map<Long, Envelope> out) throws MessagingException {
        String set = UidSets.format(uids);
        Response[] rs = (Response[]) f.doCommand(p -> ImapConnection.run(p,
                "UID FETCH " + set + " (" + items + " BODY.PEEK[HEADER]<0." + HEADER_PEEK + ">)"));
        for (Response r : rs) {
            if (!(r instanceof FetchResponse fr)) continue;
            UID uid = fr.getItem(UID.class);
            if (uid == null || !uids.contains(uid.uid)) continue;
            org.eclipse.angus.mail.imap.protocol.BODY body = fr.getItem(org.eclipse.angus.mail.imap.protocol.BODY.class);
            org.eclipse.angus.mail.imap.protocol.RFC822SIZE size = fr.getItem(org.eclipse.angus.mail.imap.protocol.RFC822SIZE.class);
            org.eclipse.angus.mail.imap.protocol.INTERNALDATE internal =
                    fr.getItem(org.eclipse.angus.mail.imap.protocol.INTERNALDATE.class);
            FLAGS flags = fr.getItem(FLAGS.class);
            if (body == null || body.getByteArray() == null) continue; // no header read: asked again, or a placeholder
            byte[] header = body.getByteArray().getNewBytes();
            java.time.Instant arrived = internal == null || internal.getDate() == null ? null : internal.getDate().toInstant();
            out.put(uid.uid, dev.postern.backend.HeaderEnvelope.of(new MessageRef(account.name(), name, uidValidity, uid.uid),
                    header, size == null ? 0 : size.size, ImapMapper.flags(flags), arrived));
        }
    }

    private static FetchProfile envelopeProfile() {
        FetchProfile fp = new FetchProfile();
        fp.add(FetchProfile.Item.ENVELOPE);
        fp.add(FetchProfile.Item.FLAGS);
        fp.add(UIDFolder.FetchProfileItem.UID);
        fp.add("References");
        // The Date as written, which ImapMapper reads (Angus keeps only its own parse, which makes a year written 0000
        // the year 2000); asked only here, of the few messages this path reads, not of the streamed listing.
        fp.add("Date");
        return fp;
    }

    java.util.SortedSet<Long> search(String name, dev.postern.model.Query query) {
        try {
            IMAPFolder f = conn.select(name);
            Message[] found = ImapSearch.onServer(f, ImapSearch.term(query), account);
            FetchProfile fp = new FetchProfile();
            fp.add(UIDFolder.FetchProfileItem.UID);
            f.fetch(found, fp);
            java.util.SortedSet<Long> out = new java.util.TreeSet<>();
            for (Message m : found) out.add(f.getUID(m));
            return out;
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }
}

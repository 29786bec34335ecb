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
            IMAPFolder f = conn.reselect(name);
            long modseq = 0;
            if (conn.has("CONDSTORE")) {
                try {
                    modseq = Math.max(0, f.getHighestModSeq());
                } catch (MessagingException e) {
                    modseq = 0;
                }
            }
            return new FolderStatus(f.getUIDValidity(), f.getUIDNext(), modseq, f.getMessageCount());
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    void envelopes(String name, long fromUid, int firstBatch, int largestBatch, Consumer<List<Envelope>> sink) {
        try {
            IMAPFolder f = conn.select(name);
            long uidValidity = f.getUIDValidity();
            Message[] msgs;
            if (fromUid <= 1) {
                // Everything: sequence numbers cost no round trip, where a UID range would first
                // transfer every UID.
                int n = f.getMessageCount();
                msgs = n == 0 ? new Message[0] : f.getMessages(1, n);
            } else {
                // "UID n:*" returns the last message even when its UID is below n: filter.
                List<Message> fresh = new ArrayList<>();
                for (Message m : f.getMessagesByUID(fromUid, UIDFolder.MAXUID)) {
                    if (m != null && f.getUID(m) >= fromUid) fresh.add(m);
                }
                msgs = fresh.toArray(new Message[0]);
            }
            FetchProfile fp = envelopeProfile();
            int size = Math.max(1, firstBatch);
            for (int i = 0; i < msgs.length; i += size, size = Math.max(1, Math.min(largestBatch, size * 2))) {
                Message[] batch = java.util.Arrays.copyOfRange(msgs, i, Math.min(msgs.length, i + size));
                f.fetch(batch, fp);
                sink.accept(mapped(f, name, uidValidity, batch));
            }
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    java.util.Optional<Envelope> envelope(String name, long uid) {
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
        String set = UidSets.format(uids);
        Response[] rs = (Response[]) f.doCommand(p -> ImapConnection.run(p,
                "UID FETCH " + set + " (UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER]<0." + HEADER_PEEK + ">)"));
        for (Response r : rs) {
            if (!(r instanceof FetchResponse fr)) continue;
            UID uid = fr.getItem(UID.class);
            if (uid == null || !uids.contains(uid.uid)) continue;
            org.eclipse.angus.mail.imap.protocol.BODY body = fr.getItem(org.eclipse.angus.mail.imap.protocol.BODY.class);
            org.eclipse.angus.mail.imap.protocol.RFC822SIZE size = fr.getItem(org.eclipse.angus.mail.imap.protocol.RFC822SIZE.class);
            org.eclipse.angus.mail.imap.protocol.INTERNALDATE internal =
                    fr.getItem(org.eclipse.angus.mail.imap.protocol.INTERNALDATE.class);
            FLAGS flags = fr.getItem(FLAGS.class);
            byte[] header = body == null || body.getByteArray() == null ? new byte[0] : body.getByteArray().getNewBytes();
            java.time.Instant arrived = internal == null || internal.getDate() == null ? null : internal.getDate().toInstant();
            out.put(uid.uid, dev.postern.backend.HeaderEnvelope.of(new MessageRef(account.name(), name, uidValidity, uid.uid),
                    header, size == null ? 0 : size.size, ImapMapper.flags(flags), arrived));
        }
        return out;
    }

    private static FetchProfile envelopeProfile() {
        FetchProfile fp = new FetchProfile();
        fp.add(FetchProfile.Item.ENVELOPE);
        fp.add(FetchProfile.Item.FLAGS);
        fp.add(UIDFolder.FetchProfileItem.UID);
        fp.add("References");
        return fp;
    }

    java.util.SortedSet<Long> search(String name, dev.postern.model.Query query) {
        try {
            IMAPFolder f = conn.select(name);
            Message[] found = f.search(ImapSearch.term(query));
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

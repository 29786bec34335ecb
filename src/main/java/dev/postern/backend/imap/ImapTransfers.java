package dev.postern.backend.imap;

import dev.postern.backend.ConnectionErrors;
import dev.postern.backend.Transfer;
import dev.postern.backend.ChangeTry;
import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.LenientHeaders;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.angus.mail.iap.BadCommandException;
import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.Status;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moves and copies of {@link ImapSession}: MOVE where offered, else COPY then an expunge of exactly the
 * sources, with the new UIDs from UIDPLUS. Every transfer first asks the target's STATUS (UIDVALIDITY,
 * UIDNEXT): that is the check that the target exists (it costs what the LIST it replaces cost) and the
 * {@link ChangeTry.Mark} a later try needs. A later try (the link was cut during an earlier one, which may
 * have copied some or all of the messages and not expunged them) fetches size, internal date and
 * Message-ID of what arrived in the target since the mark and of the sources, copies only the sources with
 * no counterpart there, and still expunges every source of a move.
 */
final class ImapTransfers {
    private static final Logger log = LoggerFactory.getLogger(ImapSession.class);
    private static final String KEYS = "(UID RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])";

    private final ImapConnection conn;
    private final ImapChanges changes;
    private final AccountConfig account;

    ImapTransfers(ImapConnection conn, ImapChanges changes) {
        this.conn = conn;
        this.changes = changes;
        this.account = conn.account();
    }

    Transfer transfer(String folder, long uidValidity, Collection<Long> uids, String target, boolean move, ChangeTry attempt) {
        if (folder.equals(target)) {
            throw new PosternException(ExitCode.USAGE, "account " + account.name() + ": source and target are both '"
                    + folder + "'.");
        }
        try {
            ChangeTry.Mark earlier = attempt.mark();
            ChangeTry.Mark now = mark(target);
            boolean retry = attempt.begin(now);
            Map<String, ArrayDeque<Long>> arrived = retry && earlier != null ? arrivedSince(earlier, now, target) : Map.of();
            IMAPFolder f = move ? conn.selectToChange(folder) : conn.select(folder);
            Map<Long, Long> made = new HashMap<>();
            Message[] msgs;
            if (arrived.isEmpty()) {
                msgs = changes.byUid(f, folder, uidValidity, uids);
            } else {
                msgs = resume(f, folder, uidValidity, uids, move, arrived, made);
            }
            // The sources to copy, and those an earlier try had copied already.
            List<Message> toCopy = new ArrayList<>();
            List<Message> there = new ArrayList<>();
            for (Message m : msgs) (made.containsKey(f.getUID(m)) ? there : toCopy).add(m);
            Message[] copying = toCopy.toArray(new Message[0]);
            long[] sourceUids = new long[copying.length];
            for (int i = 0; i < copying.length; i++) sourceUids[i] = f.getUID(copying[i]);
            // The target from the source's own store: after a dropped link the connection may have made a new
            // store, and Angus refuses a copy between two ("can't copyUIDMessages to a different store").
            IMAPFolder to = (IMAPFolder) f.getStore().getFolder(target);
            AppendUID[] fresh = null;
            if (copying.length > 0 && move && conn.has("MOVE")) fresh = moveOrCopy(f, copying, to);
            else if (copying.length > 0) fresh = copy(f, copying, to);
            boolean expungeAll = move && !conn.has("MOVE");
            if (move && (expungeAll ? msgs.length > 0 : !there.isEmpty())) {
                // Without MOVE every source goes; with it, those an earlier try had copied and not moved.
                changes.expungeExactly(f, folder, expungeAll ? msgs : there.toArray(new Message[0]));
            }
            long targetValidity = now.uidValidity() > 0 ? now.uidValidity() : 0;
            if (fresh != null) {
                for (int i = 0; i < fresh.length && i < sourceUids.length; i++) {
                    if (fresh[i] == null) continue;
                    made.put(sourceUids[i], fresh[i].uid);
                    targetValidity = fresh[i].uidvalidity;
                }
            }
            java.util.Set<Long> stayed = move ? stayed(f, msgs, folder, target) : java.util.Set.of();
            log.info("account {}: {} {} message(s) from {} to {}{}", account.name(), move ? "moved" : "copied",
                    msgs.length, folder, target, copying.length < msgs.length
                            ? " (" + (msgs.length - copying.length) + " were there from a try that was cut off)" : "");
            return new Transfer(targetValidity, made, stayed);
        } catch (MessagingException | RuntimeException e) {
            if (e instanceof jakarta.mail.FolderNotFoundException && onlyFolders(target)) {
                // A \\Noselect target (a namespace root, Gmail's [Gmail]) is there, it just holds no messages.
                throw new PosternException(ExitCode.NOINPUT, "account " + account.name() + ": folder '" + target
                        + "' only holds other folders, no messages; " + (move ? "move" : "copy")
                        + " to one of the folders under it.", e);
            }
            throw ConnectionErrors.translate(account, e);
        }
    }

    /** Whether the server lists {@code target} as a folder that holds only other folders (\\Noselect). */
    private boolean onlyFolders(String target) {
        try {
            IMAPFolder to = (IMAPFolder) conn.store().getFolder(target);
            return to.exists() && (to.getType() & jakarta.mail.Folder.HOLDS_MESSAGES) == 0;
        } catch (MessagingException | RuntimeException e) {
            return false;
        }
    }

    /**
     * MOVE; when the server, though it offers MOVE, answers it BAD (a command it does not know: nothing was moved),
     * a COPY, and the caller then expunges the sources as it does without MOVE. Every later try would get the
     * same BAD, so "try again later" could never come true.
     */
    private AppendUID[] moveOrCopy(IMAPFolder f, Message[] copying, IMAPFolder to) throws MessagingException {
        try {
            if (!conn.has("UIDPLUS")) {
                f.moveMessages(copying, to);
                return null;
            }
            return f.moveUIDMessages(copying, to);
        } catch (MessagingException e) {
            if (!(e.getCause() instanceof BadCommandException)) throw e;
            conn.moveRefused(e);
            return copy(f, copying, to);
        }
    }

    /**
     * COPY, with the new UIDs (COPYUID) when the server has UIDPLUS; without it a plain COPY, and the target's next
     * listing finds the copies (Angus's copy with UIDs refuses to run at all without UIDPLUS: "UIDPLUS not supported",
     * which no later try could change).
     */
    private AppendUID[] copy(IMAPFolder f, Message[] copying, IMAPFolder to) throws MessagingException {
        if (!conn.has("UIDPLUS")) {
            f.copyMessages(copying, to);
            return null;
        }
        return f.copyUIDMessages(copying, to);
    }

    /**
     * The UIDs of the sources of a move the server did not remove: no EXPUNGE for them in the move's answer, nor in
     * a NOOP's after it (a server may tell of expunges at the next command). A MOVE answered OK that moved nothing
     * left the message in the folder; taken as moved, the store dropped it, and no later listing (which asks from the
     * saved UIDNEXT on) brought it back. Real servers (Dovecot, Gmail) send the EXPUNGEs with the MOVE's answer, so
     * the NOOP is sent only when one is missing.
     */
    private java.util.Set<Long> stayed(IMAPFolder f, Message[] sources, String folder, String target)
            throws MessagingException {
        if (java.util.Arrays.stream(sources).allMatch(Message::isExpunged)) return java.util.Set.of();
        f.doCommand(p -> {
            p.noop();
            return null;
        });
        java.util.Set<Long> out = new java.util.TreeSet<>();
        for (Message m : sources) if (!m.isExpunged()) out.add(f.getUID(m));
        if (!out.isEmpty()) {
            log.warn("account {}: the server answered the move from {} to {} OK but did not remove {} of the messages"
                    + " (UIDs {}); they stay listed in {}", account.name(), folder, target, out.size(), out, folder);
        }
        return out;
    }

    /**
     * STATUS (UIDVALIDITY UIDNEXT) of the target; a target that does not exist fails as it always did. A server
     * that refuses STATUS on a target it has gets its transfer made without a mark (a later try then cannot tell
     * what an earlier one copied, as before marks).
     */
    private ChangeTry.Mark mark(String target) throws MessagingException {
        IMAPFolder to = (IMAPFolder) conn.store().getFolder(target);
        Status st;
        try {
            st = (Status) to.doCommand(p -> p.status(target, new String[] {"UIDVALIDITY", "UIDNEXT"}));
        } catch (MessagingException e) {
            // Only the server's NO or BAD is a refusal; a link that failed under the STATUS fails the transfer.
            if (!(e.getCause() instanceof CommandFailedException || e.getCause() instanceof BadCommandException)) throw e;
            if (!to.exists()) throw new jakarta.mail.FolderNotFoundException(to);
            log.info("account {}: the server refused STATUS on {} ({}); moving without a mark", account.name(), target,
                    e.getMessage());
            return new ChangeTry.Mark(0, -1);
        }
        return new ChangeTry.Mark(st.uidvalidity, st.uidnext);
    }

    /**
     * What came into the target since {@code earlier}, by key (see {@link #key}): nothing when the target was
     * recreated since (its copies went with it), when the server gave no UIDNEXT, or when nothing came.
     */
    private Map<String, ArrayDeque<Long>> arrivedSince(ChangeTry.Mark earlier, ChangeTry.Mark now, String target)
            throws MessagingException {
        Map<String, ArrayDeque<Long>> out = new HashMap<>();
        if (earlier.uidNext() <= 0 || now.uidNext() <= earlier.uidNext() || earlier.uidValidity() != now.uidValidity()) {
            return out;
        }
        keys(conn.select(target), earlier.uidNext() + ":*", earlier.uidNext())
                .forEach((uid, key) -> out.computeIfAbsent(key, k -> new ArrayDeque<>()).add(uid));
        return out;
    }

    /**
     * The try after a cut one: sources whose copy arrived in the target already go into {@code made} (source
     * UID to its copy's); the rest are returned to copy. A source that is gone is the earlier try's move when
     * the target has unclaimed arrivals for it (MOVE is atomic: all or none); otherwise it is gone for another
     * reason, and the transfer fails before changing anything, as a first try would.
     */
    private Message[] resume(IMAPFolder f, String folder, long uidValidity, Collection<Long> uids, boolean move,
            Map<String, ArrayDeque<Long>> arrived, Map<Long, Long> made) throws MessagingException {
        if (uidValidity != 0 && f.getUIDValidity() != uidValidity) return changes.byUid(f, folder, uidValidity, uids);
        TreeSet<Long> wanted = new TreeSet<>(uids);
        Map<Long, String> sources = keys(f, UidSets.format(wanted), 1);
        int unclaimed = 0;
        for (var e : sources.entrySet()) {
            ArrayDeque<Long> copies = arrived.get(e.getValue());
            if (copies != null && !copies.isEmpty()) made.put(e.getKey(), copies.poll());
        }
        for (ArrayDeque<Long> left : arrived.values()) unclaimed += left.size();
        List<Long> present = new ArrayList<>();
        for (long u : wanted) if (sources.containsKey(u)) present.add(u);
        int gone = wanted.size() - present.size();
        if (gone > 0 && !(move && gone <= unclaimed)) return changes.byUid(f, folder, uidValidity, uids);
        if (gone > 0) {
            log.info("account {}: {} of the messages moved from {} were moved by the try that was cut off",
                    account.name(), gone, folder);
        }
        return present.isEmpty() ? new Message[0] : changes.byUid(f, folder, uidValidity, present);
    }

    /**
     * UID to key for the messages of {@code set} in the selected {@code f} with a UID of at least {@code from}.
     * The key is what a COPY keeps: the size, and the Message-ID, or the internal date when there is none.
     */
    private static Map<Long, String> keys(IMAPFolder f, String set, long from) throws MessagingException {
        Map<Long, String> out = new LinkedHashMap<>();
        Response[] rs = (Response[]) f.doCommand(p -> ImapConnection.run(p, "UID FETCH " + set + " " + KEYS));
        for (Response r : rs) {
            if (!(r instanceof FetchResponse fr)) continue;
            UID uid = fr.getItem(UID.class);
            RFC822SIZE size = fr.getItem(RFC822SIZE.class);
            if (uid == null || size == null || uid.uid < from) continue;
            BODY id = fr.getItem(BODY.class);
            INTERNALDATE date = fr.getItem(INTERNALDATE.class);
            out.put(uid.uid, key(size.size, id == null ? "" : messageId(id), date == null || date.getDate() == null
                    ? 0 : date.getDate().getTime()));
        }
        return out;
    }

    private static String key(long size, String messageId, long internalDate) {
        return messageId.isEmpty() ? size + " @" + internalDate : size + " " + messageId;
    }

    /** The Message-ID of a HEADER.FIELDS answer, read as the envelope reads it ({@link LenientHeaders}); "" when none. */
    private static String messageId(BODY header) {
        var b = header.getByteArray();
        String id = b == null ? null : LenientHeaders.parse(b.getNewBytes()).messageId("Message-ID");
        return id == null ? "" : id;
    }
}

package dev.postern.backend.imap;

import dev.postern.backend.ChangeTry;
import dev.postern.backend.ConnectionErrors;
import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changes part of {@link ImapSession}, both ways. Reading what changed on the server for a sync: every
 * known UID's flags (one UID FETCH), flags changed since a MODSEQ (CONDSTORE's CHANGEDSINCE) and which
 * UIDs still exist (ESEARCH when offered). Writing changes: flags and keywords, and expunges that remove
 * exactly the messages asked for ({@link ImapTransfers} moves and copies).
 */
final class ImapChanges {
    private static final Logger log = LoggerFactory.getLogger(ImapSession.class);

    private final ImapConnection conn;
    private final AccountConfig account;

    ImapChanges(ImapConnection conn) {
        this.conn = conn;
        this.account = conn.account();
    }

    Map<Long, Flags> flags(String name, long belowUid) {
        Map<Long, Flags> out = new HashMap<>();
        if (belowUid <= 1) return out;
        try {
            IMAPFolder f = conn.select(name);
            // One command answers both "which UIDs still exist" and "what are their flags".
            Response[] rs = (Response[]) f.doCommand(p -> ImapConnection.run(p, "UID FETCH 1:" + (belowUid - 1) + " (UID FLAGS)"));
            for (Response r : rs) {
                if (!(r instanceof FetchResponse fr)) continue;
                UID uid = fr.getItem(UID.class);
                FLAGS flags = fr.getItem(FLAGS.class);
                if (uid != null && uid.uid < belowUid) out.put(uid.uid, ImapMapper.flags(flags));
            }
            return out;
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    boolean condstore() {
        try {
            return conn.has("CONDSTORE");
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    Map<Long, Flags> flagsChangedSince(String name, long belowUid, long modSeq) {
        return flagsChangedSince(name, belowUid, modSeq, null);
    }

    /**
     * {@code present} (when not null): the folder's UIDs below {@code belowUid}, messages 1 to n in order. A FETCH of
     * the answer whose message number names another UID than the one it carries is a faulty answer, which would put
     * a flag on the wrong message for good: every flag below {@code belowUid} is read instead.
     */
    Map<Long, Flags> flagsChangedSince(String name, long belowUid, long modSeq, java.util.SortedSet<Long> present) {
        Map<Long, Flags> out = new HashMap<>();
        if (belowUid <= 1) return out;
        try {
            IMAPFolder f = conn.select(name);
            Response[] rs;
            try {
                rs = (Response[]) f.doCommand(p -> ImapConnection.run(p,
                        "UID FETCH 1:" + (belowUid - 1) + " (UID FLAGS) (CHANGEDSINCE " + modSeq + ")"));
            } catch (MessagingException e) {
                if (!ImapConnection.refused(e)) throw e;
                // Offered, then refused: every flag instead (a superset of the changed ones), as without CONDSTORE.
                conn.condstoreRefused(e);
                return flags(name, belowUid);
            }
            Long[] byNumber = present == null ? null : present.toArray(new Long[0]);
            for (Response r : rs) {
                if (!(r instanceof FetchResponse fr)) continue;
                UID uid = fr.getItem(UID.class);
                FLAGS flags = fr.getItem(FLAGS.class);
                if (uid != null && flags != null && uid.uid < belowUid) {
                    int n = fr.getNumber();
                    if (byNumber != null && (n < 1 || n <= byNumber.length && byNumber[n - 1] != uid.uid
                            || n > byNumber.length && present.contains(uid.uid))) {
                        log.warn("account {}: {} answered CHANGEDSINCE with UID {} for message {}, which is not that"
                                + " message; reading every flag", account.name(), name, uid.uid, n);
                        return flags(name, belowUid);
                    }
                    out.put(uid.uid, ImapMapper.flags(flags));
                }
            }
            return out;
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    java.util.SortedSet<Long> uidsBelow(String name, long belowUid) {
        return uidsIn(name, 1, belowUid);
    }

    /** The folder's UIDs from {@code fromUid} and below {@code belowUid}: one UID SEARCH of that range only. */
    java.util.SortedSet<Long> uidsIn(String name, long fromUid, long belowUid) {
        java.util.SortedSet<Long> out = new java.util.TreeSet<>();
        fromUid = Math.max(1, fromUid);
        if (belowUid <= fromUid) return out;
        try {
            IMAPFolder f = conn.select(name);
            boolean esearch = conn.has("ESEARCH");
            // ESEARCH answers "ALL 1:9000,9002:10000": a few bytes however many messages.
            String range = fromUid + ":" + (belowUid - 1);
            String cmd = esearch ? "UID SEARCH RETURN (ALL) UID " + range : "UID SEARCH UID " + range;
            Response[] rs = (Response[]) f.doCommand(p -> ImapConnection.run(p, cmd));
            int exists = Math.max(0, f.getMessageCount()); // the answer's own EXISTS, if any, counted
            boolean answered = false;
            for (Response r : rs) {
                if (!r.isUnTagged()) continue;
                String line = r.toString();
                // Either answer, whichever was asked: iCloud and Cyrus 2.4 offer ESEARCH and answer RETURN with a plain
                // SEARCH (hunt 29-I, I1); read as "nothing", it emptied the folder in the store.
                // A set is counted before it is expanded, and no more UIDs are taken than the folder holds
                // (`ALL 1:4294967295` was expanded one UID at a time, past every time-out, to 2 GB: hunt 33 X9).
                if (startsWithWord(line, "* ESEARCH")) {
                    answered = true;
                    int at = line.indexOf(" ALL ");
                    if (at < 0) continue;
                    String set = line.substring(at + 5).trim().split(" ")[0];
                    long n = UidSets.count(set, belowUid);
                    if (n > exists) throw tooMany(cmd, name, n, exists);
                    UidSets.parse(set, out, belowUid);
                } else if (startsWithWord(line, "* SEARCH")) {
                    answered = true;
                    for (String t : line.substring(8).trim().split(" ")) {
                        if (t.startsWith("(")) break; // a (MODSEQ n) after the numbers
                        if (t.isEmpty()) continue;
                        long u = Long.parseLong(t);
                        if (u >= 1 && u < belowUid) out.add(u);
                        if (out.size() > exists) throw tooMany(cmd, name, out.size(), exists);
                    }
                }
            }
            // No answer is not "every message is gone": the step fails, and the store keeps what it has.
            if (!answered) {
                throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.TEMPFAIL, "account " + account.name()
                        + ": the server at " + account.host() + ":" + account.port() + " answered " + cmd
                        + " without a search result, so the stored messages of " + name
                        + " were kept as they are; the server is faulty: try again later or tell its administrator.");
            }
            long from = fromUid;
            out.removeIf(u -> u >= belowUid || u < from);
            return out;
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    /** The server named more UIDs than the folder holds: its fault (75), and nothing stored is removed. */
    private dev.postern.model.PosternException tooMany(String cmd, String name, long n, int exists) {
        return new dev.postern.model.PosternException(dev.postern.model.ExitCode.TEMPFAIL, "account " + account.name()
                + ": the server at " + account.host() + ":" + account.port() + " answered " + cmd + " with " + n
                + " UIDs for folder " + name + ", which it said holds " + exists + " messages, so the"
                + " stored messages of " + name + " were kept as they are; the server is faulty: try again later or tell"
                + " its administrator.");
    }

    /** Whether {@code line} starts with {@code word} as a whole word ("* SEARCH", not "* SEARCHES"). */
    private static boolean startsWithWord(String line, String word) {
        return line.regionMatches(true, 0, word, 0, word.length()) && (line.length() == word.length() || line.charAt(word.length()) == ' ');
    }

    // ---- flags ---------------------------------------------------------------------------------

    /**
     * One message's flag. In a folder the server opened read-only, marking a message read (the reader or `read` showing
     * it) keeps no state on the server, as in mutt: it is marked here alone; any other change there is refused (77).
     */
    void setFlag(MessageRef ref, Flag flag, boolean on) {
        try {
            Message m = conn.message(ref);
            if (m.getFolder().getMode() == jakarta.mail.Folder.READ_ONLY) {
                if (flag == Flag.SEEN && on) return;
                conn.selectToChange(ref.folder()); // its refusal
            }
            if (!keeps((IMAPFolder) m.getFolder(), flag)) {
                if (flag == Flag.SEEN && on) return; // as in a read-only folder: marked read here alone
                throw notKept(ref.folder(), flag, on, (IMAPFolder) m.getFolder());
            }
            m.setFlag(ImapMapper.toJakarta(flag), on);
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    // ---- many messages at once -------------------------------------------------------------------

    /** Selects the folder, checks its UIDVALIDITY, and finds every UID or fails naming the missing ones. */
    Message[] byUid(IMAPFolder f, String folder, long uidValidity, Collection<Long> uids) throws MessagingException {
        return byUid(f, folder, uidValidity, uids, false);
    }

    /** {@code gonePasses}: a UID no longer there is left out instead of failing the call. */
    private Message[] byUid(IMAPFolder f, String folder, long uidValidity, Collection<Long> uids, boolean gonePasses)
            throws MessagingException {
        if (uidValidity != 0 && f.getUIDValidity() != uidValidity) {
            throw new PosternException(ExitCode.NOINPUT, "account " + account.name() + ": folder '" + folder
                    + "' was recreated on the server (UIDVALIDITY changed); sync it and pick the messages again.");
        }
        long[] all = uids.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
        List<Long> missing = new ArrayList<>();
        // No server holds a UID over 32 bits (RFC 3501 and 9051): such a one (a script's slip; the store's own are kept
        // locally only and never come here) is not there, and is not sent, whose BAD read as a faulty server (hunt37-J J6).
        for (long u : all) if (u > ImapMapper.MAX_UID) missing.add(u);
        long[] wanted = java.util.Arrays.stream(all).filter(u -> u <= ImapMapper.MAX_UID).toArray();
        Message[] found = messagesByUid(f, wanted);
        for (int i = 0; i < found.length; i++) {
            if (found[i] == null || found[i].isExpunged()) missing.add(wanted[i]);
        }
        if (!missing.isEmpty() && gonePasses) {
            List<Message> there = new ArrayList<>();
            for (Message m : found) if (m != null && !m.isExpunged()) there.add(m);
            return there.toArray(new Message[0]);
        }
        if (!missing.isEmpty()) {
            List<Long> asked = missing.stream().filter(u -> u <= ImapMapper.MAX_UID).toList();
            if (!asked.isEmpty()) conn.stillListed(f, folder, asked);
            throw new dev.postern.model.MessageGone("account " + account.name() + ": " + (missing.size() == 1
                    ? "message " + missing.get(0) + " is" : "messages " + dev.postern.model.UidText.abbreviate(missing) + " are")
                    + " no longer in '" + folder + "' on the server; nothing was changed.");
        }
        return found;
    }

    /**
     * How many UIDs one look-up names: Angus writes each UID of {@code getMessagesByUID(long[])} one by one
     * ({@code UID FETCH 1,2,3,... (UID)}), and Dovecot refuses a line over 64 KB with BAD, which read as a faulty
     * server: flag, copy, move or delete of more than about 12,000 messages at once failed with 75, and a queued
     * change of as many was dropped (hunt 39-S, S6). 1,000 UIDs of ten digits make an 11 KB line.
     */
    static final int UIDS_A_LOOKUP = 1_000;

    /** Angus's messages for {@code uids} (sorted), null where the folder has none, asked {@link #UIDS_A_LOOKUP} at a time. */
    private static Message[] messagesByUid(IMAPFolder f, long[] uids) throws MessagingException {
        Message[] found = new Message[uids.length];
        for (int from = 0; from < uids.length; from += UIDS_A_LOOKUP) {
            long[] piece = java.util.Arrays.copyOfRange(uids, from, Math.min(uids.length, from + UIDS_A_LOOKUP));
            System.arraycopy(f.getMessagesByUID(piece), 0, found, from, piece.length);
        }
        return found;
    }

    /** The most characters of one UID set in a STORE or FETCH: well under any server's line limit (Dovecot's is 64 KB). */
    static final int SET_CHARS = 8_000;

    void setFlags(String folder, long uidValidity, Collection<Long> uids, Flag flag, boolean on) {
        if (uids.isEmpty()) return;
        try {
            IMAPFolder f = conn.selectToChange(folder);
            byUid(f, folder, uidValidity, uids);
            if (!keeps(f, flag)) throw notKept(folder, flag, on, f);
            // The STORE's own FETCH answers say what the server kept (RFC 3501 lets it ignore a flag it does not keep);
            // a message it answered nothing for is asked (UID FETCH FLAGS). The store takes only what it confirmed.
            Map<Long, Flags> now = new HashMap<>();
            for (String set : UidSets.formatInPieces(uids, SET_CHARS)) {
                read((Response[]) f.doCommand(p -> ImapConnection.run(p, "UID STORE " + set + (on ? " +FLAGS (" : " -FLAGS (")
                        + imapName(flag) + ")")), now);
            }
            List<Long> unanswered = uids.stream().filter(u -> !now.containsKey(u)).distinct().sorted().toList();
            for (String set : UidSets.formatInPieces(unanswered, SET_CHARS)) {
                read((Response[]) f.doCommand(p -> ImapConnection.run(p, "UID FETCH " + set + " (UID FLAGS)")), now);
            }
            List<Long> refused = uids.stream().filter(u -> now.containsKey(u) && now.get(u).has(flag) != on)
                    .distinct().sorted().toList();
            if (!refused.isEmpty()) {
                throw new PosternException(ExitCode.NOPERM, "account " + account.name() + ": the server did not "
                        + (on ? "keep " : "clear ") + imapName(flag) + " on " + (refused.size() == 1 ? "message "
                        + refused.get(0) : "messages " + dev.postern.model.UidText.abbreviate(refused)) + " in '" + folder + "' (its answer shows"
                        + " the flags unchanged; your rights there may not include it), so the store keeps what the"
                        + " server has.");
            }
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    /** The UID and FLAGS of each FETCH among {@code rs}, into {@code out}. */
    private static void read(Response[] rs, Map<Long, Flags> out) {
        for (Response r : rs) {
            if (!(r instanceof FetchResponse fr)) continue;
            UID uid = fr.getItem(UID.class);
            FLAGS flags = fr.getItem(FLAGS.class);
            if (uid != null && flags != null) out.put(uid.uid, ImapMapper.flags(flags));
        }
    }

    /**
     * Whether folder {@code f} keeps {@code flag}: its PERMANENTFLAGS (or, without them, its FLAGS, as RFC 3501 has it)
     * name it. A folder whose SELECT named neither is taken to keep every flag (the STORE's answer still tells).
     */
    private static boolean keeps(IMAPFolder f, Flag flag) {
        jakarta.mail.Flags permanent = f.getPermanentFlags();
        if (permanent == null || permanent.getSystemFlags().length == 0 && permanent.getUserFlags().length == 0) return true;
        return permanent.contains(ImapMapper.toJakarta(flag));
    }

    /** A flag the folder does not keep, refused before anything is sent (77). */
    private PosternException notKept(String folder, Flag flag, boolean on, IMAPFolder f) {
        StringBuilder kept = new StringBuilder();
        for (Flag k : Flag.values()) if (keeps(f, k)) kept.append(kept.length() == 0 ? "" : " ").append(imapName(k));
        return new PosternException(ExitCode.NOPERM, "account " + account.name() + ": the server does not let you "
                + (on ? "set " : "clear ") + imapName(flag) + " in '" + folder + "' (the flags it keeps there: "
                + (kept.length() == 0 ? "none" : kept) + "); nothing was changed.");
    }

    /** IMAP's name of {@code flag}: \Seen, \Flagged, ... */
    static String imapName(Flag flag) {
        String l = flag.label();
        return "\\" + Character.toUpperCase(l.charAt(0)) + l.substring(1);
    }

    boolean addKeyword(String folder, long uidValidity, long uid, String keyword) {
        try {
            IMAPFolder f = conn.select(folder);
            jakarta.mail.Flags permanent = f.getPermanentFlags();
            if (f.getMode() == jakarta.mail.Folder.READ_ONLY || permanent == null || !(permanent.contains(jakarta.mail.Flags.Flag.USER) || permanent.contains(keyword))) {
                return false;
            }
            Message[] msgs = byUid(f, folder, uidValidity, List.of(uid));
            f.setFlags(msgs, new jakarta.mail.Flags(keyword), true);
            return true;
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    /** A try after one that began takes the UIDs gone as the earlier try's expunge (see {@link ChangeTry}). */
    void expunge(String folder, long uidValidity, Collection<Long> uids, ChangeTry attempt) {
        if (uids.isEmpty()) return;
        try {
            IMAPFolder f = conn.selectToChange(folder);
            Message[] msgs = byUid(f, folder, uidValidity, uids, attempt.begun());
            attempt.begin(null);
            if (msgs.length > 0) expungeExactly(f, folder, msgs);
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    /**
     * \Deleted then an expunge that removes these messages and no other: UID EXPUNGE with UIDPLUS;
     * without it a plain EXPUNGE only when no other message carries \Deleted (another client's pending
     * deletion is not ours to carry out), else the messages stay marked \Deleted.
     */
    void expungeExactly(IMAPFolder f, String folder, Message[] msgs) throws MessagingException {
        f.setFlags(msgs, new jakarta.mail.Flags(jakarta.mail.Flags.Flag.DELETED), true);
        if (conn.has("UIDPLUS")) {
            f.expunge(msgs);
            return;
        }
        Message[] marked = ImapSearch.onServer(f, new jakarta.mail.search.FlagTerm(new jakarta.mail.Flags(jakarta.mail.Flags.Flag.DELETED), true));
        if (marked.length == msgs.length) {
            f.expunge();
        } else {
            throw new PosternException(ExitCode.UNAVAILABLE, "account " + account.name() + ": the server has no UIDPLUS and '"
                    + folder + "' holds other messages marked deleted, so postern marked these deleted but did not expunge.");
        }
    }
}

package dev.postern.backend.imap;

import dev.postern.backend.ConnectionErrors;
import dev.postern.config.AccountConfig;
import dev.postern.render.LenientHeaders;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.HeaderTerm;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves a copy of a sent message (or a postponed draft) on the IMAP server: into the folder the user's setting
 * names, else the one {@link dev.postern.model.SpecialFolders} finds for the role ({@code \Sent}, {@code \Drafts}),
 * created when missing. Its own short connection, so the reader's session and its selected folder are left alone.
 */
public final class SentAppender {
    private static final Logger log = LoggerFactory.getLogger(SentAppender.class);
    private final AccountConfig account;
    private final Supplier<String> password;

    /** Where the copy went: folder name, its UIDVALIDITY and the new UID (0 when the server has no UIDPLUS). */
    public record Appended(String folder, long uidValidity, long uid) {}

    public SentAppender(AccountConfig account, Supplier<String> password) {
        this.account = account;
        this.password = password;
    }

    /**
     * @param specialUse "\\Sent" or "\\Drafts": the folder's role
     * @param fallback   the folder the user's setting names (sent_folder, drafts_folder), or null: the folder for the
     *                   role, found or made by {@link dev.postern.model.SpecialFolders}
     * @param flags      jakarta flags for the copy (\Seen for Sent, \Draft for drafts)
     */
    public Appended append(byte[] raw, String specialUse, String fallback, Flags flags) {
        return once(raw, specialUse, fallback, flags, false, false);
    }

    /**
     * As {@link #append} (or {@link #appendUnlessFiled} when {@code unlessFiled}), but first looks in the folder for a
     * message with the raw message's Message-ID and, when there is one, appends nothing and gives that one: the offline
     * queue's replay of a Sent copy, which a kill or a lost link may have cut after the server stored it and before the
     * store forgot the queued copy (so it is in Sent once, whatever the cut).
     */
    public Appended appendOnce(byte[] raw, String specialUse, String fallback, Flags flags, boolean unlessFiled) {
        String id = LenientHeaders.parse(raw).messageId("Message-ID");
        boolean[] began = {false};
        try {
            return append(raw, specialUse, fallback, flags, false, began, unlessFiled, id);
        } catch (dev.postern.model.LinkDropped e) {
            if (!began[0]) throw e;
            return append(raw, specialUse, fallback, flags, true, new boolean[1], false, null);
        }
    }

    /**
     * As {@link #append}, but stores nothing and gives null when the server is Gmail's (it advertises X-GM-EXT-1): its
     * SMTP server already filed the message in Sent, and a second copy would be a duplicate (save_sent = "auto").
     */
    public Appended appendUnlessFiled(byte[] raw, String specialUse, String fallback, Flags flags) {
        return once(raw, specialUse, fallback, flags, false, true);
    }

    /**
     * As {@link #append}, then takes out of that folder every other message with the raw message's Message-ID: the
     * draft's earlier postponing, or a try whose answer a dropped link lost after the server had stored it (the
     * compose screen keeps one Message-ID for every build of a message). The new copy is stored before any old one
     * is marked, so a cut anywhere leaves at least one; a failure while taking the old ones out is left for the next
     * postponing (the draft is saved).
     */
    public Appended replace(byte[] raw, String specialUse, String fallback, Flags flags) {
        return once(raw, specialUse, fallback, flags, true, false);
    }

    /**
     * One try, and a second on a new connection when the link dropped ({@link dev.postern.model.LinkDropped}) after
     * the APPEND had begun: the server may have stored the message before the drop, so the second try replaces
     * (whatever the first asked), and the folder holds the message once either way. A drop before the APPEND (an
     * unreachable or silent server) is not tried again: nothing was stored, and a second wait would only double the
     * user's.
     */
    private Appended once(byte[] raw, String specialUse, String fallback, Flags flags, boolean replacing,
            boolean unlessFiled) {
        boolean[] began = {false};
        try {
            return append(raw, specialUse, fallback, flags, replacing, began, unlessFiled, null);
        } catch (dev.postern.model.LinkDropped e) {
            if (!began[0]) throw e;
            log.info("account {}: the link dropped during the APPEND to {} ({}); once more on a new connection",
                    account.name(), fallback != null ? fallback : specialUse, e.getMessage());
            return append(raw, specialUse, fallback, flags, true, new boolean[1], false, null);
        }
    }

    /** {@code lookFor}: a Message-ID whose message, when the folder holds one, is taken as the copy (nothing appended); or null. */
    private Appended append(byte[] raw, String specialUse, String fallback, Flags flags, boolean replacing, boolean[] began,
            boolean unlessFiled, String lookFor) {
        IMAPStore store = null;
        try {
            Session session = Session.getInstance(ImapSession.properties(account));
            store = ImapSession.newStore(account, session);
            IMAPStore connecting = store;
            dev.postern.backend.OAuthSasl.login(account, password,
                    pw -> connecting.connect(account.host(), account.port(), account.user(), pw));
            if (unlessFiled && store.hasCapability("X-GM-EXT-1")) {
                log.info("account {}: the server is Gmail's (X-GM-EXT-1), whose SMTP server files sent mail itself: no"
                        + " copy to Sent (save_sent = \"auto\"; save_sent = true makes one)", account.name());
                return null;
            }
            IMAPFolder folder = find(store, specialUse, fallback);
            Appended there = lookFor == null || lookFor.isEmpty() ? null : held(folder, lookFor);
            if (there != null) {
                log.info("account {}: {} already holds {}: not appended again", account.name(), there.folder(), lookFor);
                return there;
            }
            MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(raw));
            m.setFlags(flags, true);
            began[0] = true;
            AppendUID[] uids = folder.appendUIDMessages(new Message[] {m});
            boolean said = uids != null && uids.length == 1 && uids[0] != null && uid(uids[0].uid)
                    && uid(uids[0].uidvalidity);
            // Angus reads an APPENDUID number too long or missing as -1: kept as such, dropOthers took out every copy.
            long uid = said ? uids[0].uid : 0;
            long validity = said ? uids[0].uidvalidity : 0;
            String id = replacing ? LenientHeaders.parse(raw).messageId("Message-ID") : null;
            if (id != null && !id.isEmpty()) dropOthers(store, folder, id, uid);
            return new Appended(folder.getFullName(), validity, uid);
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        } finally {
            try {
                if (store != null) store.close();
            } catch (MessagingException ignored) {
                // the copy is saved or the error above says why not
            }
        }
    }

    /** The folder's message with Message-ID {@code id} (the highest UID of several), or null when it holds none. */
    private static Appended held(IMAPFolder folder, String id) throws MessagingException {
        folder.open(Folder.READ_ONLY);
        try {
            long found = 0;
            for (Message m : ImapSearch.onServer(folder, new HeaderTerm("Message-ID", id))) {
                String[] h = m.getHeader("Message-ID");
                if (h != null && h.length > 0 && id.equals(h[0].strip())) found = Math.max(found, folder.getUID(m)); // SEARCH matches substrings
            }
            return found == 0 ? null : new Appended(folder.getFullName(), folder.getUIDValidity(), found);
        } finally {
            folder.close(false);
        }
    }

    /** Whether {@code n} can be a UID or UIDVALIDITY: 1 to 2^32 - 1. */
    private static boolean uid(long n) {
        return n >= 1 && n <= 4294967295L;
    }

    /**
     * Marks deleted, and takes out with UID EXPUNGE, the folder's messages with Message-ID {@code id} but for the one
     * just stored ({@code kept}; the highest UID when the server did not say). A server without UIDPLUS keeps them
     * marked: a plain EXPUNGE would also take out what the user marked and left there.
     */
    private static void dropOthers(IMAPStore store, IMAPFolder folder, String id, long kept) {
        try {
            folder.open(Folder.READ_WRITE);
            List<Message> same = new ArrayList<>();
            long newest = kept;
            for (Message m : ImapSearch.onServer(folder, new HeaderTerm("Message-ID", id))) {
                String[] h = m.getHeader("Message-ID");
                if (h == null || h.length == 0 || !id.equals(h[0].strip())) continue; // SEARCH matches substrings
                same.add(m);
                if (kept == 0) newest = Math.max(newest, folder.getUID(m));
            }
            List<Message> others = new ArrayList<>();
            for (Message m : same) if (folder.getUID(m) != newest) others.add(m);
            if (others.isEmpty()) return;
            Message[] gone = others.toArray(new Message[0]);
            folder.setFlags(gone, new Flags(Flags.Flag.DELETED), true);
            if (store.hasCapability("UIDPLUS")) folder.expunge(gone);
        } catch (MessagingException | RuntimeException e) {
            log.info("an earlier copy of {} was not taken out of {}", id, folder.getFullName(), e);
        }
    }

    /**
     * The folder for the copy, by {@link dev.postern.model.SpecialFolders}: {@code configured} (the user's setting) when
     * given, else the folder marked {@code specialUse}, else one with a well-known name (also under the personal
     * namespace: "INBOX.Sent"), else the default name under that namespace; created when missing. A refusal to create
     * it quotes the server and names the setting (never "there is no folder").
     */
    private IMAPFolder find(IMAPStore store, String specialUse, String configured) throws MessagingException {
        dev.postern.model.SpecialFolders.Role role = dev.postern.model.SpecialFolders.Role.of(specialUse);
        String name = configured;
        String prefix = configured == null ? ImapFolders.personalPrefix(store) : null;
        if (name == null) {
            List<dev.postern.model.Folder> all = new ArrayList<>();
            for (Folder f : store.getDefaultFolder().list("*")) {
                IMAPFolder imf = (IMAPFolder) f;
                all.add(new dev.postern.model.Folder(account.name(), dev.postern.model.Folder.canonical(imf.getFullName()),
                        imf.getSeparator(), 0, 0, new java.util.LinkedHashSet<>(List.of(imf.getAttributes()))));
            }
            name = dev.postern.model.SpecialFolders.find(role, all, prefix);
            if (name == null) name = dev.postern.model.SpecialFolders.newName(role, prefix);
        }
        IMAPFolder folder = (IMAPFolder) store.getFolder(name);
        if (!folder.exists()) {
            log.info("account {}: creating the folder {} for {}", account.name(), name, specialUse);
            ImapFolders.create(folder, account, () -> dev.postern.model.SpecialFolders.hint(role, account.name(),
                    folder.getFullName(), prefix != null ? prefix : ImapFolders.personalPrefix(store)));
        }
        return folder;
    }
}

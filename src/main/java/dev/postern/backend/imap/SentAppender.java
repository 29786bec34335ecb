package dev.postern.backend.imap;

import dev.postern.backend.ConnectionErrors;
import dev.postern.config.AccountConfig;
import dev.postern.model.Security;
import org.eclipse.angus.mail.imap.AppendUID;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.function.Supplier;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * Saves a copy of a sent message (or a postponed draft) on the IMAP server: into the folder the server
 * marks with a special use ({@code \Sent}, {@code \Drafts}), else the folder of the plain name, created
 * when missing. Its own short connection, so the reader's session and its selected folder are left alone.
 */
public final class SentAppender {
    private final AccountConfig account;
    private final Supplier<String> password;

    /** Where the copy went: folder name, its UIDVALIDITY and the new UID (0 when the server has no UIDPLUS). */
    public record Appended(String folder, long uidValidity, long uid) {}

    public SentAppender(AccountConfig account, Supplier<String> password) {
        this.account = account;
        this.password = password;
    }

    /**
     * @param specialUse "\\Sent" or "\\Drafts"
     * @param fallback   folder name when no folder has that special use, e.g. "Sent"
     * @param flags      jakarta flags for the copy (\Seen for Sent, \Draft for drafts)
     */
    public Appended append(byte[] raw, String specialUse, String fallback, Flags flags) {
        IMAPStore store = null;
        try {
            Session session = Session.getInstance(ImapSession.properties(account));
            store = ImapSession.newStore(account, session);
            IMAPStore connecting = store;
            dev.postern.backend.OAuthSasl.login(account, password,
                    pw -> connecting.connect(account.host(), account.port(), account.user(), pw));
            IMAPFolder folder = find(store, specialUse, fallback);
            MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(raw));
            m.setFlags(flags, true);
            AppendUID[] uids = folder.appendUIDMessages(new Message[] {m});
            long uid = uids != null && uids.length == 1 && uids[0] != null ? uids[0].uid : 0;
            long validity = uids != null && uids.length == 1 && uids[0] != null ? uids[0].uidvalidity : 0;
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

    private static IMAPFolder find(IMAPStore store, String specialUse, String fallback) throws MessagingException {
        IMAPFolder byName = null;
        for (Folder f : store.getDefaultFolder().list("*")) {
            IMAPFolder imf = (IMAPFolder) f;
            for (String a : imf.getAttributes()) if (a.equalsIgnoreCase(specialUse)) return imf;
            if (byName == null && imf.getFullName().equalsIgnoreCase(fallback)) byName = imf;
        }
        if (byName != null) return byName;
        IMAPFolder created = (IMAPFolder) store.getFolder(fallback);
        if (!created.exists()) {
            created.create(Folder.HOLDS_MESSAGES);
            created.setSubscribed(true);
        }
        return created;
    }
}

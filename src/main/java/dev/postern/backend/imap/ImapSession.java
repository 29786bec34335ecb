package dev.postern.backend.imap;

import dev.postern.backend.BodySource;
import dev.postern.backend.ConnectionErrors;
import dev.postern.backend.FlagWriter;
import dev.postern.backend.FolderLister;
import dev.postern.backend.FolderStatus;
import dev.postern.backend.HeaderSource;
import dev.postern.backend.MailSession;
import dev.postern.backend.TlsTrust;
import dev.postern.config.AccountConfig;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.model.Security;
import jakarta.mail.FetchProfile;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.Status;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An IMAP connection over Angus Mail. Every socket has connect, read and write time-outs (Angus's
 * default is to wait forever); TLS certificates and host names are checked; STARTTLS is required when
 * configured, so no password crosses an unencrypted link. Bodies are read with BODY.PEEK so that
 * reading does not set \Seen behind the user's back.
 */
public final class ImapSession implements MailSession, FolderLister, HeaderSource, BodySource, FlagWriter {
    private static final Logger log = LoggerFactory.getLogger(ImapSession.class);

    private final AccountConfig account;
    private final Supplier<String> password;
    private IMAPStore store;
    private IMAPFolder open;

    public ImapSession(AccountConfig account, Supplier<String> password) {
        this.account = account;
        this.password = password;
    }

    static Properties properties(AccountConfig a) {
        String proto = a.security() == Security.TLS ? "imaps" : "imap";
        String p = "mail." + proto + ".";
        String ms = Long.toString(a.timeout().toMillis());
        Properties props = new Properties();
        props.put(p + "connectiontimeout", ms);
        props.put(p + "timeout", ms);
        props.put(p + "writetimeout", ms);
        props.put(p + "peek", "true");
        // Fetch big bodies in 1 MB chunks, not Angus's 16 KB: fewer round trips on a slow link.
        props.put(p + "fetchsize", Integer.toString(1024 * 1024));
        props.put(p + "ssl.checkserveridentity", "true");
        if (a.security() == Security.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        if (a.trustCert() != null && a.security() != Security.PLAIN) {
            props.put(p + "ssl.socketFactory", TlsTrust.trustingOnly(a.name(), a.trustCert()));
        }
        return props;
    }

    @Override
    public void connect() {
        if (isConnected()) return;
        String proto = account.security() == Security.TLS ? "imaps" : "imap";
        try {
            Session session = Session.getInstance(properties(account));
            IMAPStore s = (IMAPStore) session.getStore(proto);
            s.connect(account.host(), account.port(), account.user(), password.get());
            store = s;
            log.info("account {}: connected to {}:{}", account.name(), account.host(), account.port());
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    @Override
    public boolean isConnected() {
        return store != null && store.isConnected();
    }

    @Override
    public void close() {
        try {
            if (open != null && open.isOpen()) open.close(false);
        } catch (MessagingException | RuntimeException e) {
            log.debug("closing folder", e);
        }
        open = null;
        try {
            if (store != null) store.close();
        } catch (MessagingException | RuntimeException e) {
            log.debug("closing store", e);
        }
        store = null;
    }

    private IMAPStore store() {
        if (!isConnected()) connect();
        return store;
    }

    // ---- folders -------------------------------------------------------------------------------

    @Override
    public List<Folder> listFolders() {
        try {
            jakarta.mail.Folder[] all = store().getDefaultFolder().list("*");
            List<Folder> out = new ArrayList<>();
            for (jakarta.mail.Folder f : all) {
                IMAPFolder imf = (IMAPFolder) f;
                Set<String> attrs = new LinkedHashSet<>(List.of(imf.getAttributes()));
                Folder folder = new Folder(account.name(), imf.getFullName(), imf.getSeparator(), 0, 0, attrs);
                if (folder.selectable()) {
                    Status st = status(imf);
                    folder = new Folder(account.name(), imf.getFullName(), imf.getSeparator(),
                            Math.max(0, st.total), Math.max(0, st.unseen), attrs);
                }
                out.add(folder);
            }
            out.sort(Comparator.comparing((Folder f) -> !f.name().equalsIgnoreCase("INBOX")).thenComparing(Folder::name));
            return out;
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    /** One STATUS command for both counts (Angus's getters would send one each). */
    private static Status status(IMAPFolder f) throws MessagingException {
        return (Status) f.doCommand(p -> p.status(f.getFullName(), new String[] {"MESSAGES", "UNSEEN"}));
    }

    // ---- headers -------------------------------------------------------------------------------

    @Override
    public FolderStatus open(String name) {
        try {
            IMAPFolder f = select(name);
            long modseq = 0;
            if (store.hasCapability("CONDSTORE")) {
                try {
                    modseq = f.getHighestModSeq();
                } catch (MessagingException e) {
                    modseq = 0;
                }
            }
            return new FolderStatus(f.getUIDValidity(), f.getUIDNext(), modseq, f.getMessageCount());
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    private IMAPFolder select(String name) throws MessagingException {
        if (open != null && open.isOpen() && open.getFullName().equals(name)) return open;
        if (open != null && open.isOpen()) {
            try {
                open.close(false);
            } catch (MessagingException e) {
                log.debug("closing previous folder", e);
            }
        }
        IMAPFolder f = (IMAPFolder) store().getFolder(name);
        f.open(jakarta.mail.Folder.READ_WRITE);
        open = f;
        return f;
    }

    @Override
    public void envelopes(String name, long fromUid, int batchSize, Consumer<List<Envelope>> sink) {
        try {
            IMAPFolder f = select(name);
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
            for (int i = 0; i < msgs.length; i += batchSize) {
                Message[] batch = java.util.Arrays.copyOfRange(msgs, i, Math.min(msgs.length, i + batchSize));
                f.fetch(batch, fp);
                List<Envelope> envs = new ArrayList<>(batch.length);
                for (Message m : batch) {
                    if (m.isExpunged()) continue;
                    MessageRef ref = new MessageRef(account.name(), name, uidValidity, f.getUID(m));
                    envs.add(ImapMapper.envelope(ref, m));
                }
                sink.accept(envs);
            }
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    @Override
    public java.util.Optional<Envelope> envelope(String name, long uid) {
        try {
            IMAPFolder f = select(name);
            Message m = f.getMessageByUID(uid);
            if (m == null) return java.util.Optional.empty();
            f.fetch(new Message[] {m}, envelopeProfile());
            return java.util.Optional.of(ImapMapper.envelope(
                    new MessageRef(account.name(), name, f.getUIDValidity(), uid), m));
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    private static FetchProfile envelopeProfile() {
        FetchProfile fp = new FetchProfile();
        fp.add(FetchProfile.Item.ENVELOPE);
        fp.add(FetchProfile.Item.FLAGS);
        fp.add(UIDFolder.FetchProfileItem.UID);
        fp.add("References");
        return fp;
    }

    @Override
    public Map<Long, Flags> flags(String name, long belowUid) {
        Map<Long, Flags> out = new HashMap<>();
        if (belowUid <= 1) return out;
        try {
            IMAPFolder f = select(name);
            // One command answers both "which UIDs still exist" and "what are their flags".
            Response[] rs = (Response[]) f.doCommand(p -> run(p, "UID FETCH 1:" + (belowUid - 1) + " (UID FLAGS)"));
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

    private static Response[] run(IMAPProtocol p, String command) throws ProtocolException {
        Response[] rs = p.command(command, null);
        // Untagged EXISTS/EXPUNGE among the answers must still reach the folder's own bookkeeping.
        p.notifyResponseHandlers(rs);
        p.handleResult(rs[rs.length - 1]);
        return rs;
    }

    // ---- bodies --------------------------------------------------------------------------------

    private IMAPMessage message(MessageRef ref) throws MessagingException {
        IMAPFolder f = select(ref.folder());
        if (f.getUIDValidity() != ref.uidValidity()) {
            throw new PosternException(ExitCode.NOINPUT, "account " + account.name() + ": folder '" + ref.folder()
                    + "' was recreated on the server (UIDVALIDITY changed); refresh it and open the message again.");
        }
        Message m = f.getMessageByUID(ref.uid());
        if (m == null) {
            throw new PosternException(ExitCode.NOINPUT, "account " + account.name() + ": message " + ref.uid()
                    + " is no longer in '" + ref.folder() + "' on the server.");
        }
        return (IMAPMessage) m;
    }

    @Override
    public byte[] raw(MessageRef ref) {
        try {
            IMAPMessage m = message(ref);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, m.getSize()));
            m.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    @Override
    public byte[] textOnly(MessageRef ref) {
        try {
            return PartialMessage.build(message(ref));
        } catch (MessagingException | IOException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    // ---- flags ---------------------------------------------------------------------------------

    @Override
    public void setFlag(MessageRef ref, Flag flag, boolean on) {
        try {
            message(ref).setFlag(ImapMapper.toJakarta(flag), on);
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }
}

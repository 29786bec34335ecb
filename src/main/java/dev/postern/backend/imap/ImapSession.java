package dev.postern.backend.imap;

import dev.postern.backend.BodySource;
import dev.postern.backend.ConnectionErrors;
import dev.postern.backend.FlagWriter;
import dev.postern.backend.FolderLister;
import dev.postern.backend.FolderManager;
import dev.postern.backend.Mover;
import dev.postern.backend.DeltaSource;
import dev.postern.backend.Transfer;
import dev.postern.backend.FolderStatus;
import dev.postern.backend.HeaderSource;
import dev.postern.backend.MailSession;
import dev.postern.backend.SessionProperties;
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
import java.util.Collection;
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
public final class ImapSession implements MailSession, FolderLister, HeaderSource, BodySource, FlagWriter,
        FolderManager, Mover, DeltaSource, dev.postern.backend.BulkBodySource,
        dev.postern.backend.Searcher, dev.postern.backend.FolderWatcher {
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
        String p = "mail." + SessionProperties.protocol(a, "imap") + ".";
        Properties props = SessionProperties.common(a, SessionProperties.protocol(a, "imap"));
        props.put(p + "peek", "true");
        // Fetch big bodies in 1 MB chunks, not Angus's 16 KB: fewer round trips on a slow link.
        props.put(p + "fetchsize", Integer.toString(1024 * 1024));
        // COMPRESS=DEFLATE after login when the server offers it (Angus checks the capability itself).
        // Level 6 is zlib's default: most of the gain for headers and text at little CPU.
        props.put(p + "compress.enable", Boolean.toString(a.imap().compress()));
        props.put(p + "compress.level", "6");
        // Room for two logged-in connections: a selected folder holds one, and a folder-level LIST, STATUS or
        // CREATE needs another. With Angus's default of one, that second connection was logged out again as
        // soon as the folder closed, so a resident owner (or the reader) paid a new TLS handshake and LOGIN on
        // every other command. Angus keeps the first of them and prunes the rest after 45 idle seconds.
        props.put(p + "connectionpoolsize", "2");
        // A strict address check makes Angus drop a message's whole FETCH response (UID and FLAGS with it)
        // when one ENVELOPE address is odd; postern checks envelopes itself (ImapMapper.trusted) and reads
        // the header of any it cannot trust.
        props.put("mail.mime.address.strict", "false");
        dev.postern.backend.OAuthSasl.configure(props, a, SessionProperties.protocol(a, "imap"));
        return props;
    }

    /** Built by {@link #prepare}, not connected yet; taken by {@link #connect}. */
    private IMAPStore prepared;

    /**
     * Angus's store for the account: its own for password accounts, {@link OAuthImapStore} for OAuth2 ones (which
     * refuses a server that offers no token mechanism instead of sending the token as a password).
     */
    static IMAPStore newStore(AccountConfig account, Session session) throws MessagingException {
        String proto = account.security() == Security.TLS ? "imaps" : "imap";
        if (account.oauth2() == null) return (IMAPStore) session.getStore(proto);
        Class<?> type = account.security() == Security.TLS ? OAuthImapStore.Tls.class : OAuthImapStore.class;
        return (IMAPStore) session.getStore(new jakarta.mail.Provider(jakarta.mail.Provider.Type.STORE, proto,
                type.getName(), "postern", "1"));
    }

    @Override
    public void prepare() {
        if (prepared != null || isConnected()) return;
        String proto = account.security() == Security.TLS ? "imaps" : "imap";
        try {
            prepared = newStore(account, Session.getInstance(properties(account)));
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    @Override
    public void connect() {
        if (isConnected()) return;
        prepare();
        try {
            IMAPStore s = prepared;
            prepared = null;
            dev.postern.model.StartupTrace.mark("imap prepared");
            dev.postern.backend.OAuthSasl.login(account, password,
                    pw -> s.connect(account.host(), account.port(), account.user(), pw));
            store = s;
            dev.postern.model.StartupTrace.mark("imap logged in");
            log.info("account {}: connected to {}:{}", account.name(), account.host(), account.port());
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    @Override
    public boolean isConnected() {
        if (store == null) return false;
        IMAPFolder f = open;
        if (f != null) {
            // Asked on the selected folder's connection: Angus's store-level check (a NOOP) wants a connection of
            // its own, and while a folder holds the only one it logs in a second (see has()). A resident owner
            // asked this before every command and paid a TLS handshake and a LOGIN each time.
            try {
                if (f.isOpen()) {
                    f.doCommand(p -> {
                        p.noop();
                        return null;
                    });
                    return true;
                }
            } catch (MessagingException | RuntimeException e) {
                log.debug("the selected folder's connection is gone", e);
                return false;
            }
        }
        return store.isConnected();
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
            // Selected already (a long-lived session: the reader's refresh after push): Angus answers
            // HIGHESTMODSEQ and UIDNEXT from the old SELECT, so another client's flag changes would look like
            // no change. A fresh SELECT costs what a new process's sync costs: one round trip.
            if (open != null && open.isOpen() && open.getFullName().equals(name)) {
                try {
                    open.close(false);
                } catch (MessagingException e) {
                    log.debug("closing the folder to select it again", e);
                }
            }
            IMAPFolder f = select(name);
            long modseq = 0;
            if (has("CONDSTORE")) {
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

    // ---- push (IDLE) ---------------------------------------------------------------------------

    @Override
    public boolean canIdle() {
        try {
            return has("IDLE");
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    /** The folder awaitChange listens on, and whether it reported a change not yet handed out. */
    private IMAPFolder watched;
    private final java.util.concurrent.atomic.AtomicBoolean changed = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public boolean awaitChange(String folder, java.time.Duration window) {
        try {
            IMAPFolder f = select(folder);
            if (watched != f) {
                // Listening for as long as the folder is open, not only inside IDLE: a report that comes with
                // another command's response (or whose event Jakarta delivers late) between two IDLEs is kept,
                // and the next call returns at once instead of waiting out a whole window for it.
                changed.set(false);
                f.addMessageCountListener(new jakarta.mail.event.MessageCountListener() {
                    @Override public void messagesAdded(jakarta.mail.event.MessageCountEvent e) { changed.set(true); }
                    @Override public void messagesRemoved(jakarta.mail.event.MessageCountEvent e) { changed.set(true); }
                });
                f.addMessageChangedListener(e -> changed.set(true));
                watched = f;
            }
            if (changed.getAndSet(false)) return true;
            // IDLE ends at the server's first report, or when another thread touches the folder: a timer does
            // so before the socket's read time-out, so a quiet folder re-enters IDLE instead of dropping the link.
            java.util.concurrent.atomic.AtomicBoolean timerFired = new java.util.concurrent.atomic.AtomicBoolean();
            Thread waker = new Thread(() -> {
                try {
                    Thread.sleep(window.toMillis());
                    timerFired.set(true);
                    f.getMessageCount();
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                } catch (MessagingException | RuntimeException e) {
                    log.debug("waking IDLE", e);
                }
            }, "idle-waker-" + account.name());
            waker.setDaemon(true);
            waker.start();
            try {
                f.idle(true);
            } finally {
                waker.interrupt();
            }
            // Listeners run on Jakarta's event thread, maybe later: an IDLE that ended before the timer is a report.
            return changed.getAndSet(false) || !timerFired.get();
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    /**
     * Whether the server has {@code capability}; no round trip. While a folder is selected it is asked on
     * that folder's connection: Angus's store-level check wants a connection of its own, and when the
     * selected folder holds the only one it logs in a second (a TLS handshake and a LOGIN per sync).
     */
    private boolean has(String capability) throws MessagingException {
        IMAPFolder f = open;
        if (f != null && f.isOpen()) return Boolean.TRUE.equals(f.doCommand(p -> p.hasCapability(capability)));
        return store().hasCapability(capability);
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
        if (has("CONDSTORE")) {
            // SELECT ... (CONDSTORE): the answer carries HIGHESTMODSEQ; without it Angus reports -1 and
            // every folder would look unchanged.
            f.open(jakarta.mail.Folder.READ_WRITE, org.eclipse.angus.mail.imap.ResyncData.CONDSTORE);
        } else {
            f.open(jakarta.mail.Folder.READ_WRITE);
        }
        open = f;
        return f;
    }

    @Override
    public void envelopes(String name, long fromUid, int firstBatch, int largestBatch, Consumer<List<Envelope>> sink) {
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

    @Override
    public java.util.Optional<Envelope> envelope(String name, long uid) {
        try {
            IMAPFolder f = select(name);
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
        Response[] rs = (Response[]) f.doCommand(p -> run(p,
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

    @Override
    public boolean condstore() {
        try {
            return has("CONDSTORE");
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    @Override
    public Map<Long, Flags> flagsChangedSince(String name, long belowUid, long modSeq) {
        Map<Long, Flags> out = new HashMap<>();
        if (belowUid <= 1) return out;
        try {
            IMAPFolder f = select(name);
            Response[] rs = (Response[]) f.doCommand(p -> run(p,
                    "UID FETCH 1:" + (belowUid - 1) + " (UID FLAGS) (CHANGEDSINCE " + modSeq + ")"));
            for (Response r : rs) {
                if (!(r instanceof FetchResponse fr)) continue;
                UID uid = fr.getItem(UID.class);
                FLAGS flags = fr.getItem(FLAGS.class);
                if (uid != null && flags != null && uid.uid < belowUid) out.put(uid.uid, ImapMapper.flags(flags));
            }
            return out;
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    @Override
    public java.util.SortedSet<Long> uidsBelow(String name, long belowUid) {
        java.util.SortedSet<Long> out = new java.util.TreeSet<>();
        if (belowUid <= 1) return out;
        try {
            IMAPFolder f = select(name);
            boolean esearch = has("ESEARCH");
            // ESEARCH answers "ALL 1:9000,9002:10000": a few bytes however many messages.
            String cmd = esearch ? "UID SEARCH RETURN (ALL) UID 1:" + (belowUid - 1) : "UID SEARCH UID 1:" + (belowUid - 1);
            Response[] rs = (Response[]) f.doCommand(p -> run(p, cmd));
            for (Response r : rs) {
                if (!r.isUnTagged()) continue;
                String line = r.toString();
                if (esearch && line.startsWith("* ESEARCH")) {
                    int at = line.indexOf(" ALL ");
                    if (at >= 0) UidSets.parse(line.substring(at + 5).trim().split(" ")[0], out);
                } else if (!esearch && line.startsWith("* SEARCH")) {
                    for (String t : line.substring(8).trim().split(" ")) if (!t.isEmpty()) out.add(Long.parseLong(t));
                }
            }
            out.removeIf(u -> u >= belowUid);
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
            // The size only sizes the buffer: it comes with the ENVELOPE, which may be the very thing that
            // failed to parse, and the raw message must be readable whatever its header says.
            ByteArrayOutputStream out = new ByteArrayOutputStream(ImapMapper.sizeOr(m, 64 * 1024));
            m.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException | RuntimeException e) {
            throw goneOr(ref, e);
        }
    }

    /**
     * A body fetch that failed because another client expunged the message after it was listed (Angus reports
     * that as a bare MessagingException inside an IOException) is one message's problem: NOINPUT, which a batch
     * counts and passes. Anything else, or a connection that no longer answers, is translated as before.
     */
    private PosternException goneOr(MessageRef ref, Exception e) {
        if (e instanceof PosternException p) return p;
        try {
            IMAPFolder f = select(ref.folder());
            f.doCommand(p -> {
                p.noop(); // lets the server tell this session of expunges by others
                return null;
            });
            Message m = f.getMessageByUID(ref.uid());
            if (m == null || m.isExpunged()) {
                return new PosternException(ExitCode.NOINPUT, "account " + account.name() + ": message " + ref.uid()
                        + " is no longer in '" + ref.folder() + "' on the server (expunged by another client meanwhile).", e);
            }
        } catch (MessagingException | RuntimeException probe) {
            // The connection itself is in trouble: the original failure says more.
        }
        return ConnectionErrors.translate(account, e);
    }

    @Override
    public java.util.Optional<byte[]> part(MessageRef ref, String path) {
        try {
            jakarta.mail.Part p = message(ref);
            // Walk BODYSTRUCTURE down the section path; only the last step's content crosses the wire.
            for (String step : path.split("\\.")) {
                Object content = p.isMimeType("multipart/*") ? p.getContent() : null;
                int n = Integer.parseInt(step);
                if (!(content instanceof jakarta.mail.Multipart mp) || n < 1 || n > mp.getCount()) {
                    if (path.equals("1") && !p.isMimeType("multipart/*")) break; // a single-part message
                    return java.util.Optional.empty();
                }
                p = mp.getBodyPart(n - 1);
            }
            try (java.io.InputStream in = p.getInputStream()) {
                return java.util.Optional.of(in.readAllBytes());
            }
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        } catch (MessagingException | IOException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    @Override
    public byte[] textOnly(MessageRef ref) {
        try {
            IMAPMessage m = message(ref);
            if (!structureTrusted(ref)) {
                // The server's BODYSTRUCTURE cannot be parsed, or does not account for the message (Dovecot's
                // own limits: a header line over 10 MiB, nesting past 100 levels): the text built from it would
                // be empty or wrong, so read the whole message and parse it here.
                log.info("account {}: the server's structure of message {} in {} cannot be trusted; reading it whole",
                        account.name(), ref.uid(), ref.folder());
                return raw(ref);
            }
            return PartialMessage.build(m);
        } catch (MessagingException | IOException | RuntimeException e) {
            throw goneOr(ref, e);
        }
    }

    /**
     * Whether the server's BODYSTRUCTURE of {@code ref} parses and accounts for the message: its parts'
     * sizes together come to at least half of RFC822.SIZE (the rest being headers and boundaries), or the
     * message is small. Asked with a command of its own so that a structure Angus cannot parse shows as missing
     * here instead of as an error later.
     */
    private boolean structureTrusted(MessageRef ref) throws MessagingException {
        IMAPFolder f = select(ref.folder());
        Response[] rs = (Response[]) f.doCommand(p -> run(p, "UID FETCH " + ref.uid() + " (UID RFC822.SIZE BODYSTRUCTURE)"));
        for (Response r : rs) {
            if (!(r instanceof FetchResponse fr)) continue;
            UID uid = fr.getItem(UID.class);
            if (uid == null || uid.uid != ref.uid()) continue;
            org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE bs = fr.getItem(org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE.class);
            org.eclipse.angus.mail.imap.protocol.RFC822SIZE size = fr.getItem(org.eclipse.angus.mail.imap.protocol.RFC822SIZE.class);
            if (bs == null || size == null) return false;
            return size.size < 1024 * 1024 || accounted(bs, 0) * 2 >= size.size;
        }
        return false;
    }

    /** Bytes the structure's leaves account for; a structure past 100 levels accounts for nothing. */
    private static long accounted(org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE bs, int depth) {
        if (depth > 100) return 0;
        if (bs.isMulti() && bs.bodies != null) {
            long sum = 0;
            for (org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE b : bs.bodies) sum += accounted(b, depth + 1);
            return sum;
        }
        if (bs.isNested() && bs.bodies != null && bs.bodies.length > 0) return Math.max(Math.max(0, bs.size), accounted(bs.bodies[0], depth + 1));
        return Math.max(0, bs.size);
    }

    @Override
    public void raws(String name, long uidValidity, Collection<Long> uids,
            java.util.function.BiConsumer<Long, byte[]> sink) {
        if (uids.isEmpty()) return;
        try {
            IMAPFolder f = select(name);
            if (uidValidity != 0 && f.getUIDValidity() != uidValidity) {
                throw new PosternException(ExitCode.NOINPUT, "account " + account.name() + ": folder '" + name
                        + "' was recreated on the server (UIDVALIDITY changed); sync it again.");
            }
            {
                String set = UidSets.format(uids);
                Response[] rs = (Response[]) f.doCommand(p -> run(p, "UID FETCH " + set + " (UID BODY.PEEK[])"));
                for (Response r : rs) {
                    if (!(r instanceof FetchResponse fr)) continue;
                    UID uid = fr.getItem(UID.class);
                    org.eclipse.angus.mail.imap.protocol.BODY body = fr.getItem(org.eclipse.angus.mail.imap.protocol.BODY.class);
                    if (uid == null || body == null || body.getByteArray() == null) continue;
                    sink.accept(uid.uid, body.getByteArray().getNewBytes());
                }
            }
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    @Override
    public java.util.SortedSet<Long> search(String name, dev.postern.model.Query query) {
        try {
            IMAPFolder f = select(name);
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

    // ---- flags ---------------------------------------------------------------------------------

    @Override
    public void setFlag(MessageRef ref, Flag flag, boolean on) {
        try {
            message(ref).setFlag(ImapMapper.toJakarta(flag), on);
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    // ---- many messages at once -------------------------------------------------------------------

    /** Selects the folder, checks its UIDVALIDITY, and finds every UID or fails naming the missing ones. */
    private Message[] byUid(IMAPFolder f, String folder, long uidValidity, Collection<Long> uids) throws MessagingException {
        if (uidValidity != 0 && f.getUIDValidity() != uidValidity) {
            throw new PosternException(ExitCode.NOINPUT, "account " + account.name() + ": folder '" + folder
                    + "' was recreated on the server (UIDVALIDITY changed); sync it and pick the messages again.");
        }
        long[] wanted = uids.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
        Message[] found = f.getMessagesByUID(wanted);
        List<Long> missing = new ArrayList<>();
        for (int i = 0; i < found.length; i++) {
            if (found[i] == null || found[i].isExpunged()) missing.add(wanted[i]);
        }
        if (!missing.isEmpty()) {
            throw new PosternException(ExitCode.NOINPUT, "account " + account.name() + ": " + (missing.size() == 1
                    ? "message " + missing.get(0) + " is" : "messages " + abbreviate(missing) + " are")
                    + " no longer in '" + folder + "' on the server; nothing was changed.");
        }
        return found;
    }

    private static String abbreviate(List<Long> uids) {
        if (uids.size() <= 10) return uids.toString().replace("[", "").replace("]", "");
        return uids.subList(0, 10).toString().replace("[", "").replace("]", "") + " and " + (uids.size() - 10) + " more";
    }

    @Override
    public void setFlags(String folder, long uidValidity, Collection<Long> uids, Flag flag, boolean on) {
        if (uids.isEmpty()) return;
        try {
            IMAPFolder f = select(folder);
            Message[] msgs = byUid(f, folder, uidValidity, uids);
            f.setFlags(msgs, new jakarta.mail.Flags(ImapMapper.toJakarta(flag)), on);
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    @Override
    public boolean addKeyword(String folder, long uidValidity, long uid, String keyword) {
        try {
            IMAPFolder f = select(folder);
            jakarta.mail.Flags permanent = f.getPermanentFlags();
            if (permanent == null || !(permanent.contains(jakarta.mail.Flags.Flag.USER) || permanent.contains(keyword))) {
                return false;
            }
            Message[] msgs = byUid(f, folder, uidValidity, List.of(uid));
            f.setFlags(msgs, new jakarta.mail.Flags(keyword), true);
            return true;
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    @Override
    public Transfer move(String folder, long uidValidity, Collection<Long> uids, String target) {
        return transfer(folder, uidValidity, uids, target, true);
    }

    @Override
    public Transfer copy(String folder, long uidValidity, Collection<Long> uids, String target) {
        return transfer(folder, uidValidity, uids, target, false);
    }

    private Transfer transfer(String folder, long uidValidity, Collection<Long> uids, String target, boolean move) {
        if (folder.equals(target)) {
            throw new PosternException(ExitCode.USAGE, "account " + account.name() + ": source and target are both '"
                    + folder + "'.");
        }
        try {
            IMAPFolder to = (IMAPFolder) store().getFolder(target);
            if (!to.exists()) throw new jakarta.mail.FolderNotFoundException(to);
            IMAPFolder f = select(folder);
            Message[] msgs = byUid(f, folder, uidValidity, uids);
            long[] sourceUids = new long[msgs.length];
            for (int i = 0; i < msgs.length; i++) sourceUids[i] = f.getUID(msgs[i]);
            org.eclipse.angus.mail.imap.AppendUID[] made;
            if (!move) {
                made = f.copyUIDMessages(msgs, to);
            } else if (has("MOVE")) {
                made = f.moveUIDMessages(msgs, to);
            } else {
                made = f.copyUIDMessages(msgs, to);
                expungeExactly(f, folder, msgs);
            }
            Map<Long, Long> map = new HashMap<>();
            long targetValidity = 0;
            if (made != null) {
                for (int i = 0; i < made.length && i < sourceUids.length; i++) {
                    if (made[i] == null) continue;
                    map.put(sourceUids[i], made[i].uid);
                    targetValidity = made[i].uidvalidity;
                }
            }
            log.info("account {}: {} {} message(s) from {} to {}", account.name(), move ? "moved" : "copied",
                    msgs.length, folder, target);
            return new Transfer(targetValidity, map);
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    @Override
    public void expunge(String folder, long uidValidity, Collection<Long> uids) {
        if (uids.isEmpty()) return;
        try {
            IMAPFolder f = select(folder);
            expungeExactly(f, folder, byUid(f, folder, uidValidity, uids));
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    /**
     * \Deleted then an expunge that removes these messages and no other: UID EXPUNGE with UIDPLUS;
     * without it a plain EXPUNGE only when no other message carries \Deleted (another client's pending
     * deletion is not ours to carry out), else the messages stay marked \Deleted.
     */
    private void expungeExactly(IMAPFolder f, String folder, Message[] msgs) throws MessagingException {
        f.setFlags(msgs, new jakarta.mail.Flags(jakarta.mail.Flags.Flag.DELETED), true);
        if (has("UIDPLUS")) {
            f.expunge(msgs);
            return;
        }
        Message[] marked = f.search(new jakarta.mail.search.FlagTerm(new jakarta.mail.Flags(jakarta.mail.Flags.Flag.DELETED), true));
        if (marked.length == msgs.length) {
            f.expunge();
        } else {
            throw new PosternException(ExitCode.UNAVAILABLE, "account " + account.name() + ": the server has no UIDPLUS and '"
                    + folder + "' holds other messages marked deleted, so postern marked these deleted but did not expunge.");
        }
    }

    // ---- folder management ---------------------------------------------------------------------

    private void closeIfOpen(String name) {
        // Whatever is selected may be the folder or one under it: close it rather than work that out.
        if (open != null && open.isOpen()) {
            try {
                open.close(false);
            } catch (MessagingException e) {
                log.debug("closing {}", name, e);
            }
            open = null;
        }
    }

    @Override
    public void createFolder(String name) {
        try {
            IMAPFolder f = (IMAPFolder) store().getFolder(name);
            if (f.exists()) {
                throw new PosternException(ExitCode.USAGE, "account " + account.name() + ": folder '" + name
                        + "' already exists.");
            }
            // CREATE sent as is (Angus's create() drops the server's NO and its reason)
            folderCommand(f, "create folder '" + name + "'", p -> p.create(name));
            f.setSubscribed(true);
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    @Override
    public void renameFolder(String from, String to) {
        try {
            IMAPFolder f = (IMAPFolder) store().getFolder(from);
            if (!f.exists()) throw new jakarta.mail.FolderNotFoundException(f);
            IMAPFolder t = (IMAPFolder) store().getFolder(to);
            if (t.exists()) {
                throw new PosternException(ExitCode.USAGE, "account " + account.name() + ": folder '" + to
                        + "' already exists; pick another name.");
            }
            closeIfOpen(from);
            boolean wasSubscribed = f.isSubscribed();
            folderCommand(f, "rename '" + from + "' to '" + to + "'", p -> p.rename(from, to));
            if (wasSubscribed) {
                t.setSubscribed(true);
                try {
                    f.setSubscribed(false);
                } catch (MessagingException e) {
                    log.debug("unsubscribing the old name {}", from, e);
                }
            }
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    @Override
    public void deleteFolder(String name) {
        if (name.equalsIgnoreCase("INBOX")) {
            throw new PosternException(ExitCode.USAGE, "account " + account.name() + ": INBOX cannot be deleted.");
        }
        try {
            IMAPFolder f = (IMAPFolder) store().getFolder(name);
            if (!f.exists()) throw new jakarta.mail.FolderNotFoundException(f);
            closeIfOpen(name);
            try {
                f.setSubscribed(false);
            } catch (MessagingException e) {
                log.debug("unsubscribing {}", name, e);
            }
            folderCommand(f, "delete '" + name + "'", p -> p.delete(name));
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    @Override
    public int messageCount(String name) {
        try {
            IMAPFolder f = (IMAPFolder) store().getFolder(name);
            if (!f.exists()) throw new jakarta.mail.FolderNotFoundException(f);
            // A \Noselect name (a parent kept for its children) holds no messages, and STATUS on it fails.
            if ((f.getType() & jakarta.mail.Folder.HOLDS_MESSAGES) == 0) return 0;
            try {
                return Math.max(0, status(f).total);
            } catch (MessagingException e) {
                // Listed, yet refused to STATUS (Dovecot: "Mailbox doesn't exist" for a Maildir++ name kept only
                // for its children): the server answered, it just will not count.
                if (e.getCause() instanceof org.eclipse.angus.mail.iap.CommandFailedException) return -1;
                throw e;
            }
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    private interface FolderOp {
        void run(IMAPProtocol p) throws ProtocolException;
    }

    /**
     * Sends one folder command (CREATE, RENAME, DELETE) itself: Angus's own methods turn the server's NO
     * into {@code false} and drop its reason ("Mailbox has children"). A refusal here keeps the server's
     * words; [NONEXISTENT] is 66, [INUSE] 75 (try later), any other refusal 77.
     */
    private void folderCommand(IMAPFolder f, String what, FolderOp op) throws MessagingException {
        try {
            f.doCommand(p -> {
                op.run(p);
                return null;
            });
        } catch (MessagingException e) {
            if (e.getCause() instanceof org.eclipse.angus.mail.iap.CommandFailedException
                    || e.getCause() instanceof org.eclipse.angus.mail.iap.BadCommandException) {
                throw refused(what, (ProtocolException) e.getCause());
            }
            throw e;
        }
    }

    private PosternException refused(String what, ProtocolException e) {
        Response r = e.getResponse();
        String said = r != null ? r.getRest() : e.getMessage();
        said = said == null ? "" : said.strip();
        if (said.length() > 300) said = said.substring(0, 300) + "…";
        String code = said.startsWith("[") && said.indexOf(']') > 0
                ? said.substring(1, said.indexOf(']')).toUpperCase(java.util.Locale.ROOT) : "";
        ExitCode exit = switch (code.split(" ")[0]) {
            case "NONEXISTENT" -> ExitCode.NOINPUT;
            case "INUSE" -> ExitCode.TEMPFAIL;
            default -> ExitCode.NOPERM; // Dovecot says [ALREADYEXISTS] for "has children": 77 too
        };
        return new PosternException(exit, "account " + account.name() + ": the server refused to " + what
                + (said.isEmpty() ? "" : " (server said: " + said + ")") + ".", e);
    }

    @Override
    public void subscribe(String name, boolean subscribed) {
        try {
            IMAPFolder f = (IMAPFolder) store().getFolder(name);
            if (subscribed && !f.exists()) throw new jakarta.mail.FolderNotFoundException(f);
            f.setSubscribed(subscribed);
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    @Override
    public boolean folderExists(String name) {
        try {
            return store().getFolder(name).exists();
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    @Override
    public List<String> subscribedFolders() {
        try {
            List<String> out = new ArrayList<>();
            for (jakarta.mail.Folder f : store().getDefaultFolder().listSubscribed("*")) {
                IMAPFolder imf = (IMAPFolder) f;
                Set<String> attrs = Set.of(imf.getAttributes());
                if (!attrs.contains("\\Noselect") && !attrs.contains("\\NonExistent")) out.add(imf.getFullName());
            }
            // INBOX is always there to sync, subscribed or not.
            if (out.stream().noneMatch(n -> n.equalsIgnoreCase("INBOX"))) out.add(0, "INBOX");
            return out;
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    @Override
    public List<Folder> folderNames() {
        try {
            List<Folder> out = new ArrayList<>();
            for (jakarta.mail.Folder f : store().getDefaultFolder().list("*")) {
                IMAPFolder imf = (IMAPFolder) f;
                out.add(new Folder(account.name(), imf.getFullName(), imf.getSeparator(), 0, 0,
                        new LinkedHashSet<>(List.of(imf.getAttributes()))));
            }
            out.sort(Comparator.comparing((Folder f) -> !f.name().equalsIgnoreCase("INBOX")).thenComparing(Folder::name));
            return out;
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    static final List<String> SPECIAL_USES = List.of("\\Sent", "\\Drafts", "\\Trash", "\\Archive", "\\Junk");

    @Override
    public Map<String, String> specialUse() {
        try {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            Map<String, String> byName = new HashMap<>();
            for (jakarta.mail.Folder f : store().getDefaultFolder().list("*")) {
                IMAPFolder imf = (IMAPFolder) f;
                for (String a : imf.getAttributes()) {
                    for (String use : SPECIAL_USES) if (use.equalsIgnoreCase(a)) out.putIfAbsent(use, imf.getFullName());
                }
                for (String use : SPECIAL_USES) {
                    if (imf.getFullName().equalsIgnoreCase(use.substring(1))) byName.putIfAbsent(use, imf.getFullName());
                }
            }
            byName.forEach(out::putIfAbsent);
            return out;
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }
}

package dev.postern.backend.imap;

import dev.postern.backend.ConnectionErrors;
import dev.postern.backend.SessionProperties;
import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import jakarta.mail.Message;
import dev.postern.model.Security;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.util.Properties;
import java.util.function.Supplier;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's IMAP link, which the other parts of {@link ImapSession} share: Angus's store (its
 * session properties: time-outs, TLS checks, STARTTLS when required, BODY.PEEK, COMPRESS), the login
 * (password or OAuth2), reconnecting on first use after a drop, the capability check and the one selected
 * folder. The answer deadlines themselves are the sockets' ({@code backend/link/DeadlineSocket}, set up
 * through {@link SessionProperties}). Confined to the account's worker thread, as the session is.
 */
final class ImapConnection {
    private static final Logger log = LoggerFactory.getLogger(ImapSession.class);

    private final AccountConfig account;
    private final Supplier<String> password;
    private IMAPStore store;
    /** The selected folder, if any: every part selects through {@link #select}, so there is only one. */
    private IMAPFolder open;
    /**
     * The server offered CONDSTORE and then refused a command of it: from then on this connection syncs without
     * it ({@link #has} says no), as it would with a server that never offered it.
     */
    private boolean condstoreRefused;
    /** The server offers MOVE and answered it BAD: moves are made by COPY and an expunge from then on. */
    private boolean moveRefused;
    /** Built by {@link #prepare}, not connected yet; taken by {@link #connect}. */
    private IMAPStore prepared;
    /** Every connection this account's stores make (a pool's too), for {@link #abort}; once cut, for good. */
    private final dev.postern.backend.link.Links links = new dev.postern.backend.link.Links();

    /** The session's connections: what they received (a download's progress), and their cut. */
    dev.postern.backend.link.Links links() { return links; }
    /** How lately a connection must have heard from the server to be taken as alive without a NOOP. */
    static final long ALIVE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    ImapConnection(AccountConfig account, Supplier<String> password) {
        this.account = account;
        this.password = password;
    }

    AccountConfig account() {
        return account;
    }

    static Properties properties(AccountConfig a) {
        return properties(a, new dev.postern.backend.link.Links());
    }

    /** As {@link #properties(AccountConfig)}, the connections made kept in {@code links}. */
    static Properties properties(AccountConfig a, dev.postern.backend.link.Links links) {
        String p = "mail." + SessionProperties.protocol(a, "imap") + ".";
        Properties props = SessionProperties.common(a, SessionProperties.protocol(a, "imap"), links);
        props.put(p + "peek", "true");
        // Fetch big bodies in 1 MB chunks, not Angus's 16 KB: fewer round trips on a slow link.
        props.put(p + "fetchsize", Integer.toString(1024 * 1024));
        // A part is read until the server's answer ends, not up to the size its BODYSTRUCTURE gives: Exchange and
        // Microsoft 365 give sizes smaller than the part, and a read that stopped there cut text and attachments short.
        props.put(p + "ignorebodystructuresize", "true");
        // COMPRESS=DEFLATE after login when the server offers it (Angus checks the capability itself).
        // Level 6 is zlib's default: most of the gain for headers and text at little CPU.
        props.put(p + "compress.enable", Boolean.toString(a.imap().compress()));
        props.put(p + "compress.level", "6");
        // Room for two logged-in connections: a selected folder holds one, and a folder-level LIST, STATUS or
        // CREATE needs another. With Angus's default of one, that second connection was logged out again as
        // soon as the folder closed, so a resident owner (or the reader) paid a new TLS handshake and LOGIN on
        // every other command. Angus keeps the first of them and prunes the rest after 45 idle seconds.
        props.put(p + "connectionpoolsize", "2");
        // A folder the server grants read-only (SELECT's [READ-ONLY]: an ACL without write rights, a shared or public
        // folder) opens for reading, as mutt and aerc open it, instead of failing as "Cannot open in desired mode";
        // a change to it is refused before anything is sent (selectToChange).
        props.put(p + "allowreadonlyselect", "true");
        // A strict address check makes Angus drop a message's whole FETCH response (UID and FLAGS with it)
        // when one ENVELOPE address is odd; postern checks envelopes itself (ImapMapper.trusted) and reads
        // the header of any it cannot trust.
        props.put("mail.mime.address.strict", "false");
        dev.postern.backend.OAuthSasl.configure(props, a, SessionProperties.protocol(a, "imap"));
        return props;
    }

    /**
     * Angus's store for the account, with every answer capped ({@link CappedImapStore}): for OAuth2 accounts an
     * {@link OAuthImapStore} (which refuses a server that offers no token mechanism instead of sending the token as
     * a password).
     */
    static IMAPStore newStore(AccountConfig account, Session session) throws MessagingException {
        String proto = account.security() == Security.TLS ? "imaps" : "imap";
        boolean tls = account.security() == Security.TLS;
        Class<?> type = account.oauth2() == null ? (tls ? CappedImapStore.Tls.class : CappedImapStore.class)
                : tls ? OAuthImapStore.Tls.class : OAuthImapStore.class;
        return (IMAPStore) session.getStore(new jakarta.mail.Provider(jakarta.mail.Provider.Type.STORE, proto,
                type.getName(), "postern", "1"));
    }

    /** The server's [ALERT] texts go here (Angus tells them to the store's listeners, on its event thread). */
    private volatile java.util.function.Consumer<String> alerts = text -> { };

    void onAlert(java.util.function.Consumer<String> sink) {
        alerts = sink;
    }

    void prepare() {
        if (prepared != null || isConnected()) return;
        String proto = account.security() == Security.TLS ? "imaps" : "imap";
        try {
            prepared = newStore(account, Session.getInstance(properties(account, links)));
            prepared.addStoreListener(e -> {
                if (e.getMessageType() == jakarta.mail.event.StoreEvent.ALERT && e.getMessage() != null) alerts.accept(e.getMessage());
            });
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    void connect() {
        // A task's own reconnect must not undo a cut.
        if (links.isCut()) throw ConnectionErrors.translate(account, dev.postern.backend.link.LinkLostException.cut());
        if (isConnected()) return;
        prepare();
        try {
            IMAPStore s = prepared;
            prepared = null;
            dev.postern.model.StartupTrace.mark("imap prepared");
            dev.postern.backend.OAuthSasl.login(account, password,
                    pw -> s.connect(account.host(), account.port(), account.user(), pw));
            store = s;
            // A folder selected on the store this one replaces is dead with it, even while Angus has not noticed.
            open = null;
            dev.postern.model.StartupTrace.mark("imap logged in");
            log.info("account {}: connected to {}:{}", account.name(), account.host(), account.port());
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    /** Why the last {@link #isConnected} found the connection gone, when its NOOP failed; null otherwise. */
    private PosternException checkFailure;

    PosternException checkFailure() { return checkFailure; }

    /** The last time-out a connection of this account's stores met since {@code sinceNanos}, as said; null when none. */
    PosternException timedOutSince(long sinceNanos) {
        java.io.IOException t = links.timedOutSince(sinceNanos);
        return t == null ? null : ConnectionErrors.translate(account, t);
    }

    boolean isConnected() {
        checkFailure = null;
        if (store == null) return false;
        IMAPFolder f = open;
        // Heard from moments ago on a connection still open: no NOOP (nor f.isOpen(), which sends one after a second
        // idle). Asked before each command of a task, it was a round trip each time (a delete sent six). A connection
        // that died since fails its next command as a lost link, which the account thread retries once on a fresh
        // connection, as after a failed NOOP.
        if (links.heardWithin(ALIVE_NANOS)) return true;
        long asked = System.nanoTime();
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
                checkFailure = ConnectionErrors.translate(account, e);
                return false;
            }
            // Angus's isOpen sends a NOOP of its own after a second idle and keeps of its time-out only "closed": a
            // silent server is not asked again on a connection of the store's (a second time-out, told as none).
            checkFailure = timedOutSince(asked);
            if (checkFailure != null) return false;
        }
        boolean alive = store.isConnected();
        if (!alive) checkFailure = timedOutSince(asked);
        return alive;
    }

    /** Cuts every connection of the store at once, from any thread ({@link dev.postern.backend.MailSession#abort}). */
    void abort() {
        links.cut();
    }

    void close() {
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

    /** The connected store; connects (again, after a drop) first. */
    IMAPStore store() {
        if (!isConnected()) connect();
        return store;
    }

    /**
     * Whether the server has {@code capability}; no round trip. While a folder is selected it is asked on
     * that folder's connection: Angus's store-level check wants a connection of its own, and when the
     * selected folder holds the only one it logs in a second (a TLS handshake and a LOGIN per sync).
     */
    boolean has(String capability) throws MessagingException {
        if (condstoreRefused && capability.equals("CONDSTORE")) return false;
        if (moveRefused && capability.equals("MOVE")) return false;
        IMAPFolder f = open;
        if (f != null && f.isOpen()) return Boolean.TRUE.equals(f.doCommand(p -> p.hasCapability(capability)));
        return store().hasCapability(capability);
    }

    /** The folder, selected (read-write, with CONDSTORE when the server has it); the one selected already if it is. */
    IMAPFolder select(String name) throws MessagingException {
        if (open != null && open.isOpen() && open.getFullName().equals(name)) return open;
        if (open != null && open.isOpen()) {
            try {
                open.close(false);
            } catch (MessagingException e) {
                log.debug("closing previous folder", e);
            }
        }
        IMAPFolder f = (IMAPFolder) store().getFolder(name);
        try {
            f = open(f, name);
        } catch (MessagingException e) {
            if (holdsNoMessages(f)) {
                throw new PosternException(ExitCode.NOINPUT, "account " + account.name() + ": folder '" + name
                        + "' only holds other folders, no messages; open one of the folders under it.", e);
            }
            throw e;
        }
        if (f.getUIDValidity() <= 0) {
            // RFC 3501 makes UIDVALIDITY a non-zero number in every SELECT's answer: without it a UID of this
            // session cannot be told from the same UID of another, so mail could be kept under wrong UIDs.
            try {
                f.close(false);
            } catch (MessagingException e) {
                log.debug("closing {}", name, e);
            }
            throw faulty("gave folder '" + name + "' no valid UIDVALIDITY, so its messages cannot be told apart"
                    + " safely and nothing of it was synced");
        }
        open = f;
        return f;
    }

    /**
     * The folder selected for a change of its messages (flags, expunge, the sources of a move): refused as the server's
     * refusal that stands (77) when the server opened it read-only, before any command that would change it is sent.
     */
    IMAPFolder selectToChange(String name) throws MessagingException {
        IMAPFolder f = select(name);
        if (f.getMode() == jakarta.mail.Folder.READ_ONLY) {
            throw new PosternException(ExitCode.NOPERM, "account " + account.name() + ": folder '" + name + "' is read-only"
                    + " for you on the server (it opened it read-only: your rights there do not include changing it);"
                    + " nothing was changed.");
        }
        return f;
    }

    /** SELECT, with CONDSTORE when the server offers it and does not refuse it. */
    private IMAPFolder open(IMAPFolder f, String name) throws MessagingException {
        if (has("CONDSTORE")) {
            // SELECT ... (CONDSTORE): the answer carries HIGHESTMODSEQ; without it Angus reports -1 and
            // every folder would look unchanged.
            try {
                f.open(jakarta.mail.Folder.READ_WRITE, org.eclipse.angus.mail.imap.ResyncData.CONDSTORE);
            } catch (MessagingException e) {
                if (!refused(e)) throw e;
                // Offered, then refused: a BAD is about the command (CONDSTORE after all unknown), a NO may be the
                // folder's ([NOPERM], [NONEXISTENT]: hunt 37-I, I9). A plain SELECT tells: when it fails too, that is
                // the folder's failure and CONDSTORE stays on for the others; when it succeeds, CONDSTORE was refused.
                IMAPFolder plain = (IMAPFolder) store().getFolder(name);
                if (bad(e)) {
                    condstoreRefused(e);
                    plain.open(jakarta.mail.Folder.READ_WRITE);
                } else {
                    plain.open(jakarta.mail.Folder.READ_WRITE);
                    condstoreRefused(e);
                }
                f = plain;
            }
        } else {
            f.open(jakarta.mail.Folder.READ_WRITE);
        }
        return f;
    }

    /**
     * Whether a folder whose SELECT failed holds only other folders (\\Noselect, as Gmail's "[Gmail]"): Angus lists it
     * after the failure and says so only as "folder cannot contain messages", which read as a failed link (75).
     */
    private static boolean holdsNoMessages(IMAPFolder f) {
        try {
            return f.exists() && (f.getType() & jakarta.mail.Folder.HOLDS_MESSAGES) == 0;
        } catch (MessagingException | RuntimeException e) {
            return false;
        }
    }

    void condstoreRefused(Exception e) {
        if (!condstoreRefused) {
            log.warn("account {}: the server offers CONDSTORE but refused it ({}); syncing without it",
                    account.name(), e.getMessage());
        }
        condstoreRefused = true;
    }

    /**
     * The server offers MOVE and answered one BAD (it does not know the command after all; a NO is a refusal of
     * this move and stays one): this session moves by COPY, STORE \\Deleted and UID EXPUNGE instead.
     */
    void moveRefused(Exception e) {
        if (!moveRefused) {
            log.warn("account {}: the server offers MOVE but answered it BAD ({}); moving by COPY and expunge",
                    account.name(), e.getMessage());
        }
        moveRefused = true;
    }

    /** Whether {@code e} is the server's NO or BAD to a command (not a lost link, not our own failure). */
    /** Whether the refusal under {@code e} was a BAD (the command not understood), not a NO. */
    private static boolean bad(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof org.eclipse.angus.mail.iap.BadCommandException) return true;
        }
        return false;
    }

    static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.angus.mail.iap.CommandFailedException
                    || t instanceof org.eclipse.angus.mail.iap.BadCommandException) {
                return true;
            }
            if (t.getCause() == t) break;
        }
        return false;
    }

    /**
     * A server that broke the protocol in a way no client can work around: one sentence naming it as the faulty
     * party, 75 (it may be fixed; nothing of ours is wrong).
     */
    PosternException faulty(String what) {
        return new PosternException(ExitCode.TEMPFAIL, "account " + account.name() + ": the server at " + account.host()
                + ":" + account.port() + " " + what + "; the server is faulty: try again later or tell its administrator.");
    }

    /**
     * The folder selected anew: when it is selected already (a long-lived session: the reader's refresh after
     * push), Angus would answer HIGHESTMODSEQ and UIDNEXT from the old SELECT, so another client's flag
     * changes would look like no change. A fresh SELECT costs what a new process's sync costs: one round trip.
     */
    IMAPFolder reselect(String name) throws MessagingException {
        if (open != null && open.isOpen() && open.getFullName().equals(name)) {
            try {
                open.close(false);
            } catch (MessagingException e) {
                log.debug("closing the folder to select it again", e);
            }
        }
        return select(name);
    }

    /** The message by its ref, in its folder selected; NOINPUT when the folder was recreated or the message is gone. */
    IMAPMessage message(MessageRef ref) throws MessagingException {
        IMAPFolder f = select(ref.folder());
        if (f.getUIDValidity() != ref.uidValidity()) {
            throw new PosternException(ExitCode.NOINPUT, "account " + account.name() + ": folder '" + ref.folder()
                    + "' was recreated on the server (UIDVALIDITY changed); refresh it and open the message again.");
        }
        Message m = ref.uid() > ImapMapper.MAX_UID ? null : f.getMessageByUID(ref.uid()); // over 32 bits: no server has it
        if (m == null) {
            if (ref.uid() <= ImapMapper.MAX_UID) stillListed(f, ref.folder(), java.util.List.of(ref.uid()));
            throw new dev.postern.model.MessageGone("account " + account.name() + ": message " + ref.uid()
                    + " is no longer in '" + ref.folder() + "' on the server.");
        }
        return (IMAPMessage) m;
    }

    /**
     * Before {@code missing} (UIDs the folder's FETCH answers did not place) are called gone: the server is asked
     * ({@code UID SEARCH UID}), and one it still lists is there after all: its answers were what postern could not
     * read (a garbled {@code * N EXISTS} leaves no message number to place a FETCH at, hunt33-X X4), the server's
     * fault (75), not a message gone (66, which scripts take as their own mistake).
     */
    void stillListed(IMAPFolder f, String folder, java.util.Collection<Long> missing) throws MessagingException {
        Response[] rs = (Response[]) f.doCommand(p -> run(p, "UID SEARCH UID " + UidSets.format(missing)));
        for (Response r : rs) {
            String line = r.isUnTagged() ? r.toString() : "";
            if (!line.regionMatches(true, 0, "* SEARCH", 0, 8)) continue;
            for (String t : line.substring(8).trim().split(" ")) {
                if (!t.matches("[0-9]{1,10}") || !missing.contains(Long.parseLong(t))) continue;
                throw faulty("lists message " + t + " in '" + folder + "' but answered for it in a way postern could"
                        + " not place (an unreadable message count or FETCH line), so nothing was done with it");
            }
        }
    }

    /** Closes whatever is selected: it may be the folder {@code name} or one under it. */
    void closeIfOpen(String name) {
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

    /** Sends one command as is and hands the folder its untagged answers; a NO or BAD throws. */
    static Response[] run(IMAPProtocol p, String command) throws ProtocolException {
        Response[] rs = p.command(command, null);
        // Untagged EXISTS/EXPUNGE among the answers must still reach the folder's own bookkeeping.
        p.notifyResponseHandlers(rs);
        p.handleResult(rs[rs.length - 1]);
        return rs;
    }
}

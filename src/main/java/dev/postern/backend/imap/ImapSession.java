package dev.postern.backend.imap;

import dev.postern.backend.BodySource;
import dev.postern.backend.FlagWriter;
import dev.postern.backend.FolderLister;
import dev.postern.backend.FolderManager;
import dev.postern.backend.Mover;
import dev.postern.backend.DeltaSource;
import dev.postern.backend.Transfer;
import dev.postern.backend.FolderStatus;
import dev.postern.backend.HeaderSource;
import dev.postern.backend.MailSession;
import dev.postern.config.AccountConfig;
import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * An IMAP connection over Angus Mail. Every socket has connect, read and write time-outs (Angus's
 * default is to wait forever); TLS certificates and host names are checked; STARTTLS is required when
 * configured, so no password crosses an unencrypted link. Bodies are read with BODY.PEEK so that
 * reading does not set \Seen behind the user's back.
 *
 * <p>This class is the facade the controller sees (one object per account, confined to its worker): it
 * implements the backend interfaces and hands each call to the part that owns it, all sharing one
 * {@link ImapConnection} (login, reconnect, capabilities, the selected folder): {@link ImapFolders}
 * (LIST, STATUS, CREATE/RENAME/DELETE, subscriptions, SPECIAL-USE), {@link ImapHeaders} (SELECT, envelope
 * listing, SEARCH), {@link ImapBodies} (whole messages, parts, text only), {@link ImapChanges} (flags and
 * CONDSTORE deltas for sync; flag writes, expunge), {@link ImapTransfers} (MOVE/COPY, and a try after a cut
 * one) and {@link ImapIdle} (IDLE).
 */
public final class ImapSession implements MailSession, FolderLister, HeaderSource, BodySource, FlagWriter,
        FolderManager, Mover, DeltaSource, dev.postern.backend.BulkBodySource,
        dev.postern.backend.Searcher, dev.postern.backend.FolderWatcher, dev.postern.backend.SentCopies {
    private final ImapConnection connection;
    private final ImapFolders folders;
    private final ImapHeaders headers;
    private final ImapBodies bodies;
    private final ImapChanges changes;
    private final ImapTransfers transfers;
    private final ImapIdle idle;
    private final Supplier<String> password;

    public ImapSession(AccountConfig account, Supplier<String> password) {
        this.password = password;
        this.connection = new ImapConnection(account, password);
        this.folders = new ImapFolders(connection);
        this.headers = new ImapHeaders(connection);
        this.bodies = new ImapBodies(connection);
        this.changes = new ImapChanges(connection);
        this.transfers = new ImapTransfers(connection, changes);
        this.idle = new ImapIdle(connection);
    }

    /** Angus's session properties for the account (see {@link ImapConnection#properties}). */
    static Properties properties(AccountConfig a) {
        return ImapConnection.properties(a);
    }

    /** Angus's store for the account (see {@link ImapConnection#newStore}). */
    static IMAPStore newStore(AccountConfig account, Session session) throws MessagingException {
        return ImapConnection.newStore(account, session);
    }

    /** On a short connection of its own, as every Sent copy ({@link SentAppender#appendOnce}). */
    @Override
    public Stored appendOnce(byte[] raw, String configured, boolean auto) {
        SentAppender.Appended a = new SentAppender(connection.account(), password).appendOnce(raw, "\\Sent", configured,
                new jakarta.mail.Flags(jakarta.mail.Flags.Flag.SEEN), auto);
        return a == null ? null : new Stored(a.folder(), a.uidValidity(), a.uid());
    }

    // ---- connection ----------------------------------------------------------------------------

    @Override
    public void prepare() {
        connection.prepare();
    }

    @Override
    public void connect() {
        connection.connect();
    }

    @Override
    public void onAlert(java.util.function.Consumer<String> sink) {
        connection.onAlert(sink);
    }

    @Override
    public boolean isConnected() {
        return connection.isConnected();
    }

    @Override
    public dev.postern.model.PosternException checkFailure() {
        return connection.checkFailure();
    }

    @Override
    public dev.postern.model.PosternException timedOutSince(long sinceNanos) {
        return connection.timedOutSince(sinceNanos);
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public void abort() {
        connection.abort();
    }

    @Override
    public long received() {
        return connection.links().received();
    }

    @Override
    public void onReceived(java.util.function.LongConsumer sink) {
        connection.links().watch(sink);
    }

    // ---- folders -------------------------------------------------------------------------------

    @Override
    public List<Folder> listFolders() {
        return folders.listFolders();
    }

    @Override
    public boolean listedWhole() {
        return folders.listedWhole();
    }

    @Override
    public void createFolder(String name) {
        folders.createFolder(name);
    }

    @Override
    public void renameFolder(String from, String to) {
        folders.renameFolder(from, to);
    }

    @Override
    public void deleteFolder(String name) {
        folders.deleteFolder(name);
    }

    @Override
    public int messageCount(String name) {
        return folders.messageCount(name);
    }

    @Override
    public void subscribe(String name, boolean subscribed) {
        folders.subscribe(name, subscribed);
    }

    @Override
    public boolean folderExists(String name) {
        return folders.folderExists(name);
    }

    @Override
    public List<String> subscribedFolders() {
        return folders.subscribedFolders();
    }

    @Override
    public List<Folder> folderNames() {
        return folders.folderNames();
    }

    @Override
    public Map<String, String> specialUse() {
        return folders.specialUse();
    }

    @Override
    public String personalPrefix() {
        return folders.personalPrefix();
    }

    // ---- headers -------------------------------------------------------------------------------

    /** The headers part itself, for tests that compare its two ways of listing. */
    ImapHeaders headers() {
        return headers;
    }

    @Override
    public FolderStatus open(String name) {
        return headers.open(name);
    }

    @Override
    public void envelopes(String name, long fromUid, int firstBatch, int largestBatch, Consumer<List<Envelope>> sink) {
        headers.envelopes(name, fromUid, Long.MAX_VALUE, firstBatch, largestBatch, sink);
    }

    @Override
    public void envelopes(String name, long fromUid, long belowUid, int firstBatch, int largestBatch,
            Consumer<List<Envelope>> sink) {
        headers.envelopes(name, fromUid, belowUid, firstBatch, largestBatch, sink);
    }

    @Override
    public List<Envelope> newest(String name, int count) {
        return headers.newest(name, count);
    }

    @Override
    public java.util.Optional<Envelope> envelope(String name, long uid) {
        return headers.envelope(name, uid);
    }

    @Override
    public java.util.SortedSet<Long> search(String name, dev.postern.model.Query query) {
        return headers.search(name, query);
    }

    // ---- bodies --------------------------------------------------------------------------------

    @Override
    public byte[] raw(MessageRef ref) {
        return bodies.raw(ref);
    }

    @Override
    public java.util.Optional<byte[]> part(MessageRef ref, String path) {
        return bodies.part(ref, path);
    }

    @Override
    public boolean partTo(MessageRef ref, String path, java.io.OutputStream out) throws java.io.IOException {
        return bodies.partTo(ref, path, out);
    }

    @Override
    public byte[] textOnly(MessageRef ref) {
        return bodies.textOnly(ref);
    }

    @Override
    public long expected() {
        return bodies.expected();
    }

    /** The answer cap less room for the FETCH items around the message. */
    @Override
    public long largestWhole() {
        return Math.max(0, CappedProtocol.cap - (64L << 10));
    }

    @Override
    public void raws(String name, long uidValidity, Collection<Long> uids,
            java.util.function.BiConsumer<Long, byte[]> sink) {
        bodies.raws(name, uidValidity, uids, sink);
    }

    // ---- changes: reading them for a sync ----------------------------------------------------------

    @Override
    public Map<Long, Flags> flags(String name, long belowUid) {
        return changes.flags(name, belowUid);
    }

    @Override
    public boolean condstore() {
        return changes.condstore();
    }

    @Override
    public Map<Long, Flags> flagsChangedSince(String name, long belowUid, long modSeq) {
        return changes.flagsChangedSince(name, belowUid, modSeq);
    }

    @Override
    public Map<Long, Flags> flagsChangedSince(String name, long belowUid, long modSeq, java.util.SortedSet<Long> present) {
        return changes.flagsChangedSince(name, belowUid, modSeq, present);
    }

    @Override
    public java.util.SortedSet<Long> uidsBelow(String name, long belowUid) {
        return changes.uidsBelow(name, belowUid);
    }

    @Override
    public java.util.SortedSet<Long> uidsIn(String name, long fromUid, long belowUid) {
        return changes.uidsIn(name, fromUid, belowUid);
    }

    // ---- changes: making them ----------------------------------------------------------------------

    @Override
    public void setFlag(MessageRef ref, Flag flag, boolean on) {
        changes.setFlag(ref, flag, on);
    }

    @Override
    public void setFlags(String folder, long uidValidity, Collection<Long> uids, Flag flag, boolean on) {
        changes.setFlags(folder, uidValidity, uids, flag, on);
    }

    @Override
    public boolean addKeyword(String folder, long uidValidity, long uid, String keyword) {
        return changes.addKeyword(folder, uidValidity, uid, keyword);
    }

    @Override
    public Transfer move(String folder, long uidValidity, Collection<Long> uids, String target,
            dev.postern.backend.ChangeTry attempt) {
        return transfers.transfer(folder, uidValidity, uids, target, true, attempt);
    }

    @Override
    public Transfer copy(String folder, long uidValidity, Collection<Long> uids, String target,
            dev.postern.backend.ChangeTry attempt) {
        return transfers.transfer(folder, uidValidity, uids, target, false, attempt);
    }

    @Override
    public void expunge(String folder, long uidValidity, Collection<Long> uids, dev.postern.backend.ChangeTry attempt) {
        changes.expunge(folder, uidValidity, uids, attempt);
    }

    // ---- push (IDLE) ---------------------------------------------------------------------------

    @Override
    public boolean canIdle() {
        return idle.canIdle();
    }

    @Override
    public boolean awaitChange(String folder, java.time.Duration window) {
        return idle.awaitChange(folder, window);
    }

    @Override
    public boolean awaitChange(String folder, java.time.Duration window,
            java.util.function.Predicate<dev.postern.backend.FolderStatus> behind) {
        return idle.awaitChange(folder, window, behind);
    }
}

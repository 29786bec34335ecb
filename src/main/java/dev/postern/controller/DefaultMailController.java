package dev.postern.controller;

import dev.postern.backend.MailSession;
import dev.postern.backup.Exporter;
import dev.postern.backup.Importer;
import dev.postern.compose.Outgoing;
import dev.postern.compose.Postman;
import dev.postern.config.AccountConfig;
import dev.postern.config.Config;
import dev.postern.model.Capability;
import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.model.Query;
import dev.postern.render.Attachments;
import dev.postern.render.RenderedMessage;
import dev.postern.retention.Retention;
import dev.postern.store.MailStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The controller: answers from the store first, refreshes from the network on each account's own
 * thread, renders on a separate pool (a slow attachment never holds up an account), and publishes
 * {@link Event}s for every change. This class is the wiring and the one door: each capability is
 * implemented by its own part over one shared {@link ControllerContext} (store, config, account workers,
 * events), and every method here is a one-line delegation; it owns the lifecycle ({@link #close}).
 */
public final class DefaultMailController implements MailController {
    private final ControllerContext ctx;
    private final StoreViews views;
    private final MessageReading reading;
    private final MailFetching fetching;
    private final FolderAdministration folderAdmin;
    private final MessageChanging changes;
    private final Connections connections;
    /** Export, import, retention and the outbox flush: long jobs with ids, progress and cancel. */
    private final Transfers transfers;

    /**
     * @param sessions makes a new, unconnected session for an account
     * @param renderer raw RFC 822 bytes to terminal-safe text; must not throw on any input
     */
    public DefaultMailController(Config config, MailStore store, Function<AccountConfig, MailSession> sessions,
            Function<byte[], RenderedMessage> renderer) {
        this.ctx = new ControllerContext(config, store, sessions);
        this.views = new StoreViews(ctx);
        this.reading = new MessageReading(ctx, renderer);
        this.fetching = new MailFetching(ctx, views);
        this.folderAdmin = new FolderAdministration(ctx);
        this.changes = new MessageChanging(ctx);
        this.connections = new Connections(ctx, fetching);
        this.transfers = new Transfers(store, new Jobs(ctx.jobs::incrementAndGet, ctx::publish), name -> ctx.worker(name).account(),
                ctx.sessions, ctx::capabilities, (account, folder) -> sync(account, folder, true), () -> ctx.outgoing);
    }

    // The wiring's settings (app/AppContext).

    /** Lets the UI send mail (set by the app's wiring). */
    public void setOutgoing(Outgoing outgoing) { ctx.outgoing = outgoing; }

    /** The saved sign-ins of OAuth2 accounts (the token service is the process's one). */
    private final SignIns signIns = new SignIns(this::configNow, dev.postern.model.HomeEnv.process());

    private Config configNow() { return ctx.config; }

    /**
     * The config read again after an edit (an owner, before a command it serves: app/AppContext.rereadConfig), with the
     * same accounts, unified_inbox and data directory: the retention rules and whatever else is read per use follow it.
     */
    public void reconfigure(Config edited) { ctx.config = edited; }

    /** Composing over whatever {@link #setOutgoing} gave (read at each use). */
    private final Composer composer = new Composer(this::outgoing, this::accounts);

    /** Renders without attachment text (no Tika): what {@link #read(MessageRef, Consumer)} previews. */
    public void setPreviewRenderer(Function<byte[], RenderedMessage> previewRenderer) { reading.setPreviewRenderer(previewRenderer); }

    /** Lists a raw message's attachments; the app's opens encrypted parts in memory (render.Attachments with its engine). */
    public void setAttachmentReader(Function<byte[], List<Attachments.Attachment>> reader) { reading.setAttachmentReader(reader); }

    /** Who looks after the store (stats, verify, compact, reindex); set by the wiring. */
    public void setStoreUpkeep(StoreUpkeep upkeep) { this.upkeep = upkeep; }

    private volatile StoreUpkeep upkeep = new StoreUpkeep() { };

    @Override public CompletableFuture<StoreUpkeep.Figures> storeStats() { return upkeep.storeStats(); }

    @Override public CompletableFuture<StoreUpkeep.Check> verifyStore() { return upkeep.verifyStore(); }

    @Override public CompletableFuture<StoreUpkeep.Compacted> compactStore() { return upkeep.compactStore(); }

    @Override public CompletableFuture<StoreUpkeep.Reindexed> reindexStore() { return upkeep.reindexStore(); }

    @Override
    public CompletableFuture<String> adoptMailbox(String account) {
        AccountWorker w = ctx.worker(account);
        return w.local(() -> ctx.origins.adopt(w.account())); // in order with the account's sessions
    }

    @Override public void catchUpSearchIndex() { upkeep.catchUpSearchIndex(); }

    /** How an import appends to an account's server (a connection of its own per run); set by the wiring. */
    public void setAppends(Function<AccountConfig, dev.postern.backend.imap.ImapAppend> appends) {
        transfers.setAppends(a -> {
            ctx.origins.check(a); // as every session of the account (MailboxOrigins)
            return appends.apply(a);
        });
    }

    // Reading: the store's side (StoreViews).

    @Override public List<String> accounts() { return views.accounts(); }
    @Override public List<String> unifiedInbox() { return views.unifiedInbox(); }
    @Override public List<StoredOnly> storedOnly() { return StoredOnly.of(ctx.store, ctx.config.accounts().stream().map(AccountConfig::name).toList()); }
    @Override public int[] bodiesMissing(String account, String folder) { return views.bodiesMissing(account, folder); }
    @Override public FolderKnowledge.State folderKnowledge(String account, String folder) { return views.folderKnowledge(account, folder); }
    @Override public Set<Capability> capabilities(String account) { return views.capabilities(account); }
    @Override public List<Folder> folders(String account) { return views.folders(account); }
    @Override public int count(String account, String folder) { return views.count(account, folder); }
    @Override public AddressBook addressBook(Collection<String> accounts) { return views.addressBook(accounts); }

    @Override
    public List<Envelope> page(String account, String folder, int offset, int limit) { return views.page(account, folder, offset, limit); }

    @Override public Optional<Envelope> envelope(MessageRef ref) { return views.envelope(ref); }
    @Override public Envelope envelope(MessageRef ref, byte[] raw) { return views.envelope(ref, raw); }
    @Override public boolean localOnly(MessageRef ref) { return views.localOnly(ref); }
    @Override public long listingMark() { return views.listingMark(); }
    @Override
    public void keepListing(long mark, String account, String folder, int total, List<Envelope> rows, List<Boolean> localOnly) {
        views.keepListing(mark, account, folder, total, rows, localOnly);
    }
    @Override public SortedSet<Long> localOnly(String account, String folder) { return views.localOnly(account, folder); }

    // Reading: messages (MessageReading).

    @Override public CompletableFuture<RenderedMessage> read(MessageRef ref) { return reading.read(ref); }

    @Override
    public CompletableFuture<RenderedMessage> read(MessageRef ref, Consumer<RenderedMessage> preview) { return reading.read(ref, preview); }

    @Override public CompletableFuture<byte[]> raw(MessageRef ref) { return reading.raw(ref); }

    @Override
    public CompletableFuture<List<Attachments.Attachment>> attachments(MessageRef ref, int index) { return reading.attachments(ref, index); }

    @Override public CompletableFuture<Boolean> markSeen(MessageRef ref) { return reading.markSeen(ref); }
    @Override public AutoCloseable subscribe(Consumer<Event> listener) { return ctx.subscribe(listener); }

    // Fetching, and the server side of Reading (MailFetching).

    @Override public CompletableFuture<List<Folder>> refreshFolders(String account) { return fetching.refreshFolders(account); }
    @Override public CompletableFuture<FolderListing> refreshFoldersTold(String account) { return fetching.refreshFoldersTold(account); }
    @Override public CompletableFuture<Integer> refreshFolder(String account, String folder) { return fetching.refreshFolder(account, folder); }
    @Override public void refreshAhead(String account, String folder) { fetching.refreshAhead(account, folder); }
    @Override public CompletableFuture<Refreshed> refreshFolderTold(String account, String folder) {
        return fetching.refreshFolderTold(account, folder);
    }

    @Override
    public CompletableFuture<FetchSummary> fetch(String account, FetchOptions options, Consumer<FetchProgress> progress) {
        return fetching.fetch(account, options, progress);
    }

    @Override
    public CompletableFuture<List<SyncReport>> sync(String account, String folder, boolean headersOnly) {
        return fetching.sync(account, folder, headersOnly);
    }

    @Override
    public CompletableFuture<SyncOutcome> syncAccount(String account, String folder, boolean headersOnly) {
        return fetching.syncAccount(account, folder, headersOnly);
    }

    @Override public CompletableFuture<MessageRef> locate(String account, String folder, long uid) { return fetching.locate(account, folder, uid); }
    @Override public CompletableFuture<MessageRef> locate(String account, String folder, long seen, long uid) { return fetching.locate(account, folder, seen, uid); }

    @Override
    public CompletableFuture<List<Envelope>> search(String account, String folder, Query query, boolean local) {
        return fetching.search(account, folder, query, local);
    }

    // FolderAdmin (FolderAdministration).

    @Override
    public String draftsSetting(String account) {
        AccountWorker w = ctx.workers.get(account);
        return w == null || w.account().imap() == null ? null : w.account().imap().drafts();
    }

    @Override public CompletableFuture<Void> createFolder(String account, String name) { return folderAdmin.createFolder(account, name); }
    @Override public CompletableFuture<Void> renameFolder(String account, String from, String to) { return folderAdmin.renameFolder(account, from, to); }
    @Override public CompletableFuture<Void> deleteFolder(String account, String name) { return folderAdmin.deleteFolder(account, name); }

    @Override
    public CompletableFuture<Void> subscribe(String account, String name, boolean subscribed) { return folderAdmin.subscribe(account, name, subscribed); }

    @Override public CompletableFuture<Integer> folderMessages(String account, String folder) { return folderAdmin.folderMessages(account, folder); }

    // MessageChanges (MessageChanging).

    @Override
    public CompletableFuture<Integer> setFlags(String account, String folder, Collection<Long> uids, Flag flag, boolean on) {
        return changes.setFlags(account, folder, uids, flag, on);
    }

    @Override public CompletableFuture<Void> answered(MessageRef original) { return changes.answered(original); }
    @Override public CompletableFuture<Boolean> forwarded(MessageRef original) { return changes.forwarded(original); }

    @Override
    public CompletableFuture<Integer> move(String account, String folder, Collection<Long> uids, String target) {
        return changes.move(account, folder, uids, target);
    }

    @Override
    public CompletableFuture<Integer> copy(String account, String folder, Collection<Long> uids, String target) {
        return changes.copy(account, folder, uids, target);
    }

    @Override
    public CompletableFuture<Integer> delete(String account, String folder, Collection<Long> uids, boolean expunge) {
        return changes.delete(account, folder, uids, expunge);
    }

    @Override
    public CompletableFuture<Integer> setFlags(String account, String folder, long seen, Collection<Long> uids, Flag flag, boolean on) {
        return changes.setFlags(account, folder, seen, uids, flag, on);
    }

    @Override
    public CompletableFuture<Integer> move(String account, String folder, long seen, Collection<Long> uids, String target) {
        return changes.move(account, folder, seen, uids, target);
    }

    @Override
    public CompletableFuture<Integer> copy(String account, String folder, long seen, Collection<Long> uids, String target) {
        return changes.copy(account, folder, seen, uids, target);
    }

    @Override
    public CompletableFuture<Integer> delete(String account, String folder, long seen, Collection<Long> uids, boolean expunge) {
        return changes.delete(account, folder, seen, uids, expunge);
    }

    @Override public void stillThere(String account, String folder, long seen, Collection<Long> uids) { changes.stillThere(account, folder, seen, uids); }

    @Override public List<dev.postern.model.QueuedChange> queue(String account) { return changes.queue(account); }
    @Override public CompletableFuture<dev.postern.model.QueuedChange> dropQueued(String account, long id) { return changes.dropQueued(account, id); }
    @Override public List<String> queueNotes() { return changes.queueNotes(); }

    // Connection state, push and SigningIn (Connections).

    @Override public ConnectionState connectionState(String account) { return connections.connectionState(account); }
    @Override public String offlineReason(String account) { return connections.offlineReason(account); }
    @Override public Watching watch(String account, String folder) { return connections.watch(account, folder); }
    @Override public boolean signsInWithOAuth(String account) { return connections.signsInWithOAuth(account); }
    @Override public List<SignInState> signInStates() { return signIns.signInStates(); }
    @Override public void signOut(String account) { signIns.signOut(account); }

    @Override
    public CompletableFuture<String> signIn(String account, PrintWriter out, int columns) { return connections.signIn(account, out, columns); }

    // Composing, Archives and JobControl (Transfers).

    @Override public Outgoing outgoing() { return ctx.outgoing; }
    @Override public void checkCanSend(String account) { composer.checkCanSend(account); }
    @Override
    public dev.postern.compose.Sender sender(String account, String requested, dev.postern.model.Envelope original, byte[] raw,
            boolean signed) {
        return composer.sender(account, requested, original, raw, signed);
    }
    @Override
    public java.util.Set<String> ownAddresses(dev.postern.compose.Sender sender, dev.postern.model.Envelope original) {
        return composer.ownAddresses(sender, original);
    }
    @Override public dev.postern.compose.Templates.Texts templates() { return composer.templates(); }
    @Override
    public dev.postern.config.CryptoConfig.Policy protection(String account, dev.postern.config.IdentityConfig.Identity identity,
            Boolean sign, Boolean encrypt, boolean smime) {
        return composer.protection(account, identity, sign, encrypt, smime);
    }
    @Override
    public dev.postern.compose.Protected protect(String account, dev.postern.compose.Built m, dev.postern.config.CryptoConfig.Policy p) {
        return composer.protect(account, m, p);
    }
    @Override
    public CompletableFuture<Postman.Result> send(String account, dev.postern.compose.Built m) { return composer.send(account, m); }
    @Override
    public CompletableFuture<Postman.Result> send(String account, dev.postern.compose.Built m, Runnable recorded) {
        return composer.send(account, m, recorded);
    }
    @Override
    public CompletableFuture<Postman.Result> bounce(String account, dev.postern.compose.Built m) { return composer.bounce(account, m); }
    /** What the outbox timer says, to the reader told ({@link #retryOutbox}); for tests. */
    void sayOutbox(String words) { outboxSay.accept(words); }

    @Override public Job<Postman.FlushReport> flushOutbox(String account) {
        OutboxRetry r = outboxRetry;
        if (r != null) r.userFlushed(account);
        return transfers.flushOutbox(account);
    }

    private volatile OutboxRetry outboxRetry;
    private static final java.util.function.Consumer<String> NOBODY = s -> { };
    private volatile java.util.function.Consumer<String> outboxSay = NOBODY;

    /**
     * The first reader of this process to ask is told what the timer did: the owner's own (a served reader that started
     * later took the notices over, of mail it never queued, and left nobody told when it quit: hunt 32-W, W4).
     */
    @Override public synchronized void retryOutbox(java.util.function.Consumer<String> say) {
        if (outboxSay == NOBODY) outboxSay = say;
        if (outboxRetry == null) {
            outboxRetry = new OutboxRetry(List.copyOf(ctx.workers.keySet()), () -> ctx.outgoing, a -> ctx.worker(a).gate(),
                    s -> outboxSay.accept(s), Thread::sleep).start();
        }
    }

    @Override
    public Job<List<Exporter.FolderReport>> export(String account, List<String> folders, Exporter.Format format, Path out,
            boolean sinceLast, boolean fromServer) {
        return transfers.export(account, folders, format, out, sinceLast, fromServer);
    }

    @Override
    public Job<Importer.Report> importArchive(String account, Path archive, String folder) { return transfers.importArchive(account, archive, folder); }

    @Override public List<Job.Info> jobs() { return transfers.jobs(); }
    @Override public boolean cancel(long id) { return transfers.cancel(id); }
    @Override public <T> java.util.concurrent.CompletableFuture<T> runJob(String account, String what,
            java.util.function.Function<dev.postern.model.Work, T> body) { return transfers.run(account, what, body).result(); }
    @Override public boolean noteLeftOut(String account, List<SyncFolders.LeftOut> leftOut) { return SyncNotes.note(ctx.config.dataDir(), account, leftOut); }

    @Override public Job<RetentionReport> retention(List<String> accounts, RetentionReport.Mode mode) { return transfers.retention(ctx.config, accounts, mode); }

    private volatile boolean stoppedWork;

    /**
     * Whether {@link #close} stopped work under way that says so when it ends (a compaction, a job): the process's
     * shutdown hook then gives the command a moment to print its "interrupted: ..." line, and no other time.
     */
    public boolean stoppedWork() { return stoppedWork; }

    /** Whether closing is for a person waiting at the shell (by default {@link dev.postern.model.Quitting}): for tests. */
    void hurriedWhen(java.util.function.BooleanSupplier hurried) { ctx.hurried = hurried; }

    @Override
    public void close() {
        OutboxRetry r = outboxRetry;
        if (r != null) r.close();
        stoppedWork = upkeep.busy() || transfers.busy();
        upkeep.close(); // a compaction stops and removes its copy (Ctrl-C on `store compact`)
        transfers.close(); // cancelled jobs tidy up (an export's partial mbox goes) before the store closes
        dev.postern.model.StartupTrace.mark("quit: transfers closed");
        connections.close();
        dev.postern.model.StartupTrace.mark("quit: connections closed");
        ctx.close();
    }
}

package dev.postern.controller;

import static dev.postern.controller.ControllerContext.capability;
import static dev.postern.controller.ControllerContext.message;

import dev.postern.backend.BodySource;
import dev.postern.backend.FolderLister;
import dev.postern.backend.HeaderSource;
import dev.postern.backend.MailSession;
import dev.postern.backend.Maildrop;
import dev.postern.model.Capability;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.store.FolderState;
import dev.postern.store.MailStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@link Fetching}, and the parts of {@link Reading} that go to the server for headers: folder lists,
 * header-only refreshes (a POP3 maildrop's is a download), fetch, sync, a UID located on the server and
 * server-side search. All of it runs on the account's thread and publishes what it changed.
 */
final class MailFetching implements Fetching {
    private final ControllerContext ctx;
    private final StoreViews views;
    private final MailStore store;
    private final UnifiedInbox unified;
    private final HeaderSync headerSync;
    private final AtomicLong jobs;
    private final ExecutorService renderPool;
    private final AccountSync accountSync;
    private final Pop3Fetch pop3Fetch;
    private final InboxFetch inboxFetch;

    MailFetching(ControllerContext ctx, StoreViews views) {
        this.ctx = ctx;
        this.views = views;
        this.store = ctx.store;
        this.unified = ctx.unified;
        this.headerSync = ctx.headerSync;
        this.jobs = ctx.jobs;
        this.renderPool = ctx.renderPool;
        this.accountSync = new AccountSync(store, headerSync, ctx::publish);
        this.pop3Fetch = new Pop3Fetch(store, java.time.Clock.systemUTC());
        this.inboxFetch = new InboxFetch(store, headerSync);
    }

    private AccountWorker worker(String account) { return ctx.worker(account); }

    private void publish(Event e) { ctx.publish(e); }

    private boolean isUnified(String account) { return ctx.isUnified(account); }

    private <T> AccountTask<T> action(String account, Function<MailSession, T> task) { return ctx.action(account, task); }

    private List<Folder> folders(String account) { return views.folders(account); }

    /** Refreshes every member INBOX at once (each on its own account thread); fails with the first failure. */
    private CompletableFuture<Integer> refreshUnified() {
        List<CompletableFuture<Integer>> each = new ArrayList<>();
        for (String a : unified.accounts()) each.add(refreshFolder(a, UnifiedInbox.INBOX));
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .handle((v, e) -> {
                    for (CompletableFuture<Integer> f : each) {
                        if (f.isCompletedExceptionally()) f.join(); // rethrows the account's own sentence
                    }
                    return unified.count();
                });
    }

    @Override
    public CompletableFuture<List<Folder>> refreshFolders(String account) {
        CompletableFuture<FolderListing> told = refreshFoldersTold(account);
        CompletableFuture<List<Folder>> folders = told.thenApply(FolderListing::folders);
        return told instanceof AccountTask<FolderListing> t ? t.carrying(folders) : folders;
    }

    @Override
    public CompletableFuture<FolderListing> refreshFoldersTold(String account) {
        if (isUnified(account)) return CompletableFuture.completedFuture(new FolderListing(folders(account), true));
        AccountWorker w = worker(account);
        // Its failure is its caller's to say (ControllerContext.reported).
        return w.submit(s -> {
            FolderLister lister = capability(s, FolderLister.class, account, "list folders");
            List<Folder> listed = lister.listFolders();
            for (Folder f : listed) {
                if (!s.capabilities().contains(Capability.SERVER_FLAGS) && store.folderState(account, f.name()).isPresent()) {
                    // POP3 keeps no flags on the server: the store alone knows what is unread.
                    store.putFolder(new Folder(account, f.name(), f.separator(), store.count(account, f.name()),
                            store.unread(account, f.name()), f.attributes()));
                } else if (!s.capabilities().contains(Capability.SERVER_FLAGS)) {
                    // A maildrop never fetched: its STAT total, every message of it unread but those the store holds as
                    // read (none yet). Its lister says 0 unread, which read "no new mail" with mail waiting (hunt 33, Z3).
                    int read = store.count(account, f.name()) - store.unread(account, f.name());
                    store.putFolder(new Folder(account, f.name(), f.separator(), f.total(), Math.max(0, f.total() - read),
                            f.attributes()));
                } else {
                    // IMAP's STATUS counts are the freshest: they include mail the store has not synced yet.
                    store.putFolder(withKeptHere(account, f));
                }
            }
            store.commit();
            GoneFolders.drop(store, ctx::publish, account, listed, lister.listedWhole()); // as sync does
            publish(new Event.FoldersLoaded(account));
            return new FolderListing(folders(account), lister.listedWhole());
        });
    }

    /**
     * The server's counts of a folder plus its messages kept only here (retention's {@code where = "server"}): the server
     * no longer counts them, yet the folder lists them (hunt35-B B7: `folders` and the sidebar said 0 of 8 listed).
     */
    private Folder withKeptHere(String account, Folder f) {
        Optional<FolderState> state = store.folderState(account, f.name());
        if (state.isEmpty()) return f;
        long validity = state.get().uidValidity();
        java.util.SortedSet<Long> kept = store.detached(account, f.name(), validity);
        if (kept.isEmpty()) return f;
        int unread = 0;
        for (long uid : kept) {
            Optional<Envelope> e = store.envelope(new MessageRef(account, f.name(), validity, uid));
            if (e.isPresent() && !e.get().flags().has(dev.postern.model.Flag.SEEN)) unread++;
        }
        return new Folder(account, f.name(), f.separator(), f.total() + kept.size(), f.unread() + unread, f.attributes());
    }

    @Override
    public CompletableFuture<Integer> refreshFolder(String account, String folder) {
        if (isUnified(account)) return refreshUnified();
        CompletableFuture<Refreshed> told = refreshFolderTold(account, folder);
        CompletableFuture<Integer> total = told.thenApply(Refreshed::total);
        return told instanceof AccountTask<Refreshed> t ? t.carrying(total) : total;
    }

    /** Refreshes started by {@link #refreshAhead}, by account and folder, each handed to the first who asks. */
    private final java.util.Map<String, CompletableFuture<Refreshed>> ahead = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void refreshAhead(String account, String folder) {
        if (isUnified(account)) return;
        ahead.put(account + '\0' + folder, refreshFolderTold(account, folder));
    }

    @Override
    public CompletableFuture<Refreshed> refreshFolderTold(String account, String folder) {
        if (isUnified(account)) return refreshUnified().thenApply(n -> new Refreshed(n, List.of()));
        CompletableFuture<Refreshed> started = ahead.remove(account + '\0' + folder);
        if (started != null) return started;
        AccountWorker w = worker(account);
        long job = jobs.incrementAndGet();
        // The folder the user opened: it goes ahead of a background sync's next batch. Its failure is its caller's.
        return w.submitInteractive(s -> {
            if (s.capabilities().contains(Capability.MAILDROP)) return maildrop(s, w, folder, job);
            try {
                return new Refreshed(headerSync.sync(capability(s, HeaderSource.class, account, "list messages"), account,
                        folder, job), List.of());
            } catch (RuntimeException e) {
                store.rollback();
                throw e;
            } finally {
                ended(job, account, "headers " + folder);
            }
        });
    }

    /**
     * A POP3 maildrop is refreshed by downloading it, under the account's own policies. Each committed batch is shown at
     * once: the list fills while a long first fetch runs. Its "fetch n/N" leaves the status bar when it ends, however.
     */
    private Refreshed maildrop(MailSession s, AccountWorker w, String folder, long job) {
        String account = w.account().name();
        Maildrop pop3 = capability(s, Maildrop.class, account, "download mail");
        try {
            int[] shown = {store.count(account, UnifiedInbox.INBOX)};
            int before = shown[0];
            FetchSummary fetched = pop3Fetch.run(pop3, w.account(), FetchOptions.DEFAULT, p -> {
                fetchProgress(job, p, null);
                int now = store.count(account, UnifiedInbox.INBOX);
                if (now != shown[0]) {
                    if (shown[0] == 0) publish(new Event.FoldersLoaded(account));
                    shown[0] = now;
                    publish(new Event.EnvelopesLoaded(account, UnifiedInbox.INBOX, now));
                }
            });
            publish(new Event.EnvelopesLoaded(account, folder, store.count(account, folder)));
            int arrived = store.count(account, UnifiedInbox.INBOX) - before;
            if (before > 0 && arrived > 0) publish(new Event.FolderChanged(account, UnifiedInbox.INBOX, arrived, 0));
            publish(new Event.FoldersLoaded(account));
            return new Refreshed(store.count(account, folder), fetched.messageErrors());
        } finally {
            ended(job, account, "fetch");
        }
    }

    /**
     * The reader's own check of a POP3 INBOX ({@link MaildropPoll}): as {@link #refreshFolderTold}, but a failure is not
     * put on the status line at every try (the account's state says it is offline), and it never logs in while the
     * server refuses the credentials ({@link AccountWorker#submitUnattended}).
     */
    CompletableFuture<Refreshed> pollMaildrop(String account) {
        AccountWorker w = worker(account);
        long job = jobs.incrementAndGet();
        return w.submitUnattended(s -> maildrop(s, w, UnifiedInbox.INBOX, job));
    }

    /** A job's end, however it ended: its label leaves the reader's status bar (done == total). */
    private void ended(long job, String account, String what) {
        publish(new Event.Progress(job, account, what, 1, 1));
    }

    /**
     * Downloads an account's new mail: a POP3 maildrop under its keep/delete policy, or an IMAP
     * account's INBOX. Never fails the future for a server problem: the summary carries the failure,
     * so a batch over several accounts goes on.
     */
    @Override
    public CompletableFuture<FetchSummary> fetch(String account, FetchOptions options, Consumer<FetchProgress> progress) {
        AccountWorker w = worker(account);
        long job = jobs.incrementAndGet();
        String protocol = w.account().protocol().name().toLowerCase(java.util.Locale.ROOT);
        // What a POP3 run committed before it failed, told beside the failure (a retry on a fresh connection adds to it).
        Pop3Fetch.Tally tally = new Pop3Fetch.Tally();
        AccountTask<FetchSummary> task = w.submit(s -> {
            try {
                if (s.capabilities().contains(Capability.MAILDROP)) {
                    int before = store.count(account, UnifiedInbox.INBOX);
                    FetchSummary done = pop3Fetch.run(capability(s, Maildrop.class, account, "download mail"), w.account(),
                            options, p -> fetchProgress(job, p, progress), tally);
                    // New mail, as the reader's refresh reports it (the first download into an empty store is not).
                    int arrived = store.count(account, UnifiedInbox.INBOX) - before;
                    if (before > 0 && arrived > 0) publish(new Event.FolderChanged(account, UnifiedInbox.INBOX, arrived, 0));
                    return done;
                }
                return inboxFetch.run(capability(s, HeaderSource.class, account, "list messages"),
                        capability(s, BodySource.class, account, "fetch messages"), () -> {
                            s.close();
                            s.connect();
                        }, w.account(), options, job, p -> fetchProgress(job, p, progress), tally);
            } finally {
                ended(job, account, "fetch");
                publish(new Event.EnvelopesLoaded(account, "INBOX", store.count(account, "INBOX")));
                publish(new Event.FoldersLoaded(account));
            }
        });
        // Cancelled (its command's client gone), the download in hand is cut off: what it committed stays.
        return task.carrying(task.exceptionally(e -> tally.failed(account, protocol,
                e.getCause() instanceof PosternException p ? p : e instanceof PosternException p2 ? p2
                        : new PosternException(ExitCode.SOFTWARE, "account " + account + ": " + message(e), e))));
    }

    private void fetchProgress(long job, FetchProgress p, Consumer<FetchProgress> also) {
        publish(new Event.Progress(job, p.account(), "fetch", p.done(), p.total()));
        if (also != null) also.accept(p);
    }

    /**
     * The ref of a UID in the folder's current UIDVALIDITY, fetching just that envelope when it is not
     * cached yet (a script may read a UID it never listed).
     */
    CompletableFuture<MessageRef> locate(String account, String folder, long seen, long uid) {
        if (seen == 0) return locate(account, folder, uid);
        MessageRef ref = new MessageRef(account, folder, seen, uid);
        if (store.envelope(ref).isPresent()) return CompletableFuture.completedFuture(ref);
        Optional<MessageRef> inHand = ctx.held.ref(account, folder, uid, seen); // the old message's bytes, shown by a reader
        if (inHand.isPresent()) return CompletableFuture.completedFuture(inHand.get());
        long now = store.folderState(account, folder).map(FolderState::uidValidity).orElse(0L);
        if (now != seen) return CompletableFuture.failedFuture(MessageChanging.folderMadeAgain(folder, List.of(uid), now != 0));
        return locate(account, folder, uid);
    }

    CompletableFuture<MessageRef> locate(String account, String folder, long uid) {
        Optional<FolderState> st = store.folderState(account, folder);
        if (st.isPresent()) {
            MessageRef ref = new MessageRef(account, folder, st.get().uidValidity(), uid);
            if (store.envelope(ref).isPresent()) return CompletableFuture.completedFuture(ref);
        }
        // A reader shows it, though another client moved or expunged it since (hunt 39-Y, Y4): its bytes are in hand.
        Optional<MessageRef> inHand = ctx.held.ref(account, folder, uid, st.map(FolderState::uidValidity).orElse(null));
        if (inHand.isPresent()) return CompletableFuture.completedFuture(inHand.get());
        if (ctx.capabilities(account).contains(Capability.MAILDROP)) {
            // A maildrop's messages are those a fetch stored: one not in the store is not there, not a listing it cannot
            // make (it said "cannot list messages", 64, to a script that named a UID it never had: hunt37-J J7).
            return CompletableFuture.failedFuture(new dev.postern.model.MessageGone("account " + account
                    + ": there is no message with UID " + uid + " in '" + folder + "' (`postern list -a " + dev.postern.model.Names.shell(account)
                    + "` shows those `postern fetch` stored)."));
        }
        return worker(account).submit(s -> {
            HeaderSource hs = capability(s, HeaderSource.class, account, "list messages");
            Envelope e = hs.envelope(folder, uid).orElseThrow(() -> new dev.postern.model.MessageGone(
                    "account " + account + ": there is no message with UID " + uid + " in '" + folder + "'."));
            Optional<FolderState> now = store.folderState(account, folder);
            if (now.isPresent() && now.get().uidValidity() != e.ref().uidValidity()) {
                // The folder was recreated: re-list it, keeping the cached bodies of messages still there.
                headerSync.sync(hs, account, folder, 0);
                if (store.envelope(e.ref()).isPresent()) return e.ref();
            } else if (now.isEmpty()) {
                // First sight of this folder: start its state here; a later full sync fetches the rest from UID 1.
                headerSync.startOver(account, folder, e.ref().uidValidity());
            }
            store.putEnvelopes(List.of(e));
            // Below the folder's UIDNEXT and without its body: the complete-bodies record must not cover it (hunt 43-Y, Y1).
            if (store.envelope(e.ref()).map(x -> !x.cached()).orElse(false)) store.putBodiesMark(account, folder, null);
            store.commit();
            return e.ref();
        });
    }

    @Override
    public CompletableFuture<List<SyncReport>> sync(String account, String folder, boolean headersOnly) {
        AccountTask<SyncOutcome> task = syncAccount(account, folder, headersOnly);
        return task.carrying(task.thenApply(SyncOutcome::reports));
    }

    /** As {@link #sync}, also naming the folders left out (not subscribed, or not chosen by sync_folders) and why. */
    @Override
    public AccountTask<SyncOutcome> syncAccount(String account, String folder, boolean headersOnly) {
        AccountWorker w = worker(account);
        long job = jobs.incrementAndGet();
        return action(account, s -> {
            try {
                return accountSync.sync(s, w.account(), folder, headersOnly, job, w::betweenBatches);
            } finally {
                ended(job, account, "sync"); // its "headers F" or "bodies F" leaves the status bar, however it ended
            }
        });
    }

    CompletableFuture<List<Envelope>> search(String account, String folder, dev.postern.model.Query query, boolean local) {
        AccountWorker w = worker(account);
        if (local) return CompletableFuture.supplyAsync(() -> LocalSearch.run(store, account, folder, query), renderPool);
        long job = jobs.incrementAndGet();
        return action(account, s -> {
            try {
                headerSync.sync(capability(s, dev.postern.backend.HeaderSource.class, account, "list messages"), account, folder, job);
            } finally {
                ended(job, account, "headers " + folder);
            }
            java.util.SortedSet<Long> uids = capability(s, dev.postern.backend.Searcher.class, account, "search on the server")
                    .search(folder, query);
            List<Envelope> held = LocalSearch.envelopes(store, account, folder, uids);
            // The server was asked a day wider than the user's days (ImapSearch); its answer is held to them here.
            return new ServerMatches(held.stream().filter(query::datesAllow).toList(), uids.size() - held.size());
        });
    }
}

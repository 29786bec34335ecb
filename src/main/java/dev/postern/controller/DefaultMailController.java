package dev.postern.controller;

import dev.postern.backend.BodySource;
import dev.postern.backend.FlagWriter;
import dev.postern.backend.FolderLister;
import dev.postern.backend.HeaderSource;
import dev.postern.backend.MailSession;

import dev.postern.backend.Maildrop;
import dev.postern.model.Capability;
import dev.postern.config.AccountConfig;
import dev.postern.config.Config;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.Flag;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.render.RenderedMessage;
import dev.postern.store.FolderState;
import dev.postern.store.MailStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller: answers from the store first, refreshes from the network on each account's own
 * thread, renders on a separate pool (a slow attachment never holds up an account), and publishes
 * {@link Event}s for every change.
 */
public final class DefaultMailController implements MailController {
    private static final Logger log = LoggerFactory.getLogger(DefaultMailController.class);

    private final MailStore store;
    private final Config config;
    private final Function<byte[], RenderedMessage> renderer;
    private final Map<String, AccountWorker> workers = new LinkedHashMap<>();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService renderPool;
    /** Cached bodies read for callers that must not wait on the disk (the reader's thread); never behind a slow render. */
    private final ExecutorService storeReads;
    private final HeaderSync headerSync;
    private final MessageActions actions;
    private final AccountSync accountSync;
    private final Pop3Fetch pop3Fetch;
    private final InboxFetch inboxFetch;
    private final AtomicLong jobs = new AtomicLong();
    /** Export, import, retention and the outbox flush: long jobs with ids, progress and cancel. */
    private final Transfers transfers;
    private final UnifiedInbox unified;
    private final OfflineQueue offline;
    private final Function<AccountConfig, MailSession> sessionFactory;
    private final Map<String, FolderWatch> watches = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile dev.postern.compose.Outgoing outgoing;

    /**
     * @param sessions makes a new, unconnected session for an account
     * @param renderer raw RFC 822 bytes to terminal-safe text; must not throw on any input
     */
    public DefaultMailController(Config config, MailStore store, Function<AccountConfig, MailSession> sessions,
            Function<byte[], RenderedMessage> renderer) {
        this.store = store;
        this.config = config;
        this.renderer = renderer;
        this.sessionFactory = sessions;
        for (AccountConfig a : config.accounts()) {
            workers.put(a.name(), new AccountWorker(a, () -> sessions.apply(a), this::publish));
        }
        this.renderPool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "render");
            t.setDaemon(true);
            return t;
        });
        this.storeReads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "store-read");
            t.setDaemon(true);
            return t;
        });
        this.headerSync = new HeaderSync(store, this::publish);
        this.actions = new MessageActions(store, this::publish, account -> {
            AccountWorker w = workers.get(account);
            return w == null ? null : w.account().imap().trash();
        });
        this.accountSync = new AccountSync(store, headerSync, this::publish);
        this.pop3Fetch = new Pop3Fetch(store, java.time.Clock.systemUTC());
        this.inboxFetch = new InboxFetch(store, headerSync);
        this.unified = new UnifiedInbox(store, config.unifiedInbox());
        this.offline = new OfflineQueue(store, actions, this::publish, java.time.Clock.systemUTC());
        this.transfers = new Transfers(store, new Jobs(jobs::incrementAndGet, this::publish), name -> worker(name).account(),
                sessions, this::capabilities, (account, folder) -> sync(account, folder, true), () -> outgoing);
        for (AccountWorker w : workers.values()) {
            String name = w.account().name();
            w.onConnect(s -> offline.replay(s, name));
        }
    }

    private void publish(Event e) {
        deliver(e);
        // Every change to a member INBOX is also a change to "All Inboxes".
        if (e instanceof Event.EnvelopesLoaded el && unified.isMember(el.account())
                && UnifiedInbox.INBOX.equalsIgnoreCase(el.folder())) {
            unified.invalidate();
            deliver(new Event.EnvelopesLoaded(UNIFIED, ALL_INBOXES, unified.count()));
        }
        if (e instanceof Event.FolderChanged fc && unified.isMember(fc.account())
                && UnifiedInbox.INBOX.equalsIgnoreCase(fc.folder())) {
            deliver(new Event.FolderChanged(UNIFIED, ALL_INBOXES, fc.arrived(), fc.removed()));
        }
    }

    private void deliver(Event e) {
        for (Consumer<Event> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                log.warn("event listener failed on {}", e, ex);
            }
        }
    }

    @Override
    public FolderKnowledge.State folderKnowledge(String account, String folder) {
        return FolderKnowledge.of(store, config, account, folder);
    }

    private AccountWorker worker(String account) {
        AccountWorker w = workers.get(account);
        if (w == null) {
            throw new PosternException(ExitCode.USAGE, "there is no account '" + account + "' in the config; known: "
                    + String.join(", ", workers.keySet()) + ".");
        }
        return w;
    }

    /** Fails the future for a session that lacks a capability: the UI hides such actions. */
    private static <C> C capability(MailSession s, Class<C> type, String account, String what) {
        if (type.isInstance(s)) return type.cast(s);
        throw new PosternException(ExitCode.USAGE, "account " + account + " cannot " + what + ".");
    }

    /** Publishes a Failure for background work that nobody else will report. */
    private <T> CompletableFuture<T> reported(String account, CompletableFuture<T> f) {
        return f.whenComplete((v, e) -> {
            if (e != null) publish(new Event.Failure(account, message(e)));
        });
    }

    static String message(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof PosternException ? t.getMessage() : String.valueOf(t);
    }

    @Override
    public List<String> accounts() {
        return List.copyOf(workers.keySet());
    }

    @Override
    public List<String> unifiedInbox() {
        return unified.accounts();
    }

    private boolean isUnified(String account) {
        return UNIFIED.equals(account) && !unified.accounts().isEmpty() && !workers.containsKey(UNIFIED);
    }

    private Folder unifiedFolder() {
        return new Folder(UNIFIED, ALL_INBOXES, '/', unified.count(), unified.unread(), null);
    }

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
    public List<Folder> folders(String account) {
        if (isUnified(account)) return List.of(unifiedFolder());
        worker(account);
        List<Folder> fs = new ArrayList<>(store.folders(account));
        fs.sort(Comparator.comparing((Folder f) -> !f.name().equalsIgnoreCase("INBOX")).thenComparing(Folder::name));
        return fs;
    }

    @Override
    public CompletableFuture<List<Folder>> refreshFolders(String account) {
        if (isUnified(account)) return CompletableFuture.completedFuture(folders(account));
        AccountWorker w = worker(account);
        return reported(account, w.submit(s -> {
            List<Folder> listed = capability(s, FolderLister.class, account, "list folders").listFolders();
            Set<String> names = new java.util.HashSet<>();
            for (Folder f : listed) {
                names.add(f.name());
                if (!s.capabilities().contains(Capability.SERVER_FLAGS) && store.folderState(account, f.name()).isPresent()) {
                    // POP3 keeps no flags on the server: the store alone knows what is unread.
                    store.putFolder(new Folder(account, f.name(), f.separator(), store.count(account, f.name()),
                            store.unread(account, f.name()), f.attributes()));
                } else {
                    // IMAP's STATUS counts are the freshest: they include mail the store has not synced yet.
                    store.putFolder(f);
                }
            }
            for (Folder old : store.folders(account)) {
                if (!names.contains(old.name())) store.removeFolder(account, old.name());
            }
            store.commit();
            publish(new Event.FoldersLoaded(account));
            return folders(account);
        }));
    }

    @Override
    public int count(String account, String folder) {
        if (isUnified(account)) return unified.count();
        return store.count(account, folder);
    }

    @Override
    public List<Envelope> page(String account, String folder, int offset, int limit) {
        if (isUnified(account)) return unified.page(offset, limit);
        return store.page(account, folder, offset, limit);
    }

    @Override
    public CompletableFuture<Integer> refreshFolder(String account, String folder) {
        if (isUnified(account)) return refreshUnified();
        AccountWorker w = worker(account);
        long job = jobs.incrementAndGet();
        return reported(account, w.submit(s -> {
            if (s.capabilities().contains(Capability.MAILDROP)) {
                Maildrop pop3 = capability(s, Maildrop.class, account, "download mail");
                // A POP3 maildrop is refreshed by downloading it, under the account's own policies.
                // Each committed batch is shown at once: the list fills while a long first fetch runs.
                int[] shown = {store.count(account, UnifiedInbox.INBOX)};
                int before = shown[0];
                pop3Fetch.run(pop3, w.account(), FetchOptions.DEFAULT, p -> {
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
                return store.count(account, folder);
            }
            try {
                return headerSync.sync(capability(s, HeaderSource.class, account, "list messages"), account, folder, job);
            } catch (RuntimeException e) {
                store.rollback();
                throw e;
            } finally {
                publish(new Event.Progress(job, account, "headers " + folder, 1, 1));
            }
        }));
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
        return w.submit(s -> {
            try {
                if (s.capabilities().contains(Capability.MAILDROP)) {
                    int before = store.count(account, UnifiedInbox.INBOX);
                    FetchSummary done = pop3Fetch.run(capability(s, Maildrop.class, account, "download mail"), w.account(),
                            options, p -> fetchProgress(job, p, progress));
                    // New mail, as the reader's refresh reports it (the first download into an empty store is not).
                    int arrived = store.count(account, UnifiedInbox.INBOX) - before;
                    if (before > 0 && arrived > 0) publish(new Event.FolderChanged(account, UnifiedInbox.INBOX, arrived, 0));
                    return done;
                }
                return inboxFetch.run(capability(s, HeaderSource.class, account, "list messages"),
                        capability(s, BodySource.class, account, "fetch messages"), w.account(), options, job,
                        p -> fetchProgress(job, p, progress));
            } finally {
                publish(new Event.EnvelopesLoaded(account, "INBOX", store.count(account, "INBOX")));
                publish(new Event.FoldersLoaded(account));
            }
        }).exceptionally(e -> FetchSummary.failed(account, protocol,
                e.getCause() instanceof PosternException p ? p : e instanceof PosternException p2 ? p2
                        : new PosternException(ExitCode.SOFTWARE, "account " + account + ": " + message(e), e)));
    }

    private void fetchProgress(long job, FetchProgress p, Consumer<FetchProgress> also) {
        publish(new Event.Progress(job, p.account(), "fetch", p.done(), p.total()));
        if (also != null) also.accept(p);
    }

    /**
     * The ref of a UID in the folder's current UIDVALIDITY, fetching just that envelope when it is not
     * cached yet (a script may read a UID it never listed).
     */
    @Override
    public CompletableFuture<MessageRef> locate(String account, String folder, long uid) {
        Optional<FolderState> st = store.folderState(account, folder);
        if (st.isPresent()) {
            MessageRef ref = new MessageRef(account, folder, st.get().uidValidity(), uid);
            if (store.envelope(ref).isPresent()) return CompletableFuture.completedFuture(ref);
        }
        return worker(account).submit(s -> {
            HeaderSource hs = capability(s, HeaderSource.class, account, "list messages");
            Envelope e = hs.envelope(folder, uid).orElseThrow(() -> new PosternException(ExitCode.NOINPUT,
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
            store.commit();
            return e.ref();
        });
    }

    @Override
    public Optional<Envelope> envelope(MessageRef ref) {
        return store.envelope(ref);
    }

    @Override
    public dev.postern.compose.Outgoing outgoing() { return outgoing; }

    /** Lets the UI send mail (set by the app's wiring). */
    public void setOutgoing(dev.postern.compose.Outgoing outgoing) { this.outgoing = outgoing; }

    /**
     * Returns at once, whatever the message: the cached body is read (disk, decompression) and rendered on
     * the render pool, a missing one fetched on the account thread first. Cancelling the future (the user
     * left the message, or opened another) interrupts a render in progress and skips one not started; a
     * download already sent to the server finishes and is cached, since the next open would want it.
     */
    @Override
    public CompletableFuture<RenderedMessage> read(MessageRef ref) {
        return read(ref, null);
    }

    /** Renders without attachment text (no Tika): what {@link #read(MessageRef, java.util.function.Consumer)} previews. */
    private volatile Function<byte[], RenderedMessage> previewRenderer;

    public void setPreviewRenderer(Function<byte[], RenderedMessage> previewRenderer) { this.previewRenderer = previewRenderer; }

    @Override
    public CompletableFuture<RenderedMessage> read(MessageRef ref, java.util.function.Consumer<RenderedMessage> preview) {
        AccountWorker w = worker(ref.account());
        CompletableFuture<RenderedMessage> out = new CompletableFuture<>();
        onPool(storeReads, out, () -> {
            Optional<byte[]> cached = store.body(ref);
            if (cached.isPresent()) {
                onPool(renderPool, out, () -> Optional.of(render(cached.get(), preview, out)));
                return Optional.empty(); // completed by the render
            }
            long wholeBelow = w.account().fetchWholeBelow();
            long size = store.envelope(ref).map(Envelope::size).orElse(0L);
            w.submit(s -> {
                BodySource bodies = capability(s, BodySource.class, ref.account(), "fetch messages");
                // POP3 cannot fetch a part: its "text only" is the whole message, so keep it like any other.
                if (size > wholeBelow && s.capabilities().contains(Capability.PARTIAL_FETCH)) {
                    // Large: read the text now, leave the attachments on the server until asked for; but a signed
                    // or encrypted message is needed whole (signatures are over exact bytes, ciphertext is no text).
                    byte[] text = bodies.textOnly(ref);
                    if (!dev.postern.render.MessageRenderer.needsWholeMessage(text)) return text;
                }
                byte[] raw = bodies.raw(ref);
                cacheBody(ref, raw);
                return raw;
            }).whenComplete((raw, err) -> {
                if (err != null) out.completeExceptionally(err);
                else onPool(renderPool, out, () -> Optional.of(render(raw, preview, out)));
            });
            return Optional.empty(); // completed by the fetch above
        });
        return out;
    }

    private RenderedMessage render(byte[] raw, java.util.function.Consumer<RenderedMessage> preview, CompletableFuture<?> out) {
        Function<byte[], RenderedMessage> quick = previewRenderer;
        if (preview != null && quick != null && !protectedMail(raw)) {
            RenderedMessage first = quick.apply(raw);
            // Only worth a second render when there is attachment text to wait for.
            if (!first.parts().isEmpty() && !out.isDone() && !Thread.currentThread().isInterrupted()) {
                try {
                    preview.accept(first);
                } catch (RuntimeException e) {
                    log.warn("showing a preview", e);
                }
            }
        }
        return render(raw);
    }

    /** Signed or encrypted (MIME or inline): shown only with its verdict, never previewed without one. */
    private static boolean protectedMail(byte[] raw) {
        if (dev.postern.render.MessageRenderer.needsWholeMessage(raw)) return true;
        byte[] armour = "-----BEGIN PGP".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + armour.length <= raw.length; i++) {
            for (int j = 0; j < armour.length; j++) if (raw[i + j] != armour[j]) continue outer;
            return true;
        }
        return false;
    }

    private RenderedMessage render(byte[] raw) {
        RenderedMessage m = renderer.apply(raw);
        if (Thread.currentThread().isInterrupted()) throw new java.util.concurrent.CancellationException("read cancelled");
        return m;
    }

    /**
     * Runs {@code work} on {@code pool} for {@code out}, unless {@code out} is already done; completes
     * {@code out} with its value when it gives one (empty: something else will complete it). Cancelling
     * {@code out} interrupts the work.
     */
    private <T> void onPool(ExecutorService pool, CompletableFuture<T> out, java.util.concurrent.Callable<Optional<T>> work) {
        if (out.isDone()) return;
        java.util.concurrent.Future<?> running;
        try {
            running = pool.submit(() -> {
                if (out.isDone()) return;
                try {
                    work.call().ifPresent(out::complete);
                } catch (Throwable e) {
                    out.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            out.completeExceptionally(new PosternException(ExitCode.SOFTWARE, "postern is closing."));
            return;
        }
        out.whenComplete((v, e) -> {
            if (out.isCancelled()) running.cancel(true);
        });
    }

    private void cacheBody(MessageRef ref, byte[] raw) {
        if (store.envelope(ref).isEmpty()) return;
        store.attachBody(ref, raw);
        store.commit();
        publish(new Event.BodyLoaded(ref));
    }

    /** Lists a raw message's attachments; the app's opens encrypted parts in memory (render.Attachments with its engine). */
    private volatile Function<byte[], List<dev.postern.render.Attachments.Attachment>> attachmentReader =
            dev.postern.render.Attachments::of;

    public void setAttachmentReader(Function<byte[], List<dev.postern.render.Attachments.Attachment>> reader) {
        this.attachmentReader = reader;
    }

    /**
     * A message's attachments with their content. From the cached body, or the whole message when it is
     * small enough to fetch whole (and then cached); for a larger one, listed from its text-only form
     * and only the attachment asked for ({@code index}, 1-based; 0 for all) downloaded, part by part,
     * so a thin link pays for exactly what the user chose.
     */
    @Override
    public CompletableFuture<List<dev.postern.render.Attachments.Attachment>> attachments(MessageRef ref, int index) {
        AccountWorker w = worker(ref.account());
        // Which way to go needs the store (the envelope's size, whether the body is cached): decided off the caller's thread.
        CompletableFuture<Boolean> whole = new CompletableFuture<>();
        onPool(storeReads, whole, () -> Optional.of(store.body(ref).isPresent()
                || store.envelope(ref).map(Envelope::size).orElse(0L) <= w.account().fetchWholeBelow()));
        return whole.thenCompose(fetchWhole -> fetchWhole
                ? raw(ref).thenApplyAsync(attachmentReader, storeReads)
                : attachmentsPartly(w, ref, index));
    }

    private CompletableFuture<List<dev.postern.render.Attachments.Attachment>> attachmentsPartly(AccountWorker w,
            MessageRef ref, int index) {
        return w.submit(s -> {
            BodySource bodies = capability(s, BodySource.class, ref.account(), "fetch messages");
            byte[] textOnly = bodies.textOnly(ref);
            if (dev.postern.render.MessageRenderer.needsWholeMessage(textOnly)) {
                // Signed or encrypted: the attachments inside are only found in the whole message, decrypted.
                byte[] raw = bodies.raw(ref);
                cacheBody(ref, raw);
                return attachmentReader.apply(raw);
            }
            List<dev.postern.render.Attachments.Attachment> listed = dev.postern.render.Attachments.of(textOnly);
            List<dev.postern.render.Attachments.Attachment> out = new ArrayList<>();
            for (dev.postern.render.Attachments.Attachment a : listed) {
                boolean wanted = index == 0 || a.part().index() == index;
                if (!wanted || a.content() != null) {
                    out.add(a);
                    continue;
                }
                Optional<byte[]> content = bodies.part(ref, a.part().path());
                if (content.isEmpty()) {
                    // This protocol cannot fetch one part: fall back to the whole message.
                    byte[] raw = bodies.raw(ref);
                    cacheBody(ref, raw);
                    return attachmentReader.apply(raw);
                }
                dev.postern.model.Part p = a.part();
                out.add(new dev.postern.render.Attachments.Attachment(new dev.postern.model.Part(p.index(), p.path(),
                        p.contentType(), p.filename(), content.get().length, true), a.rawName(), content.get()));
            }
            return out;
        });
    }

    /** Returns at once: the cached body is read on the render pool, a missing one fetched on the account thread. */
    @Override
    public CompletableFuture<byte[]> raw(MessageRef ref) {
        AccountWorker w = worker(ref.account());
        CompletableFuture<Optional<byte[]>> cached = new CompletableFuture<>();
        onPool(storeReads, cached, () -> Optional.of(store.body(ref)));
        return cached.thenCompose(body -> body.isPresent() ? CompletableFuture.completedFuture(body.get()) : w.submit(s -> {
            byte[] raw = capability(s, BodySource.class, ref.account(), "fetch messages").raw(ref);
            cacheBody(ref, raw);
            return raw;
        }));
    }

    @Override
    public CompletableFuture<Void> markSeen(MessageRef ref) {
        Optional<Envelope> e = store.envelope(ref);
        if (e.isPresent() && e.get().flags().has(Flag.SEEN)) return CompletableFuture.completedFuture(null);
        if (store.isDetached(ref)) {
            // Kept locally only: there is no server copy to mark.
            return worker(ref.account()).local(() -> {
                actions.setFlagsLocally(ref.account(), ref.folder(), ref.uidValidity(), List.of(ref.uid()), Flag.SEEN, true);
                return null;
            });
        }
        return reported(ref.account(), worker(ref.account()).submit(s -> {
            capability(s, FlagWriter.class, ref.account(), "change flags").setFlag(ref, Flag.SEEN, true);
            store.envelope(ref).ifPresent(env -> store.updateFlags(ref, env.flags().with(Flag.SEEN)));
            store.commit();
            publish(new Event.EnvelopesLoaded(ref.account(), ref.folder(), store.count(ref.account(), ref.folder())));
            return null;
        }));
    }

    /** Runs a store-changing action on the account thread; a failure rolls back what it wrote locally. */
    private <T> CompletableFuture<T> action(String account, Function<MailSession, T> task) {
        return worker(account).submit(s -> {
            try {
                return task.apply(s);
            } catch (RuntimeException e) {
                store.rollback();
                throw e;
            }
        });
    }

    /**
     * Like {@link #action}, but when an IMAP account's server cannot be reached the change is applied to the
     * store and queued for replay on the next connection (see {@link OfflineQueue}).
     */
    private <T> CompletableFuture<T> queueable(String account, Function<MailSession, T> task,
            java.util.function.Supplier<dev.postern.store.PendingAction> pending, Function<Integer, T> queued) {
        AccountWorker w = worker(account);
        java.util.function.Supplier<T> whenUnreachable = w.account().protocol() == dev.postern.model.Protocol.IMAP
                ? () -> queued.apply(offline.queue(pending.get())) : null;
        return w.submit(s -> {
            try {
                return task.apply(s);
            } catch (RuntimeException e) {
                store.rollback();
                throw e;
            }
        }, whenUnreachable);
    }

    private CompletableFuture<Integer> queueable(String account, Function<MailSession, Integer> task,
            dev.postern.store.PendingAction.Kind kind, String folder, java.util.Collection<Long> uids, String flag, String target) {
        return queueable(account, task, () -> offline.action(account, kind, folder, uids, flag, target), n -> n);
    }

    private CompletableFuture<Void> queueableFolder(String account, java.util.function.Consumer<MailSession> task,
            dev.postern.store.PendingAction.Kind kind, String folder, String target) {
        return queueable(account, s -> { task.accept(s); return null; },
                () -> offline.action(account, kind, folder, List.of(), null, target), n -> null);
    }

    /** Actions queued while the account's server was unreachable, oldest first. */
    @Override
    public List<dev.postern.store.PendingAction> pending(String account) {
        if (isUnified(account)) {
            List<dev.postern.store.PendingAction> all = new ArrayList<>();
            for (String a : unified.accounts()) all.addAll(store.pending(a));
            return all;
        }
        worker(account);
        return store.pending(account);
    }

    /** What replays of the offline queue did in this process (replayed counts, dropped conflicts). */
    @Override
    public List<String> queueNotes() {
        return offline.notes();
    }

    @Override
    public CompletableFuture<Integer> setFlags(String account, String folder, java.util.Collection<Long> uids, Flag flag, boolean on) {
        return splitLocalOnly(account, folder, uids, (v, local) -> actions.setFlagsLocally(account, folder, v, local, flag, on),
                server -> queueable(account, s -> actions.setFlags(s, account, folder, server, flag, on),
                        on ? dev.postern.store.PendingAction.Kind.FLAG : dev.postern.store.PendingAction.Kind.UNFLAG,
                        folder, server, flag.label(), null));
    }

    /** POP3 has no flags on the server: the store alone remembers the answer (the index's A). */
    @Override
    public CompletableFuture<Void> answered(MessageRef original) {
        AccountWorker w = worker(original.account());
        if (w.account().protocol() == dev.postern.model.Protocol.POP3) {
            return w.local(() -> {
                try {
                    actions.setFlagsLocally(original.account(), original.folder(), original.uidValidity(),
                            List.of(original.uid()), Flag.ANSWERED, true);
                    return null;
                } catch (RuntimeException e) {
                    store.rollback();
                    throw e;
                }
            });
        }
        return MailController.super.answered(original);
    }

    @Override
    public CompletableFuture<Boolean> forwarded(MessageRef original) {
        AccountWorker w = worker(original.account());
        if (w.account().protocol() != dev.postern.model.Protocol.IMAP || store.isDetached(original)) {
            return CompletableFuture.completedFuture(false);
        }
        return w.submit(s -> capability(s, FlagWriter.class, original.account(), "change flags")
                .addKeyword(original.folder(), original.uidValidity(), original.uid(), "$Forwarded"));
    }

    @Override
    public boolean localOnly(MessageRef ref) {
        return store.isDetached(ref);
    }

    @Override
    public java.util.Set<Capability> capabilities(String account) {
        AccountWorker w = workers.get(account);
        if (w == null) return java.util.EnumSet.allOf(Capability.class); // unknown: the methods say so themselves
        return Capability.of(w.account().protocol(), w.account().imap().idle());
    }

    @Override
    public Envelope envelope(MessageRef ref, byte[] raw) {
        return envelope(ref).orElseGet(() -> dev.postern.backend.pop3.Pop3Mapper.envelope(ref, raw, raw.length, java.time.Instant.now()));
    }

    /** How an import appends to an account's server (a connection of its own per run); set by the wiring. */
    public void setAppends(Function<AccountConfig, dev.postern.backend.imap.ImapAppend> appends) { transfers.setAppends(appends); }

    @Override
    public Job<List<dev.postern.backup.Exporter.FolderReport>> export(String account, List<String> folders,
            dev.postern.backup.Exporter.Format format, java.nio.file.Path out, boolean sinceLast, boolean fromServer) {
        return transfers.export(account, folders, format, out, sinceLast, fromServer);
    }

    @Override
    public Job<dev.postern.backup.Importer.Report> importArchive(String account, java.nio.file.Path archive, String folder) {
        return transfers.importArchive(account, archive, folder);
    }

    @Override
    public Job<dev.postern.compose.Postman.FlushReport> flushOutbox(String account) { return transfers.flushOutbox(account); }

    @Override
    public List<Job.Info> jobs() { return transfers.jobs(); }

    @Override
    public boolean cancel(long id) { return transfers.cancel(id); }

    @Override
    public boolean noteLeftOut(String account, List<SyncFolders.LeftOut> leftOut) { return SyncNotes.note(config.dataDir(), account, leftOut); }

    @Override
    public Job<RetentionReport> retention(List<String> accounts, RetentionReport.Mode mode) { return transfers.retention(config, accounts, mode); }

    @Override
    public boolean signsInWithOAuth(String account) {
        if (isUnified(account) || !workers.containsKey(account)) return false;
        dev.postern.auth.OAuth2Config o = worker(account).account().oauth2();
        return o != null && !o.external();
    }

    @Override
    public CompletableFuture<String> signIn(String account, java.io.PrintWriter out, int columns) {
        CompletableFuture<String> done = new CompletableFuture<>();
        if (!signsInWithOAuth(account)) {
            done.completeExceptionally(new PosternException(ExitCode.USAGE, "account " + account
                    + " does not sign in with OAuth2 tokens that postern keeps; there is nothing to sign in."));
            return done;
        }
        AccountConfig a = worker(account).account();
        Thread t = new Thread(() -> {
            try {
                dev.postern.auth.TokenSet tokens = dev.postern.config.PasswordResolver.tokens(System.getenv())
                        .login(account, a.oauth2(), false, 0, out, System.getenv(), columns);
                long minutes = Math.max(0, java.time.Duration.between(java.time.Instant.now(), tokens.expiresAt()).toMinutes());
                done.complete("signed in " + account + "; the access token is good for " + minutes + " minutes"
                        + (tokens.refreshToken() != null ? " and is renewed without asking." : "."));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, "oauth-sign-in");
        t.setDaemon(true);
        // Cancelling interrupts the flow's wait between polls; it stops with "sign-in was interrupted".
        done.whenComplete((r, e) -> {
            if (done.isCancelled()) t.interrupt();
        });
        t.start();
        return done;
    }

    @Override
    public java.util.SortedSet<Long> localOnly(String account, String folder) {
        if (isUnified(account)) return new java.util.TreeSet<>();
        return store.detached(account, folder, actions.validity(account, folder));
    }

    /** A failed future when some of the UIDs are kept locally only (no server copy to move or copy), else null. */
    private CompletableFuture<Integer> refuseLocalOnly(String account, String folder, java.util.Collection<Long> uids, String what) {
        if (isUnified(account)) return null;
        java.util.SortedSet<Long> kept = store.detached(account, folder, actions.validity(account, folder));
        List<Long> local = uids.stream().filter(kept::contains).sorted().toList();
        if (local.isEmpty()) return null;
        return CompletableFuture.failedFuture(new PosternException(ExitCode.USAGE, "account " + account + ": message(s) "
                + local.stream().limit(5).map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                + (local.size() > 5 ? ", ..." : "") + " in '" + dev.postern.render.Sanitizer.oneLine(folder)
                + "' are kept locally only (retention deleted their server copy), so they cannot be " + what
                + " on the server; nothing was changed."));
    }

    /**
     * Messages kept locally only (retention deleted their server copy) have nothing on the server to change:
     * their part of an action goes to the store alone, on the account thread and without a connection; the
     * rest goes to the server as usual. Completes with the sum of both counts.
     */
    private CompletableFuture<Integer> splitLocalOnly(String account, String folder, java.util.Collection<Long> uids,
            java.util.function.BiFunction<Long, List<Long>, Integer> local,
            Function<java.util.Collection<Long>, CompletableFuture<Integer>> server) {
        if (isUnified(account)) return server.apply(uids);
        long v = actions.validity(account, folder);
        java.util.SortedSet<Long> kept = store.detached(account, folder, v);
        if (kept.isEmpty()) return server.apply(uids);
        List<Long> localUids = uids.stream().filter(kept::contains).toList();
        List<Long> serverUids = uids.stream().filter(u -> !kept.contains(u)).toList();
        CompletableFuture<Integer> l = worker(account).local(() -> {
            try {
                return local.apply(v, localUids);
            } catch (RuntimeException e) {
                store.rollback();
                throw e;
            }
        });
        if (serverUids.isEmpty()) return l;
        return l.thenCombine(server.apply(serverUids), Integer::sum);
    }

    @Override
    public CompletableFuture<Integer> move(String account, String folder, java.util.Collection<Long> uids, String target) {
        CompletableFuture<Integer> refused = refuseLocalOnly(account, folder, uids, "moved");
        if (refused != null) return refused;
        return queueable(account, s -> actions.transfer(s, account, folder, uids, target, true),
                dev.postern.store.PendingAction.Kind.MOVE, folder, uids, null, target);
    }

    @Override
    public CompletableFuture<Integer> copy(String account, String folder, java.util.Collection<Long> uids, String target) {
        CompletableFuture<Integer> refused = refuseLocalOnly(account, folder, uids, "copied");
        if (refused != null) return refused;
        return queueable(account, s -> actions.transfer(s, account, folder, uids, target, false),
                dev.postern.store.PendingAction.Kind.COPY, folder, uids, null, target);
    }

    @Override
    public CompletableFuture<Integer> delete(String account, String folder, java.util.Collection<Long> uids, boolean expunge) {
        return splitLocalOnly(account, folder, uids, (v, local) -> actions.deleteLocally(account, folder, v, local),
                server -> queueable(account, s -> actions.delete(s, account, folder, server, expunge),
                        expunge ? dev.postern.store.PendingAction.Kind.EXPUNGE : dev.postern.store.PendingAction.Kind.DELETE,
                        folder, server, null, null));
    }

    @Override
    public CompletableFuture<List<SyncReport>> sync(String account, String folder, boolean headersOnly) {
        return syncAccount(account, folder, headersOnly).thenApply(SyncOutcome::reports);
    }

    /** As {@link #sync}, also naming the folders left out (not subscribed, or not chosen by sync_folders) and why. */
    @Override
    public CompletableFuture<SyncOutcome> syncAccount(String account, String folder, boolean headersOnly) {
        AccountWorker w = worker(account);
        long job = jobs.incrementAndGet();
        return action(account, s -> accountSync.sync(s, w.account(), folder, headersOnly, job));
    }

    @Override
    public CompletableFuture<List<Envelope>> search(String account, String folder, dev.postern.model.Query query, boolean local) {
        AccountWorker w = worker(account);
        if (local) return CompletableFuture.supplyAsync(() -> LocalSearch.run(store, account, folder, query), renderPool);
        long job = jobs.incrementAndGet();
        return action(account, s -> {
            headerSync.sync(capability(s, dev.postern.backend.HeaderSource.class, account, "list messages"), account, folder, job);
            java.util.SortedSet<Long> uids = capability(s, dev.postern.backend.Searcher.class, account, "search on the server")
                    .search(folder, query);
            return LocalSearch.envelopes(store, account, folder, uids);
        });
    }

    @Override
    public CompletableFuture<Void> createFolder(String account, String name) {
        return queueableFolder(account, s -> actions.createFolder(s, account, name),
                dev.postern.store.PendingAction.Kind.CREATE_FOLDER, name, null);
    }

    @Override
    public CompletableFuture<Void> renameFolder(String account, String from, String to) {
        return queueableFolder(account, s -> actions.renameFolder(s, account, from, to),
                dev.postern.store.PendingAction.Kind.RENAME_FOLDER, from, to);
    }

    /** How many messages {@code folder} holds on the server (one STATUS): the question before deleting it says. */
    @Override
    public CompletableFuture<Integer> folderMessages(String account, String folder) {
        return worker(account).submit(s -> capability(s, dev.postern.backend.FolderManager.class, account, "manage folders")
                .messageCount(folder));
    }

    @Override
    public CompletableFuture<Void> deleteFolder(String account, String name) {
        return queueableFolder(account, s -> actions.deleteFolder(s, account, name),
                dev.postern.store.PendingAction.Kind.DELETE_FOLDER, name, null);
    }

    @Override
    public CompletableFuture<Void> subscribe(String account, String name, boolean subscribed) {
        return queueableFolder(account, s -> actions.subscribe(s, account, name, subscribed),
                subscribed ? dev.postern.store.PendingAction.Kind.SUBSCRIBE : dev.postern.store.PendingAction.Kind.UNSUBSCRIBE,
                name, null);
    }

    @Override
    public ConnectionState connectionState(String account) {
        if (isUnified(account)) {
            // The worst of the members: one account offline is worth showing.
            ConnectionState worst = ConnectionState.ONLINE;
            for (String a : unified.accounts()) {
                ConnectionState s = worker(a).state();
                if (s == ConnectionState.OFFLINE) return s;
                if (s == ConnectionState.CONNECTING || worst == ConnectionState.ONLINE) worst = s;
            }
            return worst;
        }
        return worker(account).state();
    }

    /**
     * Push: watches the account's {@code folder} (the one the reader shows) on a connection of its own and
     * refreshes it when another client changes it; replaces the account's earlier watch. IMAP only.
     */
    @Override
    public void watch(String account, String folder) {
        if (isUnified(account)) {
            for (String a : unified.accounts()) watch(a, "INBOX");
            return;
        }
        AccountWorker w = worker(account);
        if (w.account().protocol() != dev.postern.model.Protocol.IMAP) return;
        FolderWatch old = watches.get(account);
        if (old != null && old.folder().equals(folder)) return;
        FolderWatch now = new FolderWatch(w.account(), folder, () -> sessionFactory.apply(w.account()),
                (a, f) -> refreshFolder(a, f).exceptionally(e -> 0).join());
        old = watches.put(account, now);
        if (old != null) old.close();
        now.start();
    }

    @Override
    public AutoCloseable subscribe(Consumer<Event> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        transfers.close(); // cancelled jobs tidy up (an export's partial mbox goes) before the store closes
        for (FolderWatch fw : watches.values()) fw.close();
        for (AccountWorker w : workers.values()) w.close();
        renderPool.shutdownNow();
        storeReads.shutdownNow();
    }
}

package dev.postern.controller;

import static dev.postern.controller.MailController.ALL_INBOXES;
import static dev.postern.controller.MailController.UNIFIED;

import dev.postern.backend.MailSession;
import dev.postern.config.AccountConfig;
import dev.postern.config.Config;
import dev.postern.model.Capability;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.store.MailStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * What the controller's parts share (split out of {@link DefaultMailController}, issue 14): the store, the
 * config, one {@link AccountWorker} per account, the events and their listeners, the unified inbox, the
 * offline queue, the render and store-read pools and the job counter; and the few helpers every part uses
 * (an account's worker by name, a session's capability, running a store-changing task on the account's
 * thread, queueing it while the server is unreachable). Each capability is implemented by its own part
 * ({@link StoreViews}, {@link MessageReading}, {@link MailFetching}, {@link FolderAdministration},
 * {@link MessageChanging}, {@link Connections}, {@link Transfers}) over one of these.
 */
final class ControllerContext {
    private static final Logger log = LoggerFactory.getLogger(DefaultMailController.class);

    final MailStore store;
    /** Replaced by {@link DefaultMailController#reconfigure} when an owner reads its edited config again (same accounts). */
    volatile Config config;
    /** Every session of an account is made through this, after {@link MailboxOrigins#check}. */
    final Function<AccountConfig, MailSession> sessions;
    /** Which mailbox each account's stored data came from. */
    final MailboxOrigins origins;
    final Map<String, AccountWorker> workers = new LinkedHashMap<>();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    final ExecutorService renderPool;
    /** Cached bodies read for callers that must not wait on the disk (the reader's thread); never behind a slow render. */
    final ExecutorService storeReads;
    final AtomicLong jobs = new AtomicLong();
    final UnifiedInbox unified;
    final HeaderSync headerSync;
    final MessageActions actions;
    final OfflineQueue offline;
    /** The bytes of the messages readers show, kept while shown (see {@link HeldBodies}). */
    final HeldBodies held = new HeldBodies();
    /** Writing and sending mail (set by the app's wiring); null when this controller cannot send. */
    volatile dev.postern.compose.Outgoing outgoing;

    /** The servers' [ALERT] texts this process was told, each once per account ({@link #alert}). */
    private final java.util.Set<String> alerted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final List<String> alerts = new CopyOnWriteArrayList<>();

    ControllerContext(Config config, MailStore store, Function<AccountConfig, MailSession> sessions) {
        this.store = store;
        this.config = config;
        this.origins = new MailboxOrigins(store);
        this.sessions = a -> {
            origins.check(a); // never one mailbox's ledger, UIDs or queued changes for another's (hunt38-M M1, M2)
            MailSession s = sessions.apply(a);
            s.onAlert(text -> alert(a.name(), text));
            return s;
        };
        for (AccountConfig a : config.accounts()) {
            workers.put(a.name(), new AccountWorker(a, () -> this.sessions.apply(a), this::publish));
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
        this.headerSync = new HeaderSync(store, this::publish, name -> config.accounts().stream()
                .filter(a -> a.name().equals(name)).findFirst().map(a -> "the server at " + a.host() + ":" + a.port())
                .orElse("the server"));
        this.actions = new MessageActions(store, this::publish, account -> {
            AccountWorker w = workers.get(account);
            return w == null ? null : w.account().imap().trash();
        });
        this.unified = new UnifiedInbox(store, config.unifiedInbox());
        this.offline = new OfflineQueue(store, actions, this::publish, java.time.Clock.systemUTC());
        for (AccountWorker w : workers.values()) {
            String name = w.account().name();
            w.onConnect(s -> {
                origins.connected(w.account()); // the first login records which mailbox the account's data comes from
                offline.replay(s, name);
            });
        }
    }

    /**
     * A server's [ALERT] (RFC 3501: it must reach the user): once per account and text in this process, as a note a
     * batch command prints on stderr at its end and as the reader's status line, sanitised and cut.
     */
    private void alert(String account, String text) {
        String said = dev.postern.render.Sanitizer.diagnostic(text).strip();
        if (said.isEmpty() || !alerted.add(account + "\0" + said)) return;
        String note = "account " + account + ": the server says: " + said;
        log.warn(note);
        alerts.add(note);
        publish(new Event.Failure(account, note));
    }

    void publish(Event e) {
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

    AutoCloseable subscribe(Consumer<Event> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    AccountWorker worker(String account) {
        AccountWorker w = workers.get(account);
        if (w == null) {
            throw new PosternException(ExitCode.USAGE, "there is no account '" + account + "' in the config; known: "
                    + String.join(", ", workers.keySet()) + ".");
        }
        return w;
    }

    /** Fails the future for a session that lacks a capability: the UI hides such actions. */
    static <C> C capability(MailSession s, Class<C> type, String account, String what) {
        if (type.isInstance(s)) return type.cast(s);
        throw new PosternException(ExitCode.USAGE, "account " + account + " cannot " + what + ".");
    }

    /** What the account's backend can do, from its configuration; everything for an unknown name (its methods say so). */
    Set<Capability> capabilities(String account) {
        AccountWorker w = workers.get(account);
        if (w == null) return java.util.EnumSet.allOf(Capability.class); // unknown: the methods say so themselves
        return w.account().capabilities();
    }

    /**
     * Publishes a Failure for background work that nobody else will report (a push's refresh): it reaches every
     * face, as the account's news. Work a face asked for is not passed through here: its failure is that face's to
     * say, from the future it holds; published, a served reader's "no folder" was shown on the owner's reader too
     * (hunt 32-W W2). Work on the account's thread stays stoppable by its command ({@link AccountTask}), and work cut
     * off for that is no failure to report.
     */
    <T> CompletableFuture<T> reported(String account, CompletableFuture<T> f) {
        AccountTask.Run run = f instanceof AccountTask<T> t ? t.run() : null;
        CompletableFuture<T> r = f.whenComplete((v, e) -> {
            if (e == null || (run != null && run.cutAsked)) return;
            // A sign-in failure read before a sign-in completed is stale news (see SignInNeeded).
            if (!dev.postern.model.SignInNeeded.supersededIn(e)) publish(new Event.Failure(account, message(e), e));
        });
        return f instanceof AccountTask<T> t ? t.carrying(r) : r;
    }

    static String message(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof PosternException ? t.getMessage() : String.valueOf(t);
    }

    boolean isUnified(String account) {
        return UNIFIED.equals(account) && !unified.accounts().isEmpty() && !workers.containsKey(UNIFIED);
    }

    /**
     * Runs a store-changing task that only reads from the server (a sync, a search there) on the account thread; a
     * failure rolls back what it wrote locally. Its command's cancel, or quitting, cuts it off ({@link AccountTask}).
     */
    <T> AccountTask<T> action(String account, Function<MailSession, T> task) {
        return worker(account).submit(s -> {
            try {
                return task.apply(s);
            } catch (RuntimeException e) {
                store.rollback();
                throw e;
            }
        }, null);
    }

    /**
     * Like {@link #action}, but when the server of an account whose server keeps flags and folders (IMAP, not a
     * maildrop) cannot be reached, the change is applied to the store and queued for replay on the next
     * connection (see {@link OfflineQueue}).
     */
    <T> CompletableFuture<T> queueable(String account, Function<MailSession, T> task,
            java.util.function.Supplier<dev.postern.store.PendingAction> pending, Function<Integer, T> queued) {
        AccountWorker w = worker(account);
        java.util.function.Supplier<T> whenUnreachable = capabilities(account).contains(Capability.SERVER_FLAGS)
                ? () -> queued.apply(offline.queue(pending.get())) : null;
        return w.submitChange(s -> {
            try {
                return task.apply(s);
            } catch (RuntimeException e) {
                store.rollback();
                throw e;
            }
        }, whenUnreachable);
    }

    /** {@code attempt}: the change {@code task} makes across its tries (a move, copy or delete), else null. */
    CompletableFuture<Integer> queueable(String account, Function<MailSession, Integer> task,
            dev.postern.store.PendingAction.Kind kind, String folder, java.util.Collection<Long> uids, String flag, String target,
            dev.postern.backend.ChangeTry attempt) {
        return queueable(account, task, () -> offline.action(account, kind, folder, uids, flag, target, attempt), n -> n);
    }

    CompletableFuture<Void> queueableFolder(String account, java.util.function.Consumer<MailSession> task,
            dev.postern.store.PendingAction.Kind kind, String folder, String target, dev.postern.backend.ChangeTry attempt) {
        return queueable(account, s -> { task.accept(s); return null; },
                () -> offline.action(account, kind, folder, List.of(), null, target, attempt), n -> null);
    }

    /**
     * Whether closing is for a person waiting at the shell (the reader quit, {@link dev.postern.model.Quitting}): the
     * sessions are then cut without a LOGOUT, which 200 accounts made them wait a second for (hunt 39-S, S3).
     */
    java.util.function.BooleanSupplier hurried = dev.postern.model.Quitting::hurried;

    /** Stops the account threads and the pools (the parts holding their own threads close theirs first). */
    void close() {
        // All told to close first, then waited for against one deadline: ten accounts on dead servers used to
        // hold up quitting for ten seconds, one after the other.
        boolean hurry = hurried.getAsBoolean();
        for (AccountWorker w : workers.values()) w.beginClose(hurry);
        long now = System.nanoTime();
        long quick = hurry ? now : now + AccountWorker.LOGOUT_WAIT.toNanos();
        long grace = now + AccountWorker.CUT_AFTER.toNanos();
        long deadline = now + AccountWorker.CLOSE_WAIT.toNanos();
        for (AccountWorker w : workers.values()) w.awaitClosed(quick, grace, deadline);
        renderPool.shutdownNow();
        storeReads.shutdownNow();
    }
}

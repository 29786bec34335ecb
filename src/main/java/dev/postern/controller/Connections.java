package dev.postern.controller;

import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@link SigningIn} and an account's link to its server as the reader sees it: its connection state (the
 * worst of the members for the unified inbox), signing an OAuth2 account in again, and push (a
 * {@link FolderWatch} on the folder shown, on a connection of its own).
 */
final class Connections implements SigningIn, AutoCloseable {
    private final ControllerContext ctx;
    private final MailFetching fetching;
    private final UnifiedInbox unified;
    private final java.util.function.Function<AccountConfig, dev.postern.backend.MailSession> sessionFactory;
    private final Map<String, FolderWatch> watches = new java.util.concurrent.ConcurrentHashMap<>();
    /** An account's INBOX watch while another folder is the one {@link #watches} follows and some face wants INBOX too. */
    private final Map<String, FolderWatch> inboxes = new java.util.concurrent.ConcurrentHashMap<>();
    /** What the faces asked to watch, per account, in the order asked; an account no face wants is not watched. */
    private final Map<String, java.util.List<Want>> wanted = new java.util.HashMap<>();
    /** The POP3 accounts' checks, one per account, from the first time its INBOX is asked while the account is wanted. */
    private final Map<String, MaildropPoll> polls = new java.util.concurrent.ConcurrentHashMap<>();

    Connections(ControllerContext ctx, MailFetching fetching) {
        this.ctx = ctx;
        this.fetching = fetching;
        this.unified = ctx.unified;
        this.sessionFactory = ctx.sessions;
    }

    private AccountWorker worker(String account) { return ctx.worker(account); }

    private boolean isUnified(String account) { return ctx.isUnified(account); }

    private CompletableFuture<Integer> refreshFolder(String account, String folder) { return fetching.refreshFolder(account, folder); }

    @Override
    public boolean signsInWithOAuth(String account) {
        if (isUnified(account) || !ctx.workers.containsKey(account)) return false;
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
                dev.postern.auth.TokenSet tokens = dev.postern.config.PasswordResolver.tokens(dev.postern.model.HomeEnv.process())
                        .login(account, a.oauth2(), false, 0, out, dev.postern.model.HomeEnv.process(), columns);
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

    /** Why {@code account} is offline, in the failure's own sentence; null when it is not, or for the unified inbox. */
    String offlineReason(String account) {
        if (isUnified(account) || !ctx.workers.containsKey(account)) return null;
        return worker(account).offlineReason();
    }

    ConnectionState connectionState(String account) {
        if (isUnified(account)) {
            // The worst of the members: one account offline is worth showing.
            ConnectionState worst = ConnectionState.ONLINE;
            for (String a : unified.accounts()) {
                ConnectionState s = worker(a).state();
                if (s == ConnectionState.OFFLINE || s == ConnectionState.REFUSED) return s;
                if (s == ConnectionState.CONNECTING || worst == ConnectionState.ONLINE) worst = s;
            }
            return worst;
        }
        return worker(account).state();
    }

    /**
     * Push: watches the account's {@code folder} (the one a reader shows) on a connection of its own and refreshes it
     * when another client changes it, while some face wants it: each ask is a {@link Reading.Watching} its face closes
     * when it ends. The account is watched on the folder asked last of those still wanted; when none is, its watch
     * stops and its connection is closed (hunt35-C C2: a served reader's watch went on in the daemon after the reader
     * quit, a login and a refresh every few seconds for nobody, until the daemon stopped). INBOX, while some face
     * wants it, is watched besides (a second watch) when another folder is the one asked last. A POP3 INBOX is checked
     * every poll_seconds instead ({@link MaildropPoll}), from its INBOX's first ask while the account is wanted.
     */
    Reading.Watching watch(String account, String folder) {
        if (isUnified(account)) {
            java.util.List<Reading.Watching> each = new java.util.ArrayList<>();
            for (String a : unified.accounts()) each.add(watch(a, "INBOX"));
            return () -> each.forEach(Reading.Watching::close);
        }
        Want want = new Want(account, folder);
        synchronized (this) {
            wanted.computeIfAbsent(account, a -> new java.util.ArrayList<>()).add(want);
            follow(account);
        }
        return want;
    }

    /** One face's ask. */
    private final class Want implements Reading.Watching {
        final String account;
        final String folder;

        Want(String account, String folder) {
            this.account = account;
            this.folder = folder;
        }

        @Override
        public void close() {
            synchronized (Connections.this) {
                java.util.List<Want> all = wanted.get(account);
                if (all == null || !all.remove(this)) return;
                if (all.isEmpty()) wanted.remove(account);
                follow(account);
            }
        }
    }

    /** Makes the account's watch what its wants say: the folder asked last, or none. */
    private void follow(String account) {
        java.util.List<Want> all = wanted.get(account);
        if (all == null) {
            FolderWatch fw = watches.remove(account);
            if (fw != null) fw.close();
            stopInbox(account);
            MaildropPoll p = polls.remove(account);
            if (p != null) p.close();
            return;
        }
        String folder = all.get(all.size() - 1).folder;
        AccountWorker w = worker(account);
        // Only a server that keeps the mail's state has changes by other clients to follow; never a maildrop,
        // whose refresh is a download.
        if (!ctx.capabilities(account).contains(dev.postern.model.Capability.SERVER_FLAGS)) {
            // A maildrop has no changes by others to follow, only new mail: its INBOX is checked on a timer.
            if (ctx.capabilities(account).contains(dev.postern.model.Capability.MAILDROP) && "INBOX".equals(folder)) {
                polls.computeIfAbsent(account, a -> new MaildropPoll(a, w.account().imap().pollSeconds(),
                        () -> fetching.pollMaildrop(a), w.gate(), Thread::sleep, w.state() == ConnectionState.OFFLINE).start());
            }
            return;
        }
        // INBOX stays watched while a face wants it (the shell's and the reader's new mail), whichever folder is
        // shown last: mail there is news wherever the reader is (hunt43-R R7). Its one watch moves between the two
        // maps, never logged out and in again for it.
        boolean inboxToo = !"INBOX".equals(folder) && all.stream().anyMatch(x -> "INBOX".equals(x.folder));
        FolderWatch shown = watches.get(account);
        boolean showsInbox = shown != null && "INBOX".equals(shown.folder());
        if (inboxToo && showsInbox && !inboxes.containsKey(account)) inboxes.put(account, watches.remove(account));
        if ("INBOX".equals(folder) && !showsInbox && inboxes.containsKey(account)) {
            FolderWatch old = watches.put(account, inboxes.remove(account));
            if (old != null) old.close();
        }
        watchOn(watches, w, folder);
        if (inboxToo) watchOn(inboxes, w, "INBOX");
        else stopInbox(account);
    }

    private void stopInbox(String account) {
        FolderWatch fw = inboxes.remove(account);
        if (fw != null) fw.close();
    }

    /** Makes {@code into}'s watch of the worker's account the one on {@code folder}, its old one (another folder) closed. */
    private void watchOn(Map<String, FolderWatch> into, AccountWorker w, String folder) {
        String account = w.account().name();
        FolderWatch old = into.get(account);
        if (old != null && old.folder().equals(folder)) return;
        // Push logs in by itself: it waits at the account's gate while the server refuses the credentials, and so do
        // its refreshes (the account's own session may have been refused meanwhile).
        FolderWatch now = new FolderWatch(w.account(), folder, () -> sessionFactory.apply(w.account()),
                (a, f) -> {
                    // Nobody asked for this refresh: its failure is the account's news, for every face.
                    if (w.gate().refused() == null) ctx.reported(a, refreshFolder(a, f)).exceptionally(e -> 0).join();
                }, w.gate(), w::refused).comparing(st -> HeaderSync.behind(ctx.store, account, folder, st));
        old = into.put(account, now);
        if (old != null) old.close();
        now.start();
    }

    /** Whether {@code account} is watched now (a test's). */
    synchronized boolean watching(String account) {
        return watches.containsKey(account) || polls.containsKey(account);
    }

    /** Stops every watch (each closes its own connection). */
    @Override
    public synchronized void close() {
        for (FolderWatch fw : watches.values()) fw.close();
        for (FolderWatch fw : inboxes.values()) fw.close();
        for (MaildropPoll p : polls.values()) p.close();
    }
}

package dev.postern.app;

import dev.postern.backend.MailSession;
import dev.postern.backend.imap.ImapSession;
import dev.postern.backend.pop3.Pop3Session;
import dev.postern.config.AccountConfig;
import dev.postern.config.Config;
import dev.postern.config.ConfigLoader;
import dev.postern.config.PasswordResolver;
import dev.postern.controller.DefaultMailController;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.render.MessageRenderer;
import dev.postern.render.RenderOptions;
import dev.postern.render.tika.CachingExtractor;
import dev.postern.render.tika.ForkedExtractor;
import dev.postern.store.TextCache;
import dev.postern.store.MapDbStore;
import dev.postern.store.MailStore;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Wiring by hand: config, store, backends, renderer and controller, built once per process on first use
 * and closed in reverse order (the store last, so every committed write is on disk).
 */
public final class AppContext implements dev.postern.cli.Wiring {
    private final Map<String, String> env;
    private final Path configOverride;
    private Config config;
    private MapDbStore store;
    private dev.postern.index.MailIndex mailIndex;
    private DefaultMailController controller;
    private ForkedExtractor tika;
    private TextCache textCache;
    private dev.postern.compose.Postman postman;
    private dev.postern.config.IdentityConfig identities;
    private dev.postern.controller.NewMailHook newMailHook;
    private volatile boolean closed;
    /** Who asks for passwords of accounts without a source; null when stdin is not a terminal. */
    private volatile dev.postern.config.PasswordPrompt passwordPrompt;
    private PasswordResolver passwords;

    public AppContext(Map<String, String> env, Path configOverride) {
        this.env = env;
        this.configOverride = configOverride;
    }

    public Map<String, String> env() { return env; }

    /** Locks of their own, not the context's, so a start-up thread opening the store holds up nothing else. */
    private final Object configLock = new Object();
    private final Object storeLock = new Object();

    public Config config() {
        synchronized (configLock) {
            if (config == null) {
                ConfigLoader loader = new ConfigLoader(env);
                Path file = configOverride != null ? configOverride : loader.defaultConfigPath();
                Object stamp = ConfigReread.stamp(file); // before the read: an edit while it is read shows at the next check
                config = loader.load(file);
                configStamp = stamp;
            }
            return config;
        }
    }

    /** The config file's time, size and identity when {@link #config} was read ({@link ConfigReread#stamp}). */
    private Object configStamp;

    @Override
    public String rereadConfig() {
        Config edited;
        synchronized (configLock) {
            if (config == null) return null; // not read yet: the command reads it
            Object stamp = ConfigReread.stamp(config.source());
            if (stamp != null && stamp.equals(configStamp)) return null;
            edited = new ConfigLoader(env).load(config.source()); // a mistake in it is the command's 78, as in process
            String kept = ConfigReread.unappliable(config, edited, env);
            if (kept != null) return kept; // nothing applied; checked again next time (the edit may be put back)
            config = edited;
            configStamp = stamp;
        }
        synchronized (this) {
            identities = null;
        }
        DefaultMailController c;
        synchronized (controllerLock) {
            c = controller;
        }
        if (c != null) c.reconfigure(edited);
        LoggerFactory.getLogger(AppContext.class).info("read {} again: it changed since it was read", edited.source());
        return null;
    }

    public MailStore store() {
        try {
            Config c = config();
            synchronized (storeLock) {
                if (store == null) {
                    if (closed) throw new PosternException(ExitCode.SOFTWARE, "postern is shutting down.");
                    MapDbStore opened = MapDbStore.open(c.dataDir(), () -> storeLocked.complete(null), storeNotes::add);
                    // The search index follows every commit; Lucene itself loads only when first needed.
                    mailIndex = dev.postern.index.MailIndex.attach(c.dataDir(), opened);
                    store = opened;
                    dev.postern.model.StartupTrace.mark("store opened");
                }
                return store;
            }
        } catch (RuntimeException e) {
            storeLocked.completeExceptionally(e); // no effect once the lock was taken
            throw e;
        }
    }

    /** Completed once {@link #prestart} knows which account it logs in (so none is missed by a race). */
    private volatile java.util.concurrent.CompletableFuture<Void> aheadKnown =
            java.util.concurrent.CompletableFuture.completedFuture(null);
    /** Completed when this process holds the store's lock (the open goes on after it), or failed to. */
    private final java.util.concurrent.CompletableFuture<Void> storeLocked = new java.util.concurrent.CompletableFuture<>();
    /** Sessions logged in ahead by {@link #prestart}, by account; each handed out once. */
    private final Map<String, java.util.concurrent.CompletableFuture<MailSession>> ahead =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * For a command that will certainly connect to {@code account} (sync, fetch): reads the config, opens the
     * store and logs in on threads of their own while the command line is still being parsed, so the TLS
     * handshake and login overlap start-up instead of following it. Changes nothing that is seen: a failure
     * to read the config or open the store is left for the command, which meets it again in its own order
     * and reports it as always; the login waits for the store's lock, so a store held by another postern
     * means no login at all; a failed login is kept and thrown where the command's own connect would have thrown it,
     * never tried twice. Accounts whose password is typed at a prompt are not logged in ahead. A null
     * {@code account} means the first in the config.
     */
    public void prestart(String account) {
        prestartLogin(account, null, (c, a) -> true);
    }

    /**
     * The config and the store ahead ({@link #prestartStore}), and the login of {@code account} on a thread of its
     * own when {@code wanted} says so of its account (never for a password typed at a prompt); {@code mark}, when not
     * null, is traced as the login starts.
     */
    private void prestartLogin(String account, String mark,
            java.util.function.BiPredicate<Config, AccountConfig> wanted) {
        prestartStore();
        java.util.concurrent.CompletableFuture<MailSession> f = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Void> known = new java.util.concurrent.CompletableFuture<>();
        aheadKnown = known;
        daemon("postern-prestart-login", () -> {
            AccountConfig a = null;
            try {
                Config c = config();
                a = account == null ? (c.accounts().isEmpty() ? null : c.accounts().get(0)) : c.account(account).orElse(null);
                if (a != null && (PasswordResolver.asks(a) || !wanted.test(c, a))) a = null;
                if (a != null) ahead.put(a.name(), f);
            } catch (RuntimeException e) {
                a = null; // the command reads the config (and opens the store) again and says what is wrong
            } finally {
                known.complete(null);
            }
            if (a == null) return;
            if (mark != null) dev.postern.model.StartupTrace.mark(mark);
            logInAhead(a, f);
        });
    }

    /**
     * Logs {@code a} in on this thread once this process holds the store's lock, and completes {@code f} with the
     * session (or the login's failure, thrown where the command's own connect would have thrown it).
     */
    private void logInAhead(AccountConfig a, java.util.concurrent.CompletableFuture<MailSession> f) {
        MailSession s = null;
        try {
            s = session(a, passwords(), this::store);
            s.prepare(); // no network: the TLS context and the mail session, while the store opens
            try {
                storeLocked.join(); // log in only once this process holds the store, not after the whole open
            } catch (RuntimeException e) {
                closeQuietly(s);
                return; // the command meets the store's failure itself, before it connects
            }
            s.connect();
            f.complete(s);
        } catch (PosternException e) {
            closeQuietly(s);
            f.complete(new FailedSession(e));
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(AppContext.class).warn("logging in ahead", e);
            closeQuietly(s);
        } finally {
            f.complete(null); // no effect when completed above
        }
    }

    /**
     * The reader's start ahead: the config and the store on a thread of their own, as {@link #prestartStore}; and
     * when the folder it opens has nothing in the store (a first run), the login of its account too, so that the
     * first rows, which can only come from the server, do not wait for the store's open and the first (empty)
     * screen before the TLS handshake starts. With rows in the store nothing connects ahead: the first screen is
     * the store's, and the session starts behind it. The rules of {@link #prestart} hold: a password typed at a
     * prompt is not logged in ahead, the login waits for the store's lock, a failed login is thrown once where the
     * reader's own connect would have thrown it. Null {@code account}: the first in the config; null
     * {@code folder}: INBOX.
     */
    public void prestartReader(String account, String folder) {
        String name = folder == null ? "INBOX" : folder;
        prestartLogin(account, "reader: logging in ahead", (c, a) -> {
            boolean empty = nothingStored(c, a, name);
            if (empty) readerAhead = a.name() + '\0' + name;
            return empty;
        });
    }

    /** The account and folder (NUL between) whose login {@link #prestartReader} started because nothing of it is stored. */
    private volatile String readerAhead;

    /**
     * The reader's folder that has nothing stored ({@link #prestartReader} logged its account in ahead): its listing is
     * asked now, on the account's thread, while the reader builds its first (empty) screen, and the reader's own first
     * refresh of the folder is handed it ({@code Fetching.refreshAhead}). Behind the first screen, as for a folder with
     * rows, it began only once that screen was drawn, with the session logged in and idle. Returns whether it was asked.
     */
    @Override
    public boolean refreshReaderAhead(String account, String folder) {
        aheadKnown.join();
        String key = readerAhead;
        if (key == null || !key.equals(account + '\0' + folder)) return false;
        readerAhead = null;
        controller().refreshAhead(account, folder);
        dev.postern.model.StartupTrace.mark("reader: listing asked ahead");
        return true;
    }

    /**
     * Whether the store has nothing of {@code folder} to show: no store file yet (decided without waiting for the
     * open), or a store that never listed the folder. The unified view ("All Inboxes") is never "nothing stored".
     */
    private boolean nothingStored(Config c, AccountConfig a, String folder) {
        if (dev.postern.controller.MailController.ALL_INBOXES.equalsIgnoreCase(folder)) return false;
        if (!java.nio.file.Files.exists(c.dataDir().resolve(MapDbStore.FILE_NAME))) return true;
        MailStore st = store();
        return st.folderState(a.name(), folder).isEmpty() || st.count(a.name(), folder) == 0;
    }

    /**
     * Reads the config and opens the store on a thread of its own (the reader's first screen is read from it);
     * a failure is left for the command, which meets it again in its own order and reports it as always.
     */
    public void prestartStore() {
        daemon("postern-prestart-store", () -> {
            try {
                store();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(AppContext.class).debug("opening the store ahead", e);
            }
        });
    }

    /** For {@code search --local}: opens the store and its search index on a thread of their own (see {@link #prestartStore}). */
    public void prestartSearch() {
        daemon("postern-prestart-store", () -> {
            try {
                store();
                dev.postern.index.MailIndex index = mailIndex;
                if (index != null) index.prepare();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(AppContext.class).debug("opening the store ahead", e);
            }
        });
    }

    /** The session {@link #prestart} logged in for {@code account}, once; empty when there is none. */
    private java.util.Optional<MailSession> takeAhead(String account) {
        aheadKnown.join();
        java.util.concurrent.CompletableFuture<MailSession> f = ahead.remove(account);
        return f == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(f.join());
    }

    private static void daemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(MailSession s) {
        if (s == null) return;
        try {
            s.close();
        } catch (RuntimeException e) {
            // nothing more to do with it
        }
    }

    /** A login that failed ahead of time: the command's connect throws what the login threw. */
    private record FailedSession(PosternException failure) implements MailSession {
        @Override public void connect() { throw failure; }
        @Override public boolean isConnected() { return false; }
        @Override public void close() {}
    }

    /**
     * Made once this process's controller exists, when this process is to serve others (the reader, the
     * shell, the daemon: set by {@link Main}); closed first when the context closes. Null: serves nobody.
     */
    private static volatile java.util.function.Function<AppContext, Resident> residentFactory;
    private Resident resident;

    /** What serves others for this process (resident.Owner, wrapped by {@link Main}): closed first, told once the store is. */
    public interface Resident extends AutoCloseable {
        /** The store is closed and its lock released (or closing it failed: not called): readers it served may take it. */
        default void storeReleased() {}
    }
    private final Object controllerLock = new Object();

    /** Whether this process serves others (the reader, the shell, the daemon): gpg never starts a pinentry in it. */
    boolean servesOthers() {
        return residentFactory != null;
    }

    /** Makes every context of this process that opens its controller serve others through {@code factory}. */
    public static void serveOthers(java.util.function.Function<AppContext, Resident> factory) {
        residentFactory = factory;
    }

    /** The controller, as the capability interfaces ui and cli use; made on first use. */
    public dev.postern.controller.MailController controller() {
        synchronized (controllerLock) {
            DefaultMailController c = makeController();
            java.util.function.Function<AppContext, Resident> f = residentFactory;
            if (f != null && resident == null && !closed) {
                try {
                    resident = f.apply(this);
                } catch (PosternException e) {
                    // This process works on as before; the others wait for it (they are told why).
                    LoggerFactory.getLogger(AppContext.class).warn("not serving other commands: {}", e.getMessage(), e);
                    resident = () -> { };
                }
            }
            return c;
        }
    }

    private DefaultMailController makeController() {
        if (controller == null) {
            PasswordResolver passwords = passwords();
            // The user's GnuPG verifies and decrypts (started per protected part only; a missing gpg is one line in the body).
            dev.postern.crypto.GnupgEngine asks = dev.postern.crypto.GnupgEngine.forEnvironment(env);
            // The reader, the shell and the daemon (the processes that serve others) never let gpg-agent start a
            // pinentry: it would share the reader's terminal (or another's) and take its keys (hunt34-B B4).
            dev.postern.crypto.GnupgEngine gnupg = servesOthers() ? asks.withoutPinentry() : asks;
            RenderOptions options = renderOptions();
            MessageRenderer renderer = new MessageRenderer(options, attachmentText(), gnupg);
            MailStore st = store();
            controller = new DefaultMailController(config(), st,
                    a -> takeAhead(a.name()).orElseGet(() -> session(a, passwords, () -> st)), renderer::render);
            // Attachments inside encrypted parts are listed, saved and shown like the others, decrypted in memory.
            controller.setAttachmentReader(raw -> dev.postern.render.Attachments.of(raw, gnupg));
            controller.setOutgoing(new OutgoingServices(this, env, servesOthers()));
            // Body and attachment list at once, while the forked Tika renders the attachments' text.
            controller.setPreviewRenderer(new MessageRenderer(options, null, null)::render);
            dev.postern.config.HookConfig hooks = dev.postern.config.HookConfig.load(config());
            if (!hooks.newMail().isEmpty()) {
                newMailHook = new dev.postern.controller.NewMailHook(hooks.newMail(), hooks.deadline());
                controller.subscribe(newMailHook);
            }
            controller.setAppends(a -> new dev.postern.backend.imap.ImapAppend(a, () -> passwords.resolve(a)));
            controller.setStoreUpkeep(storeCare());
        }
        return controller;
    }

    /**
     * Store maintenance over the open store; compaction gives the store up first (nothing else runs in a batch
     * command's process), and is refused in a process that holds the store for others (reader, shell, daemon).
     */
    private dev.postern.controller.StoreCare storeCare() {
        store();
        return new dev.postern.controller.StoreCare(store, mailIndex, config().dataDir(),
                () -> {
                    synchronized (controllerLock) {
                        return residentFactory != null || resident != null;
                    }
                }, () -> {
                    synchronized (storeLock) {
                        store.close();
                    }
                });
    }

    /** prefer_html, and auto_view through the mailcap files (mailcap_path), killed after hook_timeout_seconds. */
    private RenderOptions renderOptions() {
        dev.postern.config.ViewConfig view = dev.postern.config.ViewConfig.load(config(), env);
        if (view.autoView().isEmpty()) return RenderOptions.defaults().with(view.preferHtml(), null);
        dev.postern.attach.Mailcap mailcap = dev.postern.attach.Mailcap.load(
                dev.postern.attach.Mailcap.files(view.mailcapFiles(), env));
        return RenderOptions.defaults().with(view.preferHtml(), new dev.postern.attach.AutoView(mailcap,
                view.autoView(), dev.postern.config.HookConfig.load(config()).deadline(), env));
    }

    /** Replaceable at any time (the shell asks through its own line reader); null means "cannot ask". */
    public void setPasswordPrompt(dev.postern.config.PasswordPrompt prompt) {
        this.passwordPrompt = prompt;
    }

    /** One resolver per process, so a typed password is asked once per account. */
    public synchronized PasswordResolver passwords() {
        if (passwords == null) {
            passwords = new PasswordResolver(env, () -> passwordPrompt);
        }
        return passwords;
    }

    /**
     * Asks now for the passwords of the accounts without a source (before a full screen or a shell prompt
     * takes the terminal); does nothing when nobody can be asked: the first connection then says what to set.
     */
    public void askPasswords() {
        if (passwordPrompt == null) return;
        for (AccountConfig a : config().accounts()) {
            if (PasswordResolver.asks(a)) passwords().resolve(a);
        }
    }

    /**
     * Attachment text: Tika in its own JVM (started on the first attachment, not before), results cached
     * by content hash beside the store. Opened after the store, whose lock keeps a second process out.
     */
    public dev.postern.render.AttachmentTextExtractor attachmentText() {
        if (tika == null) {
            store();
            ForkedExtractor.Limits limits = ForkedExtractor.Limits.defaults();
            tika = new ForkedExtractor(limits, Logging.file(), FileLogging.workerOptions());
        }
        return new CachingExtractor(tika, new CachingExtractor.Cache() {
            @Override public java.util.Optional<byte[]> get(String key) {
                TextCache cache = textCache();
                return cache == null ? java.util.Optional.empty() : cache.get(key);
            }
            @Override public void put(String key, byte[] value) {
                TextCache cache = textCache();
                if (cache != null) cache.put(key, value);
            }
        }, "chars=" + ForkedExtractor.Limits.defaults().maxChars(), cryptoConfig().storeDecrypted());
    }

    /** Each account's From identities, signatures and Sent folders (validated when the config was loaded). */
    public synchronized dev.postern.config.IdentityConfig identityConfig() {
        if (identities == null) identities = dev.postern.config.IdentityConfig.load(config());
        return identities;
    }

    /** Signing, encryption and store_decrypted settings (validated when the config was loaded). */
    public dev.postern.config.CryptoConfig cryptoConfig() {
        return dev.postern.config.CryptoConfig.load(config());
    }

    /**
     * The text cache, opened on the first attachment that needs it: most commands (fetch, sync, list)
     * never do, and opening a second MapDB file is a noticeable part of their start-up. Null once closed.
     */
    private synchronized TextCache textCache() {
        if (textCache == null && !closed) textCache = TextCache.open(config().dataDir());
        return textCache;
    }

    private static MailSession session(AccountConfig a, PasswordResolver passwords, java.util.function.Supplier<MailStore> store) {
        if (a.protocol() == Protocol.POP3) {
            return new Pop3Session(a, () -> passwords.resolve(a), uid -> store.get().uidlOf(a.name(), uid));
        }
        return new ImapSession(a, () -> passwords.resolve(a));
    }

    private dev.postern.controller.Composer sending;

    /**
     * Composing for every account without making the controller: what {@code postern send} sends with, which
     * still sends (without outbox or local Sent copy) while another postern holds the store.
     */
    @Override
    public synchronized dev.postern.controller.Composing sending() {
        if (sending == null) {
            OutgoingServices out = new OutgoingServices(this, env, servesOthers());
            sending = new dev.postern.controller.Composer(() -> out,
                    () -> config().accounts().stream().map(AccountConfig::name).toList());
        }
        return sending;
    }

    @Override
    public dev.postern.controller.SigningIn signIns() {
        return new dev.postern.controller.SignIns(this::config, env);
    }

    /**
     * Sending for every account: SMTP per account, Sent copies over IMAP, the outbox in the store. When
     * another postern holds the store, it still sends, without outbox or local Sent copy.
     */
    /**
     * The Sent copy's connection of its own, made only for the mailbox the account's stored mail came from: the copy is
     * put into the store under the UID the server gave it (hunt38-M M2; a refusal is the send's note, the mail is out).
     */
    private static java.util.function.Function<dev.postern.config.AccountConfig, dev.postern.backend.imap.SentAppender> sentAppenders(
            MailStore st, PasswordResolver passwords) {
        dev.postern.controller.MailboxOrigins origins = st == null ? null : new dev.postern.controller.MailboxOrigins(st);
        return a -> {
            if (origins != null) origins.check(a);
            return new dev.postern.backend.imap.SentAppender(a, () -> passwords.resolve(a));
        };
    }

    public synchronized dev.postern.compose.Postman postman() {
        if (postman == null) {
            PasswordResolver passwords = new PasswordResolver(env);
            MailStore st;
            try {
                st = store();
            } catch (dev.postern.store.StoreLockedException e) {
                st = null;
            }
            postman = new dev.postern.compose.Postman(
                    name -> config().account(name).orElseThrow(() -> new PosternException(ExitCode.USAGE,
                            "there is no account '" + name + "' in " + config().source() + ".")),
                    a -> new dev.postern.backend.smtp.SmtpSender(a.smtp().asAccount(a), () -> passwords.resolve(a)),
                    sentAppenders(st, passwords),
                    st, java.time.Clock.systemDefaultZone(),
                    (account, from) -> identityConfig().account(account).sentFolderFor(from),
                    account -> identityConfig().account(account).saveSent());
        }
        return postman;
    }

    @Override
    public java.util.List<String> cachedFolderNames(String account) {
        return store().folders(account).stream().map(dev.postern.model.Folder::name).toList();
    }

    @Override
    public java.util.List<String> cachedTargetNames(String account) {
        return store().folders(account).stream().filter(dev.postern.model.Folder::selectable).map(dev.postern.model.Folder::name).toList();
    }

    /** The resident owner's side of {@code postern daemon}, for this process's config. */
    @Override
    public dev.postern.command.DataDirOwner owner() {
        return dev.postern.resident.Residence.of(this, Postern.class.getName()); // typed as the interface: verifying this class loads neither
    }

    /** What replays of the offline queue did in this process; empty when no controller was made. */
    @Override
    public java.util.List<String> queueNotes() {
        java.util.List<String> notes = new java.util.ArrayList<>(storeNotes);
        if (controller != null) notes.addAll(controller.queueNotes());
        return notes;
    }

    /** What opening the store had to say (a damaged store moved aside), printed with the queue's notes. */
    private final java.util.List<String> storeNotes = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public boolean stoppedWork() { return stoppedSend || controller != null && controller.stoppedWork(); }

    /** How long closing waits for a send it cut to set its message down (a commit, a file: well under this). */
    private static final long SEND_STOP_MILLIS = 3_000;
    private volatile boolean stoppedSend;

    @Override
    public void close() {
        Resident r;
        synchronized (controllerLock) {
            closed = true; // no owner starts after this
            r = resident;
        }
        if (r != null) {
            try {
                r.close(); // first: the socket goes, the request running ends, then the store closes
            } catch (Exception e) {
                LoggerFactory.getLogger(AppContext.class).warn("closing the owner", e);
            }
        }
        dev.postern.model.StartupTrace.mark("quit: owner closed");
        // Sends under way are cut at once (a silent server held Ctrl-C for 30 s, and `send` ended under its message), and
        // given a moment to set their message down (draft, outbox) before the jobs and the store close.
        dev.postern.compose.Postman p;
        synchronized (this) {
            p = postman;
        }
        if (p != null && p.stop(SEND_STOP_MILLIS)) stoppedSend = true;
        if (controller != null) controller.close();
        dev.postern.model.StartupTrace.mark("quit: controller closed");
        if (newMailHook != null) newMailHook.close(); // a hook queued by the last fetch still runs (within its deadline)
        if (tika != null) tika.close();
        synchronized (this) {
            closed = true;
            if (textCache != null) textCache.close();
        }
        dev.postern.model.StartupTrace.mark("quit: tika, text cache closed");
        // Logins ahead that no command took: closed when they finish (a daemon thread; exit does not wait).
        storeLocked.completeExceptionally(new IllegalStateException("closed")); // a login still waiting gives up
        for (java.util.concurrent.CompletableFuture<MailSession> f : ahead.values()) f.thenAccept(AppContext::closeQuietly);
        ahead.clear();
        synchronized (storeLock) { // waits for an open ahead to finish, so it is closed, not left half-open
            closed = true;
            if (store != null) store.close();
        }
        dev.postern.model.StartupTrace.mark("quit: store closed");
        // Only now, with store.lock released: a reader the owner served may open the store as soon as it is told.
        if (r != null) r.storeReleased();
    }
}

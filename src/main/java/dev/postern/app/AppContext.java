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

/**
 * Wiring by hand: config, store, backends, renderer and controller, built once per process on first use
 * and closed in reverse order (the store last, so every committed write is on disk).
 */
public final class AppContext implements AutoCloseable {
    private final Map<String, String> env;
    private final Path configOverride;
    private Config config;
    private MailStore store;
    private DefaultMailController controller;
    private ForkedExtractor tika;
    private TextCache textCache;
    private dev.postern.compose.Postman postman;
    private boolean closed;
    /** Who asks for passwords of accounts without a source; null when stdin is not a terminal. */
    private volatile dev.postern.config.PasswordPrompt passwordPrompt;
    private PasswordResolver passwords;

    public AppContext(Map<String, String> env, Path configOverride) {
        this.env = env;
        this.configOverride = configOverride;
    }

    public Map<String, String> env() { return env; }

    public Config config() {
        if (config == null) {
            ConfigLoader loader = new ConfigLoader(env);
            config = loader.load(configOverride != null ? configOverride : loader.defaultConfigPath());
        }
        return config;
    }

    public MailStore store() {
        if (store == null) store = MapDbStore.open(config().dataDir());
        return store;
    }

    public DefaultMailController controller() {
        if (controller == null) {
            PasswordResolver passwords = passwords();
            MessageRenderer renderer = new MessageRenderer(RenderOptions.defaults(), attachmentText());
            MailStore st = store();
            controller = new DefaultMailController(config(), st, a -> session(a, passwords, st), renderer::render);
            controller.setOutgoing(new OutgoingServices(this, env));
        }
        return controller;
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
            tika = new ForkedExtractor(limits, Logging.file());
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
        }, "chars=" + ForkedExtractor.Limits.defaults().maxChars());
    }

    /**
     * The text cache, opened on the first attachment that needs it: most commands (fetch, sync, list)
     * never do, and opening a second MapDB file is a noticeable part of their start-up. Null once closed.
     */
    private synchronized TextCache textCache() {
        if (textCache == null && !closed) textCache = TextCache.open(config().dataDir());
        return textCache;
    }

    private static MailSession session(AccountConfig a, PasswordResolver passwords, MailStore store) {
        if (a.protocol() == Protocol.POP3) {
            return new Pop3Session(a, () -> passwords.resolve(a), uid -> store.uidlOf(a.name(), uid));
        }
        return new ImapSession(a, () -> passwords.resolve(a));
    }

    /**
     * Sending for every account: SMTP per account, Sent copies over IMAP, the outbox in the store. When
     * another postern holds the store, it still sends, without outbox or local Sent copy.
     */
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
                    a -> new dev.postern.backend.imap.SentAppender(a, () -> passwords.resolve(a)),
                    st, java.time.Clock.systemDefaultZone());
        }
        return postman;
    }

    /** The account a command acts on: the one named, or the first in the config. */
    public String account(String requested) {
        if (requested != null) {
            if (config().account(requested).isEmpty()) {
                throw new PosternException(ExitCode.USAGE, "there is no account '" + requested + "' in "
                        + config().source() + "; known: " + String.join(", ",
                        config().accounts().stream().map(AccountConfig::name).toList()) + ".");
            }
            return requested;
        }
        return config().accounts().get(0).name();
    }

    /** What replays of the offline queue did in this process; empty when no controller was made. */
    public java.util.List<String> queueNotes() {
        return controller == null ? java.util.List.of() : controller.queueNotes();
    }

    @Override
    public void close() {
        if (controller != null) controller.close();
        if (tika != null) tika.close();
        synchronized (this) {
            closed = true;
            if (textCache != null) textCache.close();
        }
        if (store != null) store.close();
    }
}

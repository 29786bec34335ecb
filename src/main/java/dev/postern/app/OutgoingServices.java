package dev.postern.app;

import dev.postern.backend.imap.SentAppender;
import dev.postern.compose.Built;
import dev.postern.compose.Outgoing;
import dev.postern.compose.Postman;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordResolver;
import dev.postern.controller.AddressBook;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Capability;
import dev.postern.store.MailStore;
import java.util.List;
import java.util.Map;

/** {@link Outgoing} over the process's config, store and {@link Postman}. */
final class OutgoingServices implements Outgoing {
    private final AppContext ctx;
    private final Map<String, String> env;
    private volatile AddressBook book;
    private volatile dev.postern.compose.AddressQuery query;
    private volatile boolean queryKnown;

    /** Whether this process serves others (the reader, the shell, the daemon): it signs without a pinentry. */
    private final boolean serving;

    OutgoingServices(AppContext ctx, Map<String, String> env, boolean serving) {
        this.ctx = ctx;
        this.env = env;
        this.serving = serving;
    }

    @Override
    public String fromAddress(String account) {
        AccountConfig a = ctx.config().account(account).orElse(null);
        if (a == null) return null;
        dev.postern.config.IdentityConfig.Identity first = ctx.identityConfig().account(account).first();
        if (first != null) return first.from();
        if (a.smtp() != null) return a.smtp().fromAddress(a);
        return a.user().contains("@") ? a.user() : null;
    }

    @Override
    public boolean stopSends(long waitMillis) {
        return ctx.postman().stop(waitMillis);
    }

    @Override
    public Postman.Result send(String account, Built message) {
        return ctx.postman().send(account, message);
    }

    @Override
    public Postman.Result send(String account, Built message, Runnable recorded) {
        return ctx.postman().send(account, message, recorded);
    }

    @Override
    public dev.postern.config.CryptoConfig.Policy cryptoDefaults(String account) {
        return ctx.cryptoConfig().policy(account);
    }

    @Override
    public List<String> missingKeys(dev.postern.config.CryptoConfig.Protocol protocol, List<String> addresses) {
        try {
            return new dev.postern.crypto.MessageProtector(dev.postern.crypto.GnupgEngine.forEnvironment(env)).missingKeys(
                    protocol == dev.postern.config.CryptoConfig.Protocol.SMIME
                            ? dev.postern.render.CryptoEngine.Kind.SMIME : dev.postern.render.CryptoEngine.Kind.PGP, addresses);
        } catch (PosternException e) {
            return List.of(); // gpg missing: sending says so in one sentence
        }
    }

    @Override
    public dev.postern.compose.Protected protect(Built message, dev.postern.config.CryptoConfig.Policy p) {
        dev.postern.crypto.MessageProtector.Request req = new dev.postern.crypto.MessageProtector.Request(p.sign(), p.encrypt(),
                p.protocol() == dev.postern.config.CryptoConfig.Protocol.SMIME
                        ? dev.postern.render.CryptoEngine.Kind.SMIME : dev.postern.render.CryptoEngine.Kind.PGP);
        if (!req.anything()) return new dev.postern.compose.Protected(message, List.of());
        // A process that serves others (the reader, the shell, the daemon) signs without a pinentry, as it decrypts:
        // one would start on the reader's terminal beside its screen and take the passphrase's keys as commands, or
        // on the owner's terminal for a shell's served send. A locked key is then said with how to unlock it.
        dev.postern.crypto.GnupgEngine gnupg = dev.postern.crypto.GnupgEngine.forEnvironment(env);
        dev.postern.crypto.MessageProtector.Outcome o = new dev.postern.crypto.MessageProtector(
                serving ? gnupg.withoutPinentry() : gnupg).protect(message, req);
        return new dev.postern.compose.Protected(o.message(), o.notes());
    }

    @Override
    public Postman.Result send(String account, Built message, dev.postern.config.CryptoConfig.Policy p) {
        dev.postern.compose.Protected o = protect(message, p);
        Postman.Result r = ctx.postman().send(account, o.message());
        if (o.notes().isEmpty()) return r;
        String note = String.join("; ", o.notes()) + (r.note() == null ? "" : "; " + r.note());
        return r.withNote(note);
    }

    @Override
    public boolean canSend(String account) {
        return ctx.config().account(account).map(a -> a.smtp() != null).orElse(false);
    }

    @Override
    public String smtpFrom(String account) {
        AccountConfig a = ctx.config().account(account).orElse(null);
        return a == null || a.smtp() == null ? null : a.smtp().fromAddress(a);
    }

    @Override
    public List<String> configAddresses(String account) {
        AccountConfig a = ctx.config().account(account).orElse(null);
        if (a == null) return List.of();
        java.util.List<String> out = new java.util.ArrayList<>();
        if (a.user() != null && a.user().contains("@")) out.add(a.user());
        if (a.smtp() != null && a.smtp().from() != null) out.add(a.smtp().from());
        return out;
    }

    @Override
    public String postpone(String account, byte[] raw) {
        AccountConfig a = ctx.config().account(account).orElseThrow();
        if (!a.capabilities().contains(Capability.APPEND)) { // only a server that stores mail has Drafts
            throw new PosternException(ExitCode.UNAVAILABLE, "account " + account + " is POP3 and has no Drafts folder on the server.");
        }
        PasswordResolver passwords = new PasswordResolver(env);
        return new SentAppender(a, () -> passwords.resolve(a))
                .replace(raw, "\\Drafts", a.imap().drafts(), drafted()).folder();
    }

    /** A postponed draft's flags: \Draft, and \Seen, as mutt stores it: the user's own draft is no unread mail (Z9). */
    private static jakarta.mail.Flags drafted() {
        jakarta.mail.Flags f = new jakarta.mail.Flags(jakarta.mail.Flags.Flag.DRAFT);
        f.add(jakarta.mail.Flags.Flag.SEEN);
        return f;
    }

    /**
     * The address book command's answers for {@code prefix} (when a query for it has finished: one is started in the
     * background otherwise, never waited for), then the addresses seen in the store; each address once.
     */
    @Override
    public List<String> completeAddress(String prefix, int limit) {
        java.util.List<String> out = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        dev.postern.compose.AddressQuery q = addressQuery();
        if (q != null) {
            for (String a : q.cached(prefix)) if (out.size() < limit && seen.add(dev.postern.config.IdentityConfig.bare(a))) out.add(a);
        }
        for (String a : storeAddresses(prefix, limit)) {
            if (out.size() < limit && seen.add(dev.postern.config.IdentityConfig.bare(a))) out.add(a);
        }
        return out;
    }

    private synchronized List<String> storeAddresses(String prefix, int limit) {
        AddressBook b = book;
        if (b == null) {
            MailStore st = ctx.store();
            b = AddressBook.scan(st, ctx.config().accounts().stream().map(AccountConfig::name).toList());
            book = b;
        }
        return b.complete(prefix, limit);
    }

    private dev.postern.compose.AddressQuery addressQuery() {
        if (!queryKnown) {
            dev.postern.config.HookConfig hooks = dev.postern.config.HookConfig.load(ctx.config());
            if (hooks.addressBook() != null) {
                query = new dev.postern.compose.AddressQuery(hooks.addressBook(), hooks.deadline(),
                        why -> org.slf4j.LoggerFactory.getLogger(OutgoingServices.class).warn("{}", why));
            }
            queryKnown = true;
        }
        return query;
    }

    @Override
    public Postman.FlushReport flush(String account) {
        return flush(account, dev.postern.model.Work.NONE);
    }

    @Override
    public Postman.FlushReport flush(String account, dev.postern.model.Work work) {
        AccountConfig a = ctx.config().account(account).orElse(null);
        if (a == null || a.smtp() == null) return new Postman.FlushReport(account, 0, 0, null, false, List.of());
        return ctx.postman().flush(account, work);
    }

    @Override
    public int waiting(String account) {
        return ctx.postman().waiting(account);
    }

    @Override
    public dev.postern.compose.Outgoing.Counts counts(String account) {
        return ctx.postman().counts(account);
    }

    @Override
    public List<dev.postern.compose.OutboxItem> outbox(String account) {
        return ctx.postman().outbox(account);
    }

    @Override
    public boolean drop(String account, long id) {
        return ctx.postman().drop(account, id);
    }

    @Override
    public boolean retry(String account, long id) {
        return ctx.postman().retry(account, id);
    }

    @Override
    public dev.postern.config.IdentityConfig.Account identities(String account) {
        return ctx.identityConfig().account(account);
    }

    @Override
    public String signature(dev.postern.config.IdentityConfig.Identity identity) {
        if (identity == null) return "";
        try {
            return dev.postern.compose.Signatures.text(identity.signature(), env);
        } catch (dev.postern.model.PosternException e) { // which identity's, when an account has several (M10)
            throw new dev.postern.model.PosternException(e.exitCode(), "identity " + identity.from() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Postman.Result bounce(String account, Built message) {
        return ctx.postman().bounce(account, message);
    }

    @Override
    public dev.postern.compose.Templates.Texts templates() {
        dev.postern.config.TemplateConfig t = dev.postern.config.TemplateConfig.load(ctx.config(), env);
        return new dev.postern.compose.Templates.Texts(t.attribution(), read("reply_template", t.reply()),
                read("forward_template", t.forward()), read("new_template", t.fresh()));
    }

    private static String read(String key, java.nio.file.Path file) {
        if (file == null) return null;
        try {
            return java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.IOERR, key + " " + file
                    + " cannot be read (" + dev.postern.model.ReadFailure.why(e) + "); fix it or remove the setting.");
        }
    }

    @Override
    public dev.postern.config.AbortNoSubject abortNoSubject() {
        return dev.postern.config.AbortNoSubject.load(ctx.config());
    }

    @Override
    public String editor() {
        return dev.postern.compose.Editor.command(env);
    }
}

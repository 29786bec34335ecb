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
import dev.postern.model.Protocol;
import dev.postern.store.MailStore;
import java.util.List;
import java.util.Map;

/** {@link Outgoing} over the process's config, store and {@link Postman}. */
final class OutgoingServices implements Outgoing {
    private final AppContext ctx;
    private final Map<String, String> env;
    private volatile AddressBook book;

    OutgoingServices(AppContext ctx, Map<String, String> env) {
        this.ctx = ctx;
        this.env = env;
    }

    @Override
    public String fromAddress(String account) {
        AccountConfig a = ctx.config().account(account).orElse(null);
        if (a == null) return null;
        if (a.smtp() != null) return a.smtp().fromAddress(a);
        return a.user().contains("@") ? a.user() : null;
    }

    @Override
    public Postman.Result send(String account, Built message) {
        return ctx.postman().send(account, message);
    }

    @Override
    public dev.postern.config.CryptoConfig.Policy cryptoDefaults(String account) {
        return ctx.cryptoConfig().policy(account);
    }

    @Override
    public Postman.Result send(String account, Built message, dev.postern.config.CryptoConfig.Policy p) {
        dev.postern.crypto.MessageProtector.Request req = new dev.postern.crypto.MessageProtector.Request(p.sign(), p.encrypt(),
                p.protocol() == dev.postern.config.CryptoConfig.Protocol.SMIME
                        ? dev.postern.render.CryptoEngine.Kind.SMIME : dev.postern.render.CryptoEngine.Kind.PGP);
        dev.postern.crypto.MessageProtector.Outcome o = new dev.postern.crypto.MessageProtector(
                dev.postern.crypto.GnupgEngine.forEnvironment(env)).protect(message, req);
        Postman.Result r = ctx.postman().send(account, o.message());
        if (o.notes().isEmpty()) return r;
        String note = String.join("; ", o.notes()) + (r.note() == null ? "" : "; " + r.note());
        return new Postman.Result(r.outcome(), r.account(), r.messageId(), r.recipients(), r.sentFolder(), note, r.outboxWaiting());
    }

    @Override
    public String postpone(String account, byte[] raw) {
        AccountConfig a = ctx.config().account(account).orElseThrow();
        if (a.protocol() != Protocol.IMAP) {
            throw new PosternException(ExitCode.UNAVAILABLE, "account " + account + " is POP3 and has no Drafts folder on the server.");
        }
        PasswordResolver passwords = new PasswordResolver(env);
        return new SentAppender(a, () -> passwords.resolve(a))
                .append(raw, "\\Drafts", "Drafts", new jakarta.mail.Flags(jakarta.mail.Flags.Flag.DRAFT)).folder();
    }

    @Override
    public synchronized List<String> completeAddress(String prefix, int limit) {
        AddressBook b = book;
        if (b == null) {
            MailStore st = ctx.store();
            b = AddressBook.scan(st, ctx.config().accounts().stream().map(AccountConfig::name).toList());
            book = b;
        }
        return b.complete(prefix, limit);
    }

    @Override
    public Postman.FlushReport flush(String account) {
        AccountConfig a = ctx.config().account(account).orElse(null);
        if (a == null || a.smtp() == null) return new Postman.FlushReport(account, 0, 0, null, false, List.of());
        return ctx.postman().flush(account);
    }

    @Override
    public int waiting(String account) {
        return ctx.postman().waiting(account);
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
    public String editor() {
        return dev.postern.compose.Editor.command(env);
    }
}

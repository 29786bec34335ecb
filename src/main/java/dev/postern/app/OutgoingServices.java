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

package dev.postern.controller;

import dev.postern.compose.Built;
import dev.postern.compose.Identities;
import dev.postern.compose.Outgoing;
import dev.postern.compose.Postman;
import dev.postern.compose.Protected;
import dev.postern.compose.Sender;
import dev.postern.config.CryptoConfig;
import dev.postern.config.IdentityConfig;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@link Composing} over the process's {@link Outgoing} (config, identities, crypto, postman): the controller's
 * own, and on its own for {@code postern send} while another postern holds the store (the postman then sends
 * without outbox or local Sent copy; nothing else here needs the store).
 */
public final class Composer implements Composing {
    /** Sending waits on SMTP: never on the caller's thread, nor on the common pool. */
    private static final Executor SENDING = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "postern-send");
        t.setDaemon(true);
        return t;
    });

    private final Supplier<Outgoing> outgoing;
    private final Supplier<List<String>> accounts;

    /** {@code accounts}: every account's name (reply-all leaves out the user's addresses in all of them). */
    public Composer(Supplier<Outgoing> outgoing, Supplier<List<String>> accounts) {
        this.outgoing = outgoing;
        this.accounts = accounts;
    }

    private Outgoing out(String account) {
        Outgoing o = outgoing.get();
        if (o == null) throw Unsupported.exception(account, "send mail");
        return o;
    }

    @Override
    public Outgoing outgoing() { return outgoing.get(); }

    @Override
    public void checkCanSend(String account) {
        Outgoing o = out(account);
        if (!o.canSend(account)) {
            throw dev.postern.compose.Postman.noSmtp(account);
        }
    }

    @Override
    public Sender sender(String account, String requested, Envelope original, byte[] raw, boolean signed) {
        Outgoing o = out(account);
        IdentityConfig.Account ids = o.identities(account);
        IdentityConfig.Identity i;
        String from;
        if (requested != null) {
            i = ids.named(requested);
            from = i != null ? i.from() : requested;
        } else {
            i = original == null ? ids.first() : Identities.forOriginal(ids, original, raw);
            from = i != null ? i.from() : o.smtpFrom(account);
        }
        IdentityConfig.Identity signer = i != null ? i : ids.first(); // an address of one's own: the account's signature
        String sig = signed && signer != null ? o.signature(signer) : "";
        return new Sender(i, from, sig, ids);
    }

    @Override
    public Set<String> ownAddresses(Sender sender, Envelope original) {
        List<IdentityConfig.Account> every = new ArrayList<>();
        if (sender != null) every.add(sender.ids());
        Set<String> own = new LinkedHashSet<>();
        Outgoing o = outgoing.get();
        if (o != null) {
            for (String a : accounts.get()) {
                if (MailController.UNIFIED.equals(a)) continue;
                every.add(o.identities(a));
                own.addAll(o.configAddresses(a));
                String from = o.fromAddress(a);
                if (from != null) own.add(from);
            }
        }
        if (original != null) own.addAll(Identities.own(every, original));
        if (sender != null && sender.from() != null) own.add(sender.from());
        return own;
    }

    @Override
    public dev.postern.compose.Templates.Texts templates() {
        Outgoing o = outgoing.get();
        return o == null ? dev.postern.compose.Templates.Texts.BUILT_IN : o.templates();
    }

    @Override
    public CryptoConfig.Policy protection(String account, IdentityConfig.Identity identity, Boolean sign, Boolean encrypt,
            boolean smime) {
        Outgoing o = outgoing.get();
        CryptoConfig.Policy p = o == null ? CryptoConfig.Policy.NONE : o.cryptoDefaults(account);
        if (identity != null) p = identity.policy(p);
        boolean s = sign != null ? sign : p.sign();
        CryptoConfig.Encrypt e = encrypt != null ? (encrypt ? CryptoConfig.Encrypt.ALWAYS : CryptoConfig.Encrypt.NEVER) : p.encrypt();
        return new CryptoConfig.Policy(s, e, smime ? CryptoConfig.Protocol.SMIME : p.protocol(), p.replyEncrypt());
    }

    @Override
    public Protected protect(String account, Built message, CryptoConfig.Policy protection) {
        return out(account).protect(message, protection);
    }

    @Override
    public CompletableFuture<Postman.Result> send(String account, Built message) {
        return sending(account, o -> o.send(account, message));
    }

    @Override
    public CompletableFuture<Postman.Result> send(String account, Built message, Runnable recorded) {
        return sending(account, o -> o.send(account, message, recorded));
    }

    @Override
    public CompletableFuture<Postman.Result> bounce(String account, Built message) {
        return sending(account, o -> o.bounce(account, message));
    }

    /** {@code how} on the sending thread with the account's outgoing side; an account that cannot send fails at once. */
    private CompletableFuture<Postman.Result> sending(String account, java.util.function.Function<Outgoing, Postman.Result> how) {
        Outgoing o;
        try {
            o = out(account);
        } catch (PosternException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.supplyAsync(() -> how.apply(o), SENDING);
    }
}

package dev.postern.cli;

import dev.postern.compose.Built;
import dev.postern.config.CryptoConfig;
import dev.postern.crypto.GnupgEngine;
import dev.postern.crypto.MessageProtector;
import dev.postern.render.CryptoEngine;
import dev.postern.render.Sanitizer;
import picocli.CommandLine.Option;

/** --sign, --encrypt and --smime for send, reply and forward: over the account's pgp_sign / pgp_encrypt defaults. */
final class CryptoOptions {
    @Option(names = "--sign", negatable = true, description = {"Sign with your key (PGP/MIME, or S/MIME with --smime);"
            + " --no-sign overrides pgp_sign = true."})
    Boolean sign;

    @Option(names = "--encrypt", negatable = true, description = {"Encrypt to every recipient and to yourself; refuses (exit 65)"
            + " naming the recipients without a usable key; each Bcc recipient gets a copy encrypted to them alone."
            + " --no-encrypt overrides pgp_encrypt."})
    Boolean encrypt;

    @Option(names = "--smime", description = "Sign/encrypt with S/MIME through gpgsm instead of OpenPGP (or crypto_protocol = \"smime\").")
    boolean smime;

    /** The request for this account: options over the config's defaults. */
    MessageProtector.Request request(Wiring ctx, String account) {
        return request(ctx, account, null);
    }

    /** As above, with an identity's own pgp_sign / pgp_encrypt over the account's. */
    MessageProtector.Request request(Wiring ctx, String account, dev.postern.config.IdentityConfig.Identity identity) {
        CryptoConfig.Policy p = ctx.cryptoConfig().policy(account);
        if (identity != null) p = identity.policy(p);
        boolean s = sign != null ? sign : p.sign();
        CryptoConfig.Encrypt e = encrypt != null ? (encrypt ? CryptoConfig.Encrypt.ALWAYS : CryptoConfig.Encrypt.NEVER) : p.encrypt();
        CryptoEngine.Kind kind = smime || p.protocol() == CryptoConfig.Protocol.SMIME ? CryptoEngine.Kind.SMIME : CryptoEngine.Kind.PGP;
        return new MessageProtector.Request(s, e, kind);
    }

    /** The message signed and/or encrypted as asked; notes (a recipient without a key) go to stderr. */
    Built apply(PosternCommand root, Wiring ctx, String account, Built message) {
        return apply(root, ctx, request(ctx, account), message);
    }

    /** As above, as {@code identity} (may be null). */
    Built apply(PosternCommand root, Wiring ctx, String account, dev.postern.config.IdentityConfig.Identity identity,
            Built message) {
        return apply(root, ctx, request(ctx, account, identity), message);
    }

    static Built apply(PosternCommand root, Wiring ctx, MessageProtector.Request req, Built message) {
        if (!req.anything()) return message;
        MessageProtector.Outcome o = new MessageProtector(GnupgEngine.forEnvironment(ctx.env())).protect(message, req);
        for (String note : o.notes()) root.err().println("postern: " + Sanitizer.oneLine(note));
        root.err().flush();
        return o.message();
    }
}

package dev.postern.cli;

import dev.postern.compose.Identities;
import dev.postern.compose.Signatures;
import dev.postern.config.AccountConfig;
import dev.postern.config.IdentityConfig;
import dev.postern.model.Envelope;

/**
 * Which From a batch send, reply or forward uses: {@code --from} (an identity's address or name, or any address),
 * else for an answer the identity the original was sent to, else the account's first; and that identity's
 * signature unless {@code --no-signature}.
 *
 * @param identity the identity, or null when --from names an address no identity has, or the account has none
 * @param from     the From line, or null when the config gives none
 * @param signature the signature text ("" for none)
 */
record IdentityChoice(IdentityConfig.Identity identity, String from, String signature, IdentityConfig.Account ids) {

    static IdentityChoice of(Wiring ctx, String account, String requested, Envelope original, byte[] raw,
            boolean signed) {
        IdentityConfig.Account ids = ctx.identityConfig().account(account);
        IdentityConfig.Identity i;
        String from;
        if (requested != null) {
            i = ids.named(requested);
            from = i != null ? i.from() : requested;
        } else {
            i = original == null ? ids.first() : Identities.forOriginal(ids, original, raw);
            AccountConfig a = ctx.config().account(account).orElseThrow();
            from = i != null ? i.from() : a.smtp() != null ? a.smtp().fromAddress(a) : null;
        }
        IdentityConfig.Identity signer = i != null ? i : ids.first(); // an address of one's own: the account's signature
        String sig = signed && signer != null ? Signatures.text(signer.signature(), ctx.env()) : "";
        return new IdentityChoice(i, from, sig, ids);
    }

    /** The body with the signature where the account puts it. */
    String signed(String body) {
        return Signatures.add(body, signature, ids.sigOnTop());
    }
}

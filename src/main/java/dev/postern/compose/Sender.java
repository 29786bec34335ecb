package dev.postern.compose;

import dev.postern.config.IdentityConfig;

/**
 * Who a message goes out as: {@code --from} (an identity's address or name, or any address), else for an answer the
 * identity the original was sent to, else the account's first; and that identity's signature unless left out.
 * Made by the controller's composing capability ({@code controller.Composing.sender}).
 *
 * @param identity  the identity, or null when --from names an address no identity has, or the account has none
 * @param from      the From line, or null when the config gives none
 * @param signature the signature text without the "-- " line ("" for none)
 * @param ids       the account's identities (sig_on_top, sent_folder)
 */
public record Sender(IdentityConfig.Identity identity, String from, String signature, IdentityConfig.Account ids) {
    /** The body with the signature where the account puts it. */
    public String signed(String body) {
        return Signatures.add(body, signature, ids.sigOnTop());
    }

    /** The draft with the signature where the account puts it. */
    public Draft signed(Draft d) {
        return d.withBody(signed(d.body()));
    }
}

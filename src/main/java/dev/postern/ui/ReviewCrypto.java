package dev.postern.ui;

import dev.postern.compose.Draft;
import dev.postern.compose.Outgoing;
import dev.postern.config.CryptoConfig;
import dev.postern.config.IdentityConfig;
import dev.postern.controller.Composing;
import dev.postern.render.Sanitizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The review screen's signing and encryption: the account's and identity's defaults, the S and E toggles, the
 * Crypto:, Original: and Keys: lines, and which addresses have no key (asked off the UI thread, once per set of
 * addresses and protocol). A reply to, or inline forward of, a message that came encrypted (pgp_reply_encrypt, on by
 * default) starts encrypted, and goes in clear (encryption turned off, or a key missing) only once the user says so
 * to {@link #beforeSend}'s question; it is not postponed to the server's Drafts in clear (hunt34-B B6). UI thread only,
 * but for the key check's own thread.
 */
final class ReviewCrypto {
    private final Composing composing;
    private final Outgoing out;
    private final UiLoop loop;
    private CryptoConfig.Policy protection = CryptoConfig.Policy.NONE;
    /** The draft quotes a message that came encrypted, and pgp_reply_encrypt holds: not in clear without a yes. */
    private boolean quoteProtected;
    /** The user said yes to sending this message in clear. */
    private boolean clearSaid;
    private String keysCheckedFor = "";
    private List<String> keysMissing = List.of();
    private boolean keysChecking;
    /** What runs once the key check in hand has answered (the send that waited for it), or null. */
    private Runnable afterCheck;

    ReviewCrypto(Composing composing, Outgoing out, UiLoop loop) {
        this.composing = composing;
        this.out = out;
        this.loop = loop;
    }

    /** A new message of {@code account} from {@code identity}; {@code quotesEncrypted}: it quotes encrypted mail. */
    void start(String account, IdentityConfig.Identity identity, boolean quotesEncrypted) {
        clearSaid = false;
        afterCheck = null;
        quoteProtected = false;
        defaults(account, identity, quotesEncrypted);
    }

    /** The identity changed: its defaults, the quote's rule kept. */
    void identity(String account, IdentityConfig.Identity identity) {
        clearSaid = false; // its defaults again: a yes said to the last ones is asked again
        defaults(account, identity, quoteProtected);
    }

    private void defaults(String account, IdentityConfig.Identity identity, boolean quotesEncrypted) {
        try {
            protection = composing.protection(account, identity, null, null, false);
        } catch (RuntimeException e) {
            protection = CryptoConfig.Policy.NONE;
        }
        quoteProtected = quotesEncrypted && protection.replyEncrypt();
        if (quoteProtected) protection = protection.withEncrypt(CryptoConfig.Encrypt.ALWAYS);
    }

    CryptoConfig.Policy policy() { return protection; }

    /** Whether the draft must not be put on the server in clear (postponed to Drafts). */
    boolean quoteProtected() { return quoteProtected; }

    /** S: the notice to show. */
    String toggleSign() {
        protection = protection.withSign(!protection.sign());
        return protection.sign() ? "The message will be signed." : "The message will not be signed.";
    }

    /** E: the notice to show. */
    String toggleEncrypt() {
        protection = protection.withEncrypt(switch (protection.encrypt()) {
            case NEVER -> CryptoConfig.Encrypt.IF_POSSIBLE;
            case IF_POSSIBLE -> CryptoConfig.Encrypt.ALWAYS;
            case ALWAYS -> CryptoConfig.Encrypt.NEVER;
        });
        clearSaid = false;
        return "Encrypt: " + encryptText() + ".";
    }

    /**
     * At y: null when the message may go as it is; "" when the keys of {@code d}'s addresses are being looked up
     * ({@code then} runs once they are known); else the question to ask before it goes in clear.
     */
    String beforeSend(Draft d, Runnable then) {
        if (!quoteProtected || clearSaid) return null;
        if (protection.encrypt() == CryptoConfig.Encrypt.NEVER) {
            return "The original came encrypted; send this unencrypted? (y/n)";
        }
        if (!keysCheckedFor.equals(keyOf(d))) {
            afterCheck = then;
            check(d);
            return "";
        }
        if (keysMissing.isEmpty()) return null;
        return "The original came encrypted, and " + Sanitizer.oneLine(String.join(", ", keysMissing)) + " has no usable "
                + keyWord() + "; send it unencrypted? (y/n)";
    }

    /** The user said yes to {@link #beforeSend}'s question: this message goes in clear. */
    void sayClear() {
        clearSaid = true;
        protection = protection.withEncrypt(CryptoConfig.Encrypt.NEVER);
    }

    /** The Crypto:, Original: and Keys: lines of the review screen (the key check started when they need it). */
    List<String> lines(Draft d) {
        List<String> lines = new ArrayList<>();
        lines.add("Crypto:  " + (protection.protocol() == CryptoConfig.Protocol.SMIME ? "S/MIME" : "PGP") + ", sign: "
                + (protection.sign() ? "yes" : "no") + ", encrypt: " + encryptText() + "   (S/E to change)");
        if (quoteProtected) {
            lines.add("Original: came encrypted; this message goes unencrypted only if you say so");
        }
        if (protection.encrypt() == CryptoConfig.Encrypt.NEVER) return lines;
        check(d);
        if (!keysMissing.isEmpty()) {
            lines.add("Keys:    no usable " + keyWord() + " for " + Sanitizer.oneLine(String.join(", ", keysMissing))
                    + (quoteProtected ? ": sending will ask before it goes unencrypted"
                    : protection.encrypt() == CryptoConfig.Encrypt.ALWAYS ? ": sending will refuse" : ": it goes out unencrypted"));
        }
        return lines;
    }

    private String keyWord() {
        return protection.protocol() == CryptoConfig.Protocol.SMIME ? "certificate" : "key";
    }

    private String encryptText() {
        return switch (protection.encrypt()) {
            case NEVER -> "no";
            case IF_POSSIBLE -> "if every recipient has a key";
            case ALWAYS -> "yes";
        };
    }

    private static List<String> addresses(Draft d) {
        List<String> addresses = new ArrayList<>();
        for (String field : List.of(d.from() == null ? "" : d.from(), String.join(",", d.to()), String.join(",", d.cc()),
                String.join(",", d.bcc()))) {
            for (String found : dev.postern.model.AddressScan.dotAtoms(field)) {
                String a = found.toLowerCase(java.util.Locale.ROOT);
                if (!addresses.contains(a)) addresses.add(a);
            }
        }
        return addresses;
    }

    private String keyOf(Draft d) {
        return protection.protocol() + " " + addresses(d);
    }

    /**
     * Asks (off the UI thread) which of the message's addresses, the sender's included, have no key for encryption,
     * once per set of addresses and protocol; the answer is drawn on the Keys: line.
     */
    private void check(Draft d) {
        List<String> addresses = addresses(d);
        String key = keyOf(d);
        if (keysChecking || key.equals(keysCheckedFor)) return;
        keysChecking = true;
        CryptoConfig.Protocol protocol = protection.protocol();
        CompletableFuture.supplyAsync(() -> out.missingKeys(protocol, addresses)).whenComplete((missing, err) -> loop.post(() -> {
            keysChecking = false;
            keysCheckedFor = key;
            keysMissing = err != null || missing == null ? List.of() : List.copyOf(missing);
            Runnable then = afterCheck;
            afterCheck = null;
            if (then != null) then.run();
            loop.redraw();
        }));
    }
}

package dev.postern.controller;

import dev.postern.compose.Built;
import dev.postern.compose.Postman;
import dev.postern.compose.Protected;
import dev.postern.compose.Sender;
import dev.postern.config.CryptoConfig;
import dev.postern.config.IdentityConfig;
import dev.postern.model.Envelope;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Writing and sending mail: who a message goes out as, the drafts' templates, signing and encrypting, sending
 * (SMTP with the outbox and the Sent copy), bouncing and the outbox. The typed commands send, reply, forward,
 * bounce and recall and the reader's compose screen go through it; nothing above the controller holds the
 * postman, the identities or the crypto settings. Implemented by {@link Composer} over the process's
 * {@link dev.postern.compose.Outgoing}; a controller without one fails with "account X cannot send mail here".
 */
public interface Composing {
    /** Writing and sending mail, or null when this controller cannot send (tests, demo). */
    default dev.postern.compose.Outgoing outgoing() { return null; }

    /**
     * Starts a job ({@link Job}: id, progress, cancel) sending what waits in the account's outbox; cancelled,
     * it stops between two messages (what was sent is out of the outbox, the rest waits).
     */
    default Job<dev.postern.compose.Postman.FlushReport> flushOutbox(String account) {
        throw Unsupported.exception(account, "send mail");
    }

    /**
     * Tries what waits in the outboxes again on a timer (a minute doubling to 15) for as long as this controller is
     * open, telling {@code say} what went out or still waits; once per controller (a later call only replaces
     * {@code say}). For the long-lived faces: a batch command flushes once itself.
     */
    default void retryOutbox(java.util.function.Consumer<String> say) {}

    /** Fails (78, one sentence saying how to add it) when the account has no SMTP table. */
    default void checkCanSend(String account) {
        throw Unsupported.exception(account, "send mail");
    }

    /**
     * Who a message of {@code account} goes out as: {@code requested} (an identity's address or name, or an
     * address), else for an answer ({@code original} and its {@code raw} bytes given) the identity it was sent to,
     * else the account's first; with its signature when {@code signed}. Blocking (a signature_command may run):
     * call it off the UI thread.
     */
    default Sender sender(String account, String requested, Envelope original, byte[] raw, boolean signed) {
        throw Unsupported.exception(account, "send mail");
    }

    /** The user's own addresses in every account (identities and config), plus what {@code original} was sent to of them. */
    default Set<String> ownAddresses(Sender sender, Envelope original) {
        return Set.of();
    }

    /** The user's attribution and template files (blocking: read now), the built-in texts by default. */
    default dev.postern.compose.Templates.Texts templates() {
        return dev.postern.compose.Templates.Texts.BUILT_IN;
    }

    /**
     * The protection a message of {@code account} from {@code identity} (may be null) gets: the account's
     * pgp_sign / pgp_encrypt / crypto_protocol, the identity's over them, and the given choices over both
     * ({@code sign}, {@code encrypt} null: as configured; {@code smime}: S/MIME instead of OpenPGP).
     */
    default CryptoConfig.Policy protection(String account, IdentityConfig.Identity identity, Boolean sign, Boolean encrypt,
            boolean smime) {
        return CryptoConfig.Policy.NONE;
    }

    /** Signs and/or encrypts as {@code protection} says; blocking (gpg or gpgsm run). */
    default Protected protect(String account, Built message, CryptoConfig.Policy protection) {
        throw Unsupported.exception(account, "send mail");
    }

    /** Sends through the account's SMTP server, or queues it in the outbox when the server cannot be reached. */
    default CompletableFuture<Postman.Result> send(String account, Built message) {
        return Unsupported.future(account, "send mail");
    }

    /** As {@link #send(String, Built)}; {@code recorded} as {@link dev.postern.compose.Outgoing#send(String, Built, Runnable)}'s. */
    default CompletableFuture<Postman.Result> send(String account, Built message, Runnable recorded) {
        return send(account, message);
    }

    /** Bounces a message made by {@link dev.postern.compose.Bounce} (no Sent copy, never queued). */
    default CompletableFuture<Postman.Result> bounce(String account, Built message) {
        return Unsupported.future(account, "send mail");
    }
}

package dev.postern.compose;

import java.util.List;

/**
 * What the full-screen client needs to write and send mail, apart from reading: the account's From
 * address, sending (blocking: call it off the UI thread), postponing to Drafts, address completion, the
 * outbox count and the user's editor.
 */
public interface Outgoing {
    /** The From address of new mail of the account, or null when the config gives none. */
    String fromAddress(String account);

    /** Sends through the account's SMTP server, or queues in the outbox; blocking. */
    Postman.Result send(String account, Built message);

    /**
     * As {@link #send(String, Built)}; {@code recorded} runs once the message is recorded in the outbox as perhaps
     * delivered, just before its end of data ({@link Postman#send(String, Built, Runnable)}), if it ever is.
     */
    default Postman.Result send(String account, Built message, Runnable recorded) {
        return send(account, message);
    }

    /**
     * Saves the message in the account's Drafts folder (\Drafts, else "Drafts") flagged \Draft, in place of any
     * message there with its Message-ID (its earlier postponing, or a try cut after the server stored it); blocking.
     */
    String postpone(String account, byte[] raw);

    /** Addresses seen in the store that start with {@code prefix}, most used first. */
    List<String> completeAddress(String prefix, int limit);

    /**
     * The process is ending (the reader quits with a send under way): every send under way is cut, as {@link
     * Postman#stop}; true when one was, after waiting up to {@code waitMillis} for its message to be set down.
     */
    default boolean stopSends(long waitMillis) { return false; }

    /** Sends what waits in the account's outbox; blocking. */
    Postman.FlushReport flush(String account);

    /** As {@link #flush(String)}, reporting to and cancelled by {@code work} between messages (a controller job). */
    default Postman.FlushReport flush(String account, dev.postern.model.Work work) { return flush(account); }

    /** Messages waiting in the account's outbox. */
    int waiting(String account);

    /**
     * The account's outbox by state: waiting for a flush, refused for good, and perhaps delivered (no answer after
     * its data); the last two stay until the user retries or drops them. Blocking (reads the store).
     */
    default Counts counts(String account) { return new Counts(waiting(account), 0, 0); }

    /** How many of an outbox's messages are in each state. */
    record Counts(int waiting, int refused, int unconfirmed) {
        /** Every message in the outbox. */
        public int total() { return waiting + refused + unconfirmed; }
    }

    /** The messages waiting in the account's outbox, oldest first; blocking (reads the store). */
    default List<OutboxItem> outbox(String account) { return List.of(); }

    /** Drops a waiting message unsent; false when it is no longer there. */
    default boolean drop(String account, long id) { return false; }

    /** Puts a message set aside (refused, or perhaps delivered) back in the queue; false when it is no longer there. */
    default boolean retry(String account, long id) { return false; }

    /** The account's signing and encryption defaults (pgp_sign, pgp_encrypt, crypto_protocol). */
    default dev.postern.config.CryptoConfig.Policy cryptoDefaults(String account) {
        return dev.postern.config.CryptoConfig.Policy.NONE;
    }

    /**
     * Of {@code addresses} (bare, lower case), those without a usable key (or certificate) for encryption in the
     * user's keyring; blocking (it runs gpg or gpgsm). Empty when all have one, or when it cannot be said here.
     */
    default List<String> missingKeys(dev.postern.config.CryptoConfig.Protocol protocol, List<String> addresses) {
        return List.of();
    }

    /**
     * Signs and/or encrypts as {@code protection} says, then sends as {@link #send(String, Built)}; blocking.
     * What the user should hear (a recipient without a key under "if-possible") is in the result's note.
     */
    default Postman.Result send(String account, Built message, dev.postern.config.CryptoConfig.Policy protection) {
        if (protection.sign() || protection.encrypt() != dev.postern.config.CryptoConfig.Encrypt.NEVER) {
            throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.UNAVAILABLE,
                    "signing and encrypting are not available here; nothing was sent.");
        }
        return send(account, message);
    }

    /**
     * Signs and/or encrypts as {@code protection} says (the message as it is when it asks for nothing); blocking
     * (it runs gpg or gpgsm). Refuses (65) naming recipients without a key when encryption is required.
     */
    default Protected protect(Built message, dev.postern.config.CryptoConfig.Policy protection) {
        if (protection.sign() || protection.encrypt() != dev.postern.config.CryptoConfig.Encrypt.NEVER) {
            throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.UNAVAILABLE,
                    "signing and encrypting are not available here; nothing was sent.");
        }
        return new Protected(message, List.of());
    }

    /** Whether the account has an SMTP table to send through. */
    default boolean canSend(String account) { return fromAddress(account) != null; }

    /** The From its SMTP table gives (from, else the login when it is an address), or null (no table, or none). */
    default String smtpFrom(String account) { return fromAddress(account); }

    /** The account's own addresses the config names outside its identities (its login when an address, its smtp from). */
    default List<String> configAddresses(String account) {
        String from = fromAddress(account);
        return from == null ? List.of() : List.of(from);
    }

    /** The account's identities (the one for new mail first), sig_on_top and sent_folder; none by default. */
    default dev.postern.config.IdentityConfig.Account identities(String account) {
        return new dev.postern.config.IdentityConfig.Account(List.of(), false, null);
    }

    /** The identity's signature text without the "-- " line ("" for none); blocking (a command may run). */
    default String signature(dev.postern.config.IdentityConfig.Identity identity) {
        return "";
    }

    /** Bounces a message made by {@link Bounce} (no Sent copy, never queued); blocking. */
    default Postman.Result bounce(String account, Built message) {
        throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.UNAVAILABLE, "bouncing is not available here.");
    }

    /** What becomes of a message sent with an empty Subject (abort_nosubject; ask by default). */
    default dev.postern.config.AbortNoSubject abortNoSubject() { return dev.postern.config.AbortNoSubject.ASK; }

    /** The editor command line: $VISUAL, else $EDITOR, else vi. */
    String editor();

    /**
     * The user's attribution and template files (read now: call it off the UI thread); the built-in texts by default.
     *
     * @throws dev.postern.model.PosternException (74) when a template file cannot be read
     */
    default Templates.Texts templates() {
        return Templates.Texts.BUILT_IN;
    }
}

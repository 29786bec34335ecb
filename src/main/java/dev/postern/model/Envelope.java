package dev.postern.model;

import java.time.Instant;
import java.util.List;

/**
 * What postern knows of a message without its body. Strings are decoded (RFC 2047) but NOT
 * sanitised: anything that reaches a screen or stdout passes through the render sanitiser first.
 *
 * @param date        sent date, or the internal date when the Date header is missing or broken; null if neither
 * @param size        RFC 822 size on the server, in bytes
 * @param bodyHash    content hash of the cached raw message, or null when the body is not in the store
 * @param arrived     when the message arrived where postern found it: the server's INTERNALDATE (IMAP), the time
 *                    postern first stored it (POP3); never the Date header. Null when unknown (an envelope stored
 *                    before postern kept it, store format 2 and older: see {@code MailStore.arrivalsKnownSince}).
 *                    Retention ages a message by it (hunt 38-T, T1), export writes it as the delivery date (T3).
 */
public record Envelope(
        MessageRef ref,
        String messageId,
        Instant date,
        String from,
        List<String> to,
        List<String> cc,
        String subject,
        long size,
        Flags flags,
        String inReplyTo,
        List<String> references,
        String bodyHash,
        Instant arrived) {

    public Envelope {
        to = to == null ? List.of() : List.copyOf(to);
        cc = cc == null ? List.of() : List.copyOf(cc);
        references = references == null ? List.of() : List.copyOf(references);
        flags = flags == null ? Flags.NONE : flags;
        subject = subject == null ? "" : subject;
        from = from == null ? "" : from;
    }

    /** An envelope whose arrival is not known (see {@code arrived}). */
    public Envelope(MessageRef ref, String messageId, Instant date, String from, List<String> to, List<String> cc,
            String subject, long size, Flags flags, String inReplyTo, List<String> references, String bodyHash) {
        this(ref, messageId, date, from, to, cc, subject, size, flags, inReplyTo, references, bodyHash, null);
    }

    public boolean cached() { return bodyHash != null; }

    /** When the message arrived, or {@code unknown} when the envelope does not say. */
    public Instant arrivedOr(Instant unknown) {
        return arrived != null ? arrived : unknown;
    }

    public Envelope withFlags(Flags f) {
        return new Envelope(ref, messageId, date, from, to, cc, subject, size, f, inReplyTo, references, bodyHash, arrived);
    }

    public Envelope withFrom(String f) {
        return new Envelope(ref, messageId, date, f, to, cc, subject, size, flags, inReplyTo, references, bodyHash, arrived);
    }

    public Envelope withRecipients(List<String> t, List<String> c) {
        return new Envelope(ref, messageId, date, from, t, c, subject, size, flags, inReplyTo, references, bodyHash, arrived);
    }

    public Envelope withBodyHash(String hash) {
        return new Envelope(ref, messageId, date, from, to, cc, subject, size, flags, inReplyTo, references, hash, arrived);
    }

    /** The same message under another ref (moved, renamed, kept under a new UIDVALIDITY): its arrival goes with it. */
    public Envelope withRef(MessageRef r) {
        return new Envelope(r, messageId, date, from, to, cc, subject, size, flags, inReplyTo, references, bodyHash, arrived);
    }

    public Envelope withArrived(Instant when) {
        return new Envelope(ref, messageId, date, from, to, cc, subject, size, flags, inReplyTo, references, bodyHash, when);
    }
}

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
        String bodyHash) {

    public Envelope {
        to = to == null ? List.of() : List.copyOf(to);
        cc = cc == null ? List.of() : List.copyOf(cc);
        references = references == null ? List.of() : List.copyOf(references);
        flags = flags == null ? Flags.NONE : flags;
        subject = subject == null ? "" : subject;
        from = from == null ? "" : from;
    }

    public boolean cached() { return bodyHash != null; }

    public Envelope withFlags(Flags f) {
        return new Envelope(ref, messageId, date, from, to, cc, subject, size, f, inReplyTo, references, bodyHash);
    }

    public Envelope withFrom(String f) {
        return new Envelope(ref, messageId, date, f, to, cc, subject, size, flags, inReplyTo, references, bodyHash);
    }

    public Envelope withRecipients(List<String> t, List<String> c) {
        return new Envelope(ref, messageId, date, from, t, c, subject, size, flags, inReplyTo, references, bodyHash);
    }

    public Envelope withBodyHash(String hash) {
        return new Envelope(ref, messageId, date, from, to, cc, subject, size, flags, inReplyTo, references, hash);
    }
}

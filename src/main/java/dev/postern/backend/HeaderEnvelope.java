package dev.postern.backend;

import dev.postern.backend.imap.ImapMapper;
import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import dev.postern.render.LenientHeaders;
import java.time.Instant;
import java.util.List;

/**
 * An {@link Envelope} read from a message's own header bytes with {@link LenientHeaders}: the one way
 * postern builds an envelope when no server summary can be trusted (an IMAP ENVELOPE that failed to parse
 * or that the server's parser degraded) and for POP3. Never throws.
 */
public final class HeaderEnvelope {
    private HeaderEnvelope() {}

    /**
     * @param header       the message's header block (or the whole message)
     * @param size         the size the server gave for the whole message
     * @param fallbackDate the message's arrival (the server's INTERNALDATE, or the time POP3 fetched it), kept as
     *                     {@link Envelope#arrived()} and used as the date when the Date header is missing or
     *                     unreadable; may be null
     */
    public static Envelope of(MessageRef ref, byte[] header, long size, Flags flags, Instant fallbackDate) {
        LenientHeaders h = LenientHeaders.parse(header);
        List<String> from = h.addresses("From");
        if (from.isEmpty()) from = h.addresses("Sender");
        // As for IMAP: a Date before 1900 or more than a year after the arrival is noise, the arrival stands in.
        Instant date = LenientHeaders.plausibleDate(h.date(), fallbackDate);
        String refs = h.raw("References");
        return new Envelope(ref, h.messageId("Message-ID"), date == null ? fallbackDate : date,
                from.isEmpty() ? "" : from.get(0), h.addresses("To"), h.addresses("Cc"), h.text("Subject"),
                Math.max(0, size), flags, h.messageId("In-Reply-To"), ImapMapper.messageIds(refs), null, fallbackDate);
    }
}

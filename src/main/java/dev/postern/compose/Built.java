package dev.postern.compose;

import java.util.List;

/**
 * A message ready to go: its exact bytes (CRLF, no Bcc header) and the SMTP envelope.
 *
 * @param envelopeFrom the bare address of the sender (MAIL FROM)
 * @param recipients   bare addresses of To, Cc and Bcc, each once (of an encrypted message with separate
 *                     copies: only those this copy goes to)
 * @param separately   copies of the same message sent by themselves, each to its own envelope recipients and
 *                     never saved in Sent: an encrypted message's Bcc recipients get one each, encrypted to their
 *                     key (and the sender's) only, so the To and Cc recipients' copy names no Bcc key
 */
public record Built(byte[] raw, String messageId, String envelopeFrom, List<String> recipients, List<Built> separately) {
    public Built {
        recipients = List.copyOf(recipients);
        separately = separately == null ? List.of() : List.copyOf(separately);
    }

    public Built(byte[] raw, String messageId, String envelopeFrom, List<String> recipients) {
        this(raw, messageId, envelopeFrom, recipients, List.of());
    }
}

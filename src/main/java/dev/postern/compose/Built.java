package dev.postern.compose;

import java.util.List;

/**
 * A message ready to go: its exact bytes (CRLF, no Bcc header) and the SMTP envelope.
 *
 * @param envelopeFrom the bare address of the sender (MAIL FROM)
 * @param recipients   bare addresses of To, Cc and Bcc, each once
 */
public record Built(byte[] raw, String messageId, String envelopeFrom, List<String> recipients) {
    public Built {
        recipients = List.copyOf(recipients);
    }
}

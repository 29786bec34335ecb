package dev.postern.backend.pop3;

import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import java.time.Instant;
import java.util.Arrays;

/**
 * A POP3 message's header bytes (from TOP n 0 or the head of RETR) to an {@link Envelope}. Never throws:
 * a message with a broken header still gets an envelope with what could be read, because the message
 * itself is stored byte for byte whatever its header looks like. Read by {@link dev.postern.backend.HeaderEnvelope},
 * the same lenient reader IMAP falls back to.
 */
public final class Pop3Mapper {
    private Pop3Mapper() {}

    /**
     * @param bytes        the whole message or only its header
     * @param size         the size the server gave for the whole message
     * @param fetchedAt    used as the date when the message has no readable Date header, to the second as a Date
     *                     header's (hunt 33-Z, Z18: JSON showed its nanoseconds beside IMAP's whole seconds)
     */
    public static Envelope envelope(MessageRef ref, byte[] bytes, long size, Instant fetchedAt) {
        return dev.postern.backend.HeaderEnvelope.of(ref, headerOf(bytes), size, Flags.NONE,
                fetchedAt == null ? null : fetchedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /** The header block including its terminating empty line (or everything, if there is none). */
    static byte[] headerOf(byte[] raw) {
        for (int i = 0; i + 1 < raw.length; i++) {
            if (raw[i] == '\n' && raw[i + 1] == '\n') return Arrays.copyOf(raw, i + 2);
            if (raw[i] == '\n' && raw[i + 1] == '\r' && i + 2 < raw.length && raw[i + 2] == '\n') {
                return Arrays.copyOf(raw, i + 3);
            }
        }
        return raw;
    }
}

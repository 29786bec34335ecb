package dev.postern.backend.pop3;

import dev.postern.backend.imap.ImapMapper;
import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Properties;

/**
 * A POP3 message's header bytes (from TOP n 0 or the head of RETR) to an {@link Envelope}. Never throws:
 * a message with a broken header still gets an envelope with what could be read, because the message
 * itself is stored byte for byte whatever its header looks like.
 */
public final class Pop3Mapper {
    private static final Session SESSION = Session.getInstance(new Properties());

    private Pop3Mapper() {}

    /**
     * @param bytes        the whole message or only its header
     * @param size         the size the server gave for the whole message
     * @param fetchedAt    used as the date when the message has no readable Date header
     */
    public static Envelope envelope(MessageRef ref, byte[] bytes, long size, Instant fetchedAt) {
        try {
            MimeMessage m = new MimeMessage(SESSION, new ByteArrayInputStream(headerOf(bytes)));
            Envelope e = ImapMapper.envelope(ref, m);
            return new Envelope(ref, e.messageId(), e.date() == null ? fetchedAt : e.date(), e.from(), e.to(), e.cc(),
                    e.subject(), size, Flags.NONE, e.inReplyTo(), e.references(), null);
        } catch (Exception | StackOverflowError broken) {
            return new Envelope(ref, null, fetchedAt, "", null, null, "", size, Flags.NONE, null, null, null);
        }
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

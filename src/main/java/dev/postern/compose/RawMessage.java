package dev.postern.compose;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A complete message given by the user ({@code postern send < message.eml}) made ready to send: the
 * recipients are taken from To, Cc and Bcc, the Bcc header is cut out, Date and Message-ID are added when
 * missing, and line ends become CRLF; a leading mbox From line goes, and 8-bit header text and an unlabelled 8-bit
 * body are made MIME ({@link RawHeaders}). Everything else goes out byte for byte as given.
 */
public final class RawMessage {
    private RawMessage() {}

    /** @param defaultFrom the account's address, used when the message has no From header; may be null */
    public static Built prepare(byte[] input, String defaultFrom, Clock clock) {
        byte[] crlf = toCrlf(RawHeaders.withoutMboxLine(input));
        int split = headerEnd(crlf);
        if (split < 0) {
            throw new PosternException(ExitCode.DATAERR, "the message on stdin has no header (or no empty line after it); "
                    + "give a complete message, or use --to and --subject for a plain body.");
        }
        String given = new String(crlf, 0, split, StandardCharsets.ISO_8859_1);
        String head = RawHeaders.sevenBit(given);
        String label = RawHeaders.bodyLabel(head, crlf, split + 2);
        if (label.isEmpty() && !head.equals(given) && !("\r\n" + head.toLowerCase(Locale.ROOT)).contains("\r\nmime-version:")) {
            label = "MIME-Version: 1.0\r\n"; // for the encoded words written in place of 8-bit text
        }
        InternetHeaders headers;
        try {
            // Read as UTF-8: what is left 8-bit in the header is (an address's local part, a Content-Type's name...).
            headers = new InternetHeaders(new ByteArrayInputStream((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1)), true);
        } catch (MessagingException e) {
            throw new PosternException(ExitCode.DATAERR, "the message header on stdin cannot be read (" + e.getMessage() + ").", e);
        }
        Set<String> rcpts = new LinkedHashSet<>();
        for (String field : List.of("To", "Cc", "Bcc")) {
            String[] values = headers.getHeader(field);
            if (values == null) continue;
            for (String v : values) {
                try {
                    for (InternetAddress a : InternetAddress.parseHeader(MimeUtility.unfold(v), false)) {
                        if (a.isGroup()) {
                            for (InternetAddress m : a.getGroup(false)) rcpts.add(m.getAddress());
                        } else if (a.getAddress() != null && !a.getAddress().isBlank()) {
                            rcpts.add(a.getAddress());
                        }
                    }
                } catch (AddressException e) {
                    throw new PosternException(ExitCode.DATAERR, "the " + field + " header of the message on stdin is not a"
                            + " list of addresses (" + e.getMessage() + "); nothing was sent.", e);
                }
            }
        }
        if (rcpts.isEmpty()) {
            throw new PosternException(ExitCode.USAGE, "the message on stdin has no To, Cc or Bcc recipient; add one or use --to.");
        }
        StringBuilder newHead = new StringBuilder();
        String from = headers.getHeader("From", ",");
        String envelopeFrom;
        if (from == null || from.isBlank()) {
            if (defaultFrom == null) {
                throw new PosternException(ExitCode.USAGE, "the message on stdin has no From header and the account has no"
                        + " address; add From, or set from in [accounts.NAME.smtp].");
            }
            InternetAddress f = MessageBuilder.one("From", defaultFrom);
            newHead.append("From: ").append(new String(f.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))
                    .append("\r\n");
            envelopeFrom = f.getAddress();
        } else {
            try {
                InternetAddress[] fa = InternetAddress.parseHeader(MimeUtility.unfold(from), false);
                if (fa.length == 0) throw new AddressException("empty", from);
                envelopeFrom = fa[0].getAddress();
            } catch (AddressException e) {
                throw new PosternException(ExitCode.DATAERR, "the From header of the message on stdin is not an address ("
                        + e.getMessage() + "); nothing was sent.", e);
            }
        }
        String messageId = headers.getHeader("Message-ID", null);
        if (messageId == null) {
            messageId = MessageBuilder.messageId(envelopeFrom);
            newHead.append("Message-ID: ").append(messageId).append("\r\n");
        }
        if (headers.getHeader("Date") == null) {
            newHead.append("Date: ").append(date(clock)).append("\r\n");
        }
        newHead.append(withoutField(head, "bcc")).append(label);
        ByteArrayOutputStream out = new ByteArrayOutputStream(crlf.length + 200);
        out.writeBytes(newHead.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(crlf, split, crlf.length - split);
        return new Built(out.toByteArray(), messageId.strip(), envelopeFrom, new ArrayList<>(rcpts));
    }

    /** The header block (each line ending CRLF) without the named field and its continuation lines. */
    static String withoutField(String head, String field) {
        StringBuilder out = new StringBuilder();
        boolean skipping = false;
        for (String line : head.split("\r\n", -1)) {
            if (line.isEmpty()) continue;
            boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
            if (!continuation) {
                int colon = line.indexOf(':');
                skipping = colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(field);
            }
            if (!skipping) out.append(line).append("\r\n");
        }
        return out.toString();
    }

    /** Offset of the empty line that ends the header ("\r\n" of it included in the body part), or -1. */
    private static int headerEnd(byte[] b) {
        for (int i = 0; i + 3 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') return i + 2;
        }
        return -1;
    }

    static byte[] toCrlf(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + in.length / 40 + 2);
        for (int i = 0; i < in.length; i++) {
            byte c = in[i];
            if (c == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < in.length && in[i + 1] == '\n') i++;
            } else if (c == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /**
     * Now, for a Date header (RFC 5322), in {@code clock}'s zone: MailDateFormat alone writes the JVM's, which in a
     * resident owner is the owner's, not its client's (hunt 34-C, C4).
     */
    static String date(java.time.Clock clock) {
        MailDateFormat f = new MailDateFormat();
        f.setTimeZone(java.util.TimeZone.getTimeZone(clock.getZone()));
        return f.format(Date.from(clock.instant()));
    }
}

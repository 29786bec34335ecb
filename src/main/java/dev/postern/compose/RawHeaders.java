package dev.postern.compose;

import dev.postern.backend.smtp.MailPath;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The header and start of a complete message given to {@code send} made fit for the wire, as mutt's {@code -H}
 * re-encodes one: a leading mbox {@code From } line (and a UTF-8 byte-order mark) dropped, 8-bit text in UTF-8
 * written as RFC 2047 encoded words (Subject, Comments, Organization, X- fields) or, in an address field, names as
 * encoded words and domains as IDNA A-labels; an unlabelled 8-bit body labelled text/plain in UTF-8. 8-bit header
 * bytes that are not UTF-8 are refused (65): no charset can be told for them.
 */
final class RawHeaders {
    private RawHeaders() {}

    private static final Set<String> ADDRESS_FIELDS = Set.of("from", "to", "cc", "bcc", "reply-to", "sender", "resent-from",
            "resent-to", "resent-cc", "resent-bcc", "resent-sender", "mail-followup-to", "mail-reply-to");
    private static final Set<String> TEXT_FIELDS = Set.of("subject", "comments", "organization");

    /** {@code in} without a UTF-8 byte-order mark and a first line {@code From ...} (an mbox separator, RFC 4155). */
    static byte[] withoutMboxLine(byte[] in) {
        int start = in.length >= 3 && (in[0] & 0xff) == 0xEF && (in[1] & 0xff) == 0xBB && (in[2] & 0xff) == 0xBF ? 3 : 0;
        if (in.length - start >= 5 && new String(in, start, 5, StandardCharsets.ISO_8859_1).equals("From ")) {
            int nl = start;
            while (nl < in.length && in[nl] != '\n') nl++;
            start = Math.min(nl + 1, in.length);
        }
        return start == 0 ? in : java.util.Arrays.copyOfRange(in, start, in.length);
    }

    /**
     * {@code head} (header lines ending CRLF, one char an octet) with its 8-bit fields re-encoded as above; fields
     * of other kinds (Content-Type, Message-ID...) keep their UTF-8, which only SMTPUTF8 or 8BITMIME carries.
     */
    static String sevenBit(String head) {
        StringBuilder out = new StringBuilder(head.length());
        StringBuilder field = new StringBuilder();
        for (String line : head.split("\r\n", -1)) {
            if (line.isEmpty()) continue;
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !field.isEmpty()) {
                field.append("\r\n").append(line);
                continue;
            }
            flush(field, out);
            field.append(line);
        }
        flush(field, out);
        return out.toString();
    }

    private static void flush(StringBuilder field, StringBuilder out) {
        if (field.isEmpty()) return;
        String f = field.toString();
        field.setLength(0);
        int colon = f.indexOf(':');
        if (colon <= 0 || f.chars().allMatch(c -> c < 0x80)) {
            out.append(f).append("\r\n");
            return;
        }
        String name = f.substring(0, colon).strip();
        String value = utf8(name, f.substring(colon + 1));
        String lower = name.toLowerCase(Locale.ROOT);
        String written;
        if (ADDRESS_FIELDS.contains(lower)) {
            written = name + ": " + addresses(name, MimeUtility.unfold(value).strip());
        } else if (TEXT_FIELDS.contains(lower) || lower.startsWith("x-")) {
            written = name + ": " + MessageBuilder.unstructured(name, MimeUtility.unfold(value).strip());
        } else {
            written = name + ":" + value;
        }
        out.append(new String(written.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)).append("\r\n");
    }

    /** The field's value (octets as chars) read as UTF-8, or 65 saying it is not. */
    private static String utf8(String name, String octets) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(octets.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            throw new PosternException(ExitCode.DATAERR, "the " + name + " header of the message on stdin holds 8-bit bytes"
                    + " that are not UTF-8, so their charset cannot be told; write it in UTF-8 or as RFC 2047 words;"
                    + " nothing was sent.");
        }
    }

    /** The address list with names as encoded words and domains as A-labels (a local part in Unicode stays so). */
    private static String addresses(String name, String value) {
        try {
            InternetAddress[] list = InternetAddress.parseHeader(value, false);
            for (InternetAddress a : list) {
                if (a.isGroup()) continue;
                a.setAddress(MailPath.ascii(a.getAddress()));
                if (a.getPersonal() != null) a.setPersonal(a.getPersonal(), "UTF-8");
            }
            return InternetAddress.toString(list, name.length() + 2);
        } catch (AddressException | UnsupportedEncodingException | IllegalArgumentException e) {
            throw new PosternException(ExitCode.DATAERR, "the " + name + " header of the message on stdin is not a list of"
                    + " addresses (" + e.getMessage() + "); nothing was sent.", e);
        }
    }

    /**
     * The MIME fields to add to a header without Content-Type and MIME-Version whose body holds 8-bit data: text/plain
     * in UTF-8 when it is UTF-8 (else 65: its charset cannot be told); "" when none are needed.
     */
    static String bodyLabel(String head, byte[] message, int bodyStart) {
        boolean high = false;
        for (int i = bodyStart; i < message.length && !high; i++) high = message[i] < 0;
        String lower = "\r\n" + head.toLowerCase(Locale.ROOT);
        if (!high || lower.contains("\r\ncontent-type:") || lower.contains("\r\nmime-version:")) return "";
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(message, bodyStart, message.length - bodyStart));
        } catch (CharacterCodingException e) {
            throw new PosternException(ExitCode.DATAERR, "the body of the message on stdin holds 8-bit bytes that are not"
                    + " UTF-8 and the message has no Content-Type to say their charset; add one (such as"
                    + " Content-Type: text/plain; charset=iso-8859-1, with MIME-Version: 1.0) or write it in UTF-8; nothing was sent.");
        }
        return "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n";
    }
}

package dev.postern.backend.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Properties;

/**
 * 8-bit data and the server that is to carry it (RFC 6152): a message holding octets over 127 goes with
 * {@code BODY=8BITMIME} to a server that offers it; to one that does not, its 8-bit parts are made 7-bit first, a
 * text part as quoted-printable, a message or other part as base64 ({@code message/rfc822} then becomes the
 * {@code application/octet-stream} .eml file that a forward with over-long lines already is). What cannot be made
 * 7-bit without changing what it is (8-bit header text, a signed or encrypted part, a bounce, which goes as it is)
 * is refused ({@link Refused}), before anything is sent.
 */
final class EightBit {
    private EightBit() {}

    /** Why a message cannot go to a server without 8BITMIME, said as the end of a sentence. */
    static final class Refused extends Exception {
        Refused(String why) {
            super(why, null, false, false);
        }
    }

    static boolean has(byte[] b) {
        for (byte x : b) if (x < 0) return true;
        return false;
    }

    /** The length of the header block (its empty line not counted), or the whole when there is none. */
    static int headerLength(byte[] b) {
        for (int i = 0; i + 3 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') return i + 2;
        }
        return b.length;
    }

    /** Whether the header holds non-ASCII text that is UTF-8 (RFC 6532), which SMTPUTF8 carries. */
    static boolean utf8Header(byte[] raw) {
        int n = headerLength(raw);
        boolean high = false;
        for (int i = 0; i < n && !high; i++) high = raw[i] < 0;
        return high && utf8(raw, 0, n);
    }

    static boolean utf8(byte[] b, int from, int length) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b, from, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * {@code raw} with no octet over 127, for a server without 8BITMIME.
     *
     * @param asIs the message must go unchanged (a bounce): refused whenever it holds 8-bit data
     */
    static byte[] sevenBit(byte[] raw, boolean asIs) throws Refused {
        if (asIs) throw new Refused("the message holds 8-bit data and a bounce goes as it is, so it cannot be re-encoded");
        for (int i = 0, n = headerLength(raw); i < n; i++) {
            if (raw[i] < 0) throw new Refused("its header holds 8-bit text");
        }
        try {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + raw.length / 3);
            write(m, out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new Refused("its MIME structure cannot be read (" + e.getMessage() + ")");
        }
    }

    private static void write(MimePart p, OutputStream out) throws MessagingException, IOException, Refused {
        byte[] body = raw(p);
        String type = lower(p.getContentType());
        if (!has(body)) {
            copy(p, out, null, null, body);
        } else if (type.startsWith("multipart/signed") || type.startsWith("multipart/encrypted")) {
            throw new Refused("a signed or encrypted part of it holds 8-bit data");
        } else if (type.startsWith("multipart/") && p.getContent() instanceof Multipart mp) {
            String boundary = new ContentType(p.getContentType()).getParameter("boundary");
            header(p, out, null, null);
            out.write(crlf("\r\n"));
            for (int i = 0; i < mp.getCount(); i++) {
                out.write(crlf("--" + boundary + "\r\n"));
                write((MimeBodyPart) mp.getBodyPart(i), out);
                out.write(crlf("\r\n"));
            }
            out.write(crlf("--" + boundary + "--\r\n"));
        } else {
            String cte = p.getEncoding() == null ? "7bit" : lower(p.getEncoding());
            if (!cte.equals("7bit") && !cte.equals("8bit") && !cte.equals("binary")) {
                throw new Refused("a part of it labelled " + cte + " holds 8-bit data");
            }
            if (type.startsWith("text/")) {
                copy(p, out, null, "quoted-printable", encode(body, "quoted-printable"));
            } else {
                String newType = null;
                if (type.startsWith("message/")) {
                    String name = p.getFileName();
                    newType = "application/octet-stream; name=\"" + (name == null ? "forwarded.eml" : name.replace("\"", "")) + "\"";
                }
                copy(p, out, newType, "base64", encode(body, "base64"));
            }
        }
    }

    /** The part's header, with Content-Type and Content-Transfer-Encoding replaced when given, its blank line, {@code body}. */
    private static void copy(MimePart p, OutputStream out, String type, String cte, byte[] body)
            throws MessagingException, IOException {
        header(p, out, type, cte);
        out.write(crlf("\r\n"));
        out.write(body);
    }

    private static void header(MimePart p, OutputStream out, String type, String cte) throws MessagingException, IOException {
        Enumeration<String> lines = p.getAllHeaderLines();
        while (lines.hasMoreElements()) {
            String line = lines.nextElement();
            String name = lower(line.substring(0, Math.max(0, line.indexOf(':'))).strip());
            if (cte != null && name.equals("content-transfer-encoding")) continue;
            if (type != null && name.equals("content-type")) continue;
            out.write(crlf(line + "\r\n"));
        }
        if (type != null) out.write(crlf("Content-Type: " + type + "\r\n"));
        if (cte != null) out.write(crlf("Content-Transfer-Encoding: " + cte + "\r\n"));
    }

    private static byte[] raw(MimePart p) throws MessagingException, IOException {
        InputStream in = p instanceof MimeMessage m ? m.getRawInputStream() : ((MimeBodyPart) p).getRawInputStream();
        try (in) {
            return in.readAllBytes();
        }
    }

    private static byte[] encode(byte[] data, String how) throws MessagingException, IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(data.length * 4 / 3 + 8);
        try (OutputStream e = MimeUtility.encode(b, how)) {
            e.write(data);
        }
        return b.toByteArray(); // the CRLF before a boundary is the boundary's (RFC 2046 5.1.1): none added
    }

    /** Header text as the octets it was read from (Jakarta keeps each octet of a header as one char). */
    private static byte[] crlf(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}

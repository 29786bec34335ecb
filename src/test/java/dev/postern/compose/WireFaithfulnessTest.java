package dev.postern.compose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * hunt 37-P P8, P12, P4, P5: what postern builds arrives as it was meant. Each message goes through what SMTP does to
 * DATA (every bare CR and bare LF becomes CRLF, RFC 5321 2.3.8, as Angus's SMTP transport and the relays do), is
 * parsed back with Jakarta Mail, and its attachments' decoded bytes, charsets and header text are compared exactly.
 */
class WireFaithfulnessTest {
    private final MessageBuilder builder = new MessageBuilder(Clock.fixed(Instant.parse("2026-12-07T05:00:00Z"), ZoneOffset.UTC));

    private static Draft draft(String from, String subject, List<Draft.Attachment> attachments) {
        return new Draft(from, List.of("bob@example.org"), List.of(), List.of(), subject, "body\n", attachments, null,
                List.of(), false);
    }

    private static Draft.Attachment file(String name, byte[] bytes) {
        return new Draft.Attachment(name, null, null, bytes);
    }

    /** The DATA as a receiving MTA stores it: CR and LF outside CRLF made CRLF. */
    private static byte[] wire(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '\r' && i + 1 < raw.length && raw[i + 1] == '\n') {
                out.write('\r');
                out.write('\n');
                i++;
            } else if (b == '\r' || b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static MimeMessage received(Built b) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(wire(b.raw())));
    }

    private static List<MimeBodyPart> attachments(MimeMessage m) throws Exception {
        Multipart mp = (Multipart) m.getContent();
        List<MimeBodyPart> out = new ArrayList<>();
        for (int i = 1; i < mp.getCount(); i++) out.add((MimeBodyPart) mp.getBodyPart(i));
        return out;
    }

    private static byte[] decoded(MimeBodyPart p) throws Exception {
        return p.getInputStream().readAllBytes();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void textAndOtherAttachmentsWithLoneCrOrMixedLineEndsArriveByteForByte() throws Exception {
        List<Draft.Attachment> files = List.of(
                file("cr-only.txt", bytes("a\rb\rc\r")),
                file("crlf-in-lf.patch", bytes("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\r\n+new\r\n context\n")),
                file("mixed.csv", bytes("col1,col2\r\n1,2\n")),
                file("data.json", bytes("{\"a\": 1}\n")),
                // a recalled draft's attachment carries its type as it was and goes the same way
                new Draft.Attachment("notes.txt", "text/plain; charset=UTF-8", null, bytes("line1\nline2\r\nline3\n")));
        MimeMessage m = received(builder.build(draft("alice@example.org", "cr", files)));
        List<MimeBodyPart> parts = attachments(m);
        for (int i = 0; i < files.size(); i++) {
            assertArrayEquals(files.get(i).bytes(), decoded(parts.get(i)), files.get(i).name());
            assertEquals("base64", parts.get(i).getEncoding(), files.get(i).name());
        }
    }

    @Test
    void textWithOneKindOfLineEndStaysReadable() throws Exception {
        MimeMessage m = received(builder.build(draft("alice@example.org", "lines", List.of(
                file("lf.txt", bytes("one\ntwo\n")), file("crlf.txt", bytes("one\r\ntwo\r\n"))))));
        List<MimeBodyPart> parts = attachments(m);
        assertEquals("7bit", parts.get(0).getEncoding());
        assertArrayEquals(bytes("one\r\ntwo\r\n"), decoded(parts.get(0)), "LF text arrives as CRLF lines, RFC 2046 4.1.1");
        assertEquals("7bit", parts.get(1).getEncoding());
        assertArrayEquals(bytes("one\r\ntwo\r\n"), decoded(parts.get(1)));
    }

    @Test
    void textAttachmentsNameTheCharsetTheyAreIn() throws Exception {
        byte[] latin1 = "café naïve latin-1 text\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf16 = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "héllo\r\n".getBytes(StandardCharsets.UTF_16LE));
        byte[] junk = {'a', 0x01, (byte) 0x81, 'b', '\n'};
        MimeMessage m = received(builder.build(draft("alice@example.org", "cs", List.of(
                file("latin1.txt", latin1), file("utf16.txt", utf16), file("junk.txt", junk), file("u.txt", bytes("plain\n"))))));
        List<MimeBodyPart> parts = attachments(m);
        assertTrue(parts.get(0).isMimeType("text/plain"), parts.get(0).getContentType());
        assertEquals("windows-1252", new jakarta.mail.internet.ContentType(parts.get(0).getContentType()).getParameter("charset"));
        assertEquals("café naïve latin-1 text\r\n", new String(decoded(parts.get(0)), Charset.forName("windows-1252")));
        assertEquals("UTF-16", new jakarta.mail.internet.ContentType(parts.get(1).getContentType()).getParameter("charset"));
        assertArrayEquals(utf16, decoded(parts.get(1)));
        assertEquals("héllo\r\n", parts.get(1).getContent(), "Jakarta reads it by its label");
        assertTrue(parts.get(2).isMimeType("application/octet-stream"), "bytes in no charset postern can tell: " + parts.get(2).getContentType());
        assertArrayEquals(junk, decoded(parts.get(2)));
        assertEquals("UTF-8", new jakarta.mail.internet.ContentType(parts.get(3).getContentType()).getParameter("charset"));
    }

    @Test
    void textThatLooksLikeAnEncodedWordIsReadAsTyped() throws Exception {
        String subject = "literal =?UTF-8?B?SGk=?= text";
        String name = "Eve =?UTF-8?Q?Boss?= Smith";
        Built b = builder.build(draft(name + " <eve@example.org>", subject, List.of()));
        MimeMessage m = received(b);
        assertEquals(subject, m.getSubject());
        assertEquals(name, ((InternetAddress) m.getFrom()[0]).getPersonal());
        String head = new String(b.raw(), StandardCharsets.ISO_8859_1);
        head = head.substring(0, head.indexOf("\r\n\r\n"));
        assertFalse(head.contains("=?UTF-8?B?SGk=?="), head);
        assertFalse(head.contains("=?UTF-8?Q?Boss?="), head);
        // A Re: of it keeps it too: the reply's subject is built the same way.
        assertEquals("Re: " + subject, received(builder.build(draft("alice@example.org", "Re: " + subject, List.of()))).getSubject());
    }

    @Test
    void everyLineHoldingAnEncodedWordIsAtMost76Octets() throws Exception {
        String subject = "Überlange Betreffzeile mit Umlauten äöü und noch mehr Text, damit sie mehrere Wörter braucht";
        for (String name : List.of("Jürgen " + "Ääää ".repeat(200) + "Müller", "Jürgen Müller-Lüdenscheidt von und zu Großbritannien-Ärmelkanal")) {
            Built b = builder.build(draft(name + " <juergen@example.org>", subject, List.of()));
            lines76(b, subject, name);
        }
    }

    private static void lines76(Built b, String subject, String name) throws Exception {
        String head = new String(b.raw(), StandardCharsets.ISO_8859_1);
        head = head.substring(0, head.indexOf("\r\n\r\n"));
        for (String line : head.split("\r\n")) {
            if (line.contains("=?")) assertTrue(line.length() <= 76, line.length() + " octets: " + line);
        }
        MimeMessage m = received(b);
        assertEquals(subject, m.getSubject());
        assertEquals(name, ((InternetAddress) m.getFrom()[0]).getPersonal());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package dev.postern.compose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.Part;
import dev.postern.model.PosternException;
import dev.postern.render.MessageRenderer;
import dev.postern.render.RenderOptions;
import dev.postern.render.RenderedMessage;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Built bytes parse back, with postern's own renderer and with Jakarta Mail, to what was written. */
class MessageBuilderTest {
    @TempDir Path dir;

    private final MessageBuilder builder = new MessageBuilder(Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));

    private static Draft draft(String subject, String body, List<Draft.Attachment> attachments) {
        return new Draft("Jürgen Müller <juergen@example.org>", List.of("Zoë <zoe@example.org>, bob@example.org"),
                List.of("carol@example.org"), List.of("hidden@example.org"), subject, body, attachments,
                "<orig@example.org>", List.of("<root@example.org>", "<orig@example.org>"), false);
    }

    private static MimeMessage jakarta(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    private static String headerBlock(byte[] raw) {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        return s.substring(0, s.indexOf("\r\n\r\n"));
    }

    @Test
    void nonAsciiHeadersAreEncodedWordsAndComeBackDecoded() throws Exception {
        Built b = builder.build(draft("Grüße ☃ aus Köln", "naïve café\nzweite Zeile\n", List.of()));
        String head = headerBlock(b.raw());
        for (char c : head.toCharArray()) assertTrue(c < 128, "8-bit byte in the header: " + head);
        assertTrue(head.contains("=?UTF-8?"), head);

        MimeMessage m = jakarta(b.raw());
        assertEquals("Grüße ☃ aus Köln", m.getSubject());
        assertEquals("Jürgen Müller", ((InternetAddress) m.getFrom()[0]).getPersonal());
        assertEquals("Zoë", ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getPersonal());
        assertEquals(2, m.getRecipients(Message.RecipientType.TO).length);
        assertEquals(b.messageId(), m.getMessageID());
        assertTrue(b.messageId().endsWith("@example.org>"), b.messageId());
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), m.getSentDate().toInstant());
        assertEquals("<orig@example.org>", m.getHeader("In-Reply-To", null));
        assertEquals("<root@example.org> <orig@example.org>", m.getHeader("References", " ").replaceAll("\\s+", " "));
        assertTrue(m.isMimeType("text/plain"));
        assertTrue(m.getContentType().toLowerCase().contains("charset=utf-8"), m.getContentType());
        assertEquals("naïve café\r\nzweite Zeile\r\n", ((String) m.getContent()).replace("\r\n", "\n").replace("\n", "\r\n"));

        RenderedMessage r = new MessageRenderer(RenderOptions.defaults()).render(b.raw());
        assertTrue(r.body().contains("naïve café"), r.body());
        assertTrue(r.headers().stream().anyMatch(h -> h.name().equals("Subject") && h.value().equals("Grüße ☃ aus Köln")), r.headers().toString());
        assertTrue(r.headers().stream().anyMatch(h -> h.name().equals("From") && h.value().contains("Jürgen Müller")), r.headers().toString());
    }

    @Test
    void bccGoesIntoTheEnvelopeOnlyNeverIntoTheBytes() throws Exception {
        Built b = builder.build(draft("s", "x", List.of()));
        assertEquals(List.of("zoe@example.org", "bob@example.org", "carol@example.org", "hidden@example.org"), b.recipients());
        assertEquals("juergen@example.org", b.envelopeFrom());
        String all = new String(b.raw(), StandardCharsets.ISO_8859_1);
        assertFalse(all.contains("hidden"), all);
        // No Bcc header line (the random Message-ID may hold the letters "bcc", so the whole text is not searched).
        assertFalse(all.toLowerCase().matches("(?s)(.*\\n)?bcc[ \\t]*:.*"), all);
        assertNull(jakarta(b.raw()).getHeader("Bcc"));
    }

    @Test
    void attachmentsCarryRfc2231NamesDetectedTypesAndExactBytes() throws Exception {
        Path pdf = dir.resolve("résumé 2026 — final.pdf");
        byte[] pdfBytes = "%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(pdf, pdfBytes);
        Path bin = dir.resolve("blob");
        byte[] binBytes = new byte[300];
        for (int i = 0; i < binBytes.length; i++) binBytes[i] = (byte) i;
        Files.write(bin, binBytes);
        Built b = builder.build(draft("files", "see attached", List.of(Draft.Attachment.file(pdf), Draft.Attachment.file(bin))));
        String all = new String(b.raw(), StandardCharsets.ISO_8859_1);
        assertTrue(all.contains("filename*=UTF-8''r%C3%A9sum%C3%A9") || all.contains("filename*0*=UTF-8''r%C3%A9sum%C3%A9"), all);

        MimeMessage m = jakarta(b.raw());
        Multipart mp = (Multipart) m.getContent();
        assertEquals(3, mp.getCount());
        assertTrue(mp.getBodyPart(0).isMimeType("text/plain"));
        MimeBodyPart a = (MimeBodyPart) mp.getBodyPart(1);
        assertTrue(a.isMimeType("application/pdf"), a.getContentType());
        assertEquals("résumé 2026 — final.pdf", a.getFileName());
        assertEquals(MimeBodyPart.ATTACHMENT, a.getDisposition());
        assertArrayEquals(pdfBytes, a.getInputStream().readAllBytes());
        MimeBodyPart c = (MimeBodyPart) mp.getBodyPart(2);
        assertTrue(c.isMimeType("application/octet-stream"), c.getContentType());
        assertArrayEquals(binBytes, c.getInputStream().readAllBytes());

        RenderedMessage r = new MessageRenderer(RenderOptions.defaults()).render(b.raw());
        assertTrue(r.body().contains("see attached"), r.body());
        List<String> names = r.parts().stream().map(Part::filename).toList();
        assertTrue(names.contains("résumé 2026 — final.pdf"), names.toString());
        assertTrue(r.parts().stream().anyMatch(p -> p.contentType().startsWith("application/pdf")), r.parts().toString());
    }

    @Test
    void aForwardedMessageIsAMessageRfc822PartThatParsesBack() throws Exception {
        byte[] original = "From: x@example.org\r\nSubject: the original\r\nMessage-ID: <o@x>\r\n\r\nold text\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        Built b = builder.build(draft("Fwd: the original", "fyi", List.of(Draft.Attachment.message("the original.eml", original))));
        Multipart mp = (Multipart) jakarta(b.raw()).getContent();
        MimeBodyPart fwd = (MimeBodyPart) mp.getBodyPart(1);
        assertTrue(fwd.isMimeType("message/rfc822"), fwd.getContentType());
        MimeMessage inner = (MimeMessage) fwd.getContent();
        assertEquals("the original", inner.getSubject());
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        fwd.getInputStream().transferTo(o);
        assertTrue(o.toString(StandardCharsets.US_ASCII).contains("old text"));
    }

    @Test
    void flowedTextWrapsLongLinesWithSoftBreaksThatUnflowBack() throws Exception {
        String para = "This is a long paragraph that goes on well past seventy-two columns so that it must be "
                + "broken into several lines when sent as format=flowed, then joined again by the reader.";
        Draft d = new Draft("a@example.org", List.of("b@example.org"), null, null, "flowed", para + "\n> quoted\nFrom here\n",
                null, null, null, true);
        Built b = builder.build(d);
        MimeMessage m = jakarta(b.raw());
        assertTrue(m.getContentType().contains("format=flowed"), m.getContentType());
        String wire = (String) m.getContent();
        for (String line : wire.split("\r\n")) assertTrue(line.length() <= 78, "line too long: " + line);
        assertTrue(wire.contains("\r\n From here"), "From is space-stuffed: " + wire);
        // unflow: a line ending in a space joins the next
        StringBuilder joined = new StringBuilder();
        for (String line : wire.split("\r\n")) {
            String l = line.startsWith(" ") ? line.substring(1) : line;
            joined.append(l);
            if (!l.endsWith(" ")) joined.append('\n');
        }
        assertTrue(joined.toString().startsWith(para + "\n"), joined.toString());
        RenderedMessage r = new MessageRenderer(RenderOptions.defaults()).render(b.raw());
        assertTrue(r.body().replace("\n", " ").contains("then joined again by the reader."), r.body());
    }

    @Test
    void lineBreaksInTypedHeadersCannotInjectHeaders() throws Exception {
        Built b = builder.build(draft("hi\r\nBcc: evil@example.org\u001b[31m", "x", List.of()));
        MimeMessage m = jakarta(b.raw());
        assertNull(m.getHeader("Bcc"));
        assertEquals("hi Bcc: evil@example.org[31m", m.getSubject());
        assertFalse(new String(b.raw(), StandardCharsets.ISO_8859_1).contains("\u001b"));
    }

    @Test
    void lineBreaksInDisplayNamesCannotInjectHeaders() throws Exception {
        // Display names come from received mail (a reply's To is the original's From): decoded, they may hold CR LF.
        for (String to : List.of("\"Eve\r\nBcc: evil@example.org\" <eve@example.org>",
                "=?utf-8?q?Eve=0D=0ABcc:_evil@example.org?= <eve@example.org>", "Eve\r\nBcc: evil@example.org <eve@example.org>")) {
            Built b;
            try {
                b = builder.build(new Draft("a@example.org", List.of(to), List.of("Carol\nX-Evil: 1 <c@example.org>"), null, "s",
                        "b", null, null, null, false));
            } catch (PosternException refused) {
                assertEquals(ExitCode.USAGE, refused.exitCode(), to);
                continue;
            }
            MimeMessage m = jakarta(b.raw());
            assertNull(m.getHeader("Bcc"), to);
            assertNull(m.getHeader("X-Evil"), to);
            String raw = new String(b.raw(), StandardCharsets.ISO_8859_1);
            assertFalse(raw.contains("\nBcc:") || raw.contains("\nX-Evil:"), raw);
        }
    }

    @Test
    void badAddressesAndMissingRecipientsAreUsageErrors() {
        PosternException e = assertThrows(PosternException.class, () -> builder.build(
                new Draft("a@example.org", List.of("not an address"), null, null, "s", "b", null, null, null, false)));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("To 'not an address' is not a mail address"), e.getMessage());
        e = assertThrows(PosternException.class, () -> builder.build(
                new Draft("a@example.org", null, null, null, "s", "b", null, null, null, false)));
        assertEquals(ExitCode.USAGE, e.exitCode());
        e = assertThrows(PosternException.class, () -> builder.build(new Draft("a@example.org", List.of("b@example.org"),
                null, null, "s", "b", List.of(Draft.Attachment.file(dir.resolve("missing.pdf"))), null, null, false)));
        assertEquals(ExitCode.NOINPUT, e.exitCode());
    }

    /**
     * The Date header is written in the clock's zone, not the JVM's: a resident owner building a client's message
     * dated it with the owner's offset (hunt 34-C, C4). The same for a message given whole (send's raw input).
     */
    @Test
    void theDateHeaderIsInTheClocksZone() throws Exception {
        Clock tokyo = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), java.time.ZoneId.of("Asia/Tokyo"));
        Built b = new MessageBuilder(tokyo).build(draft("zone", "body\n", List.of()));
        String date = jakarta(b.raw()).getHeader("Date", null);
        assertTrue(date.contains("19:00:00 +0900"), date);
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), jakarta(b.raw()).getSentDate().toInstant());
        Built raw = RawMessage.prepare("From: a@example.org\r\nTo: b@example.org\r\nSubject: x\r\n\r\nhi\r\n"
                .getBytes(StandardCharsets.US_ASCII), "a@example.org", tokyo);
        assertTrue(jakarta(raw.raw()).getHeader("Date", null).contains("19:00:00 +0900"), new String(raw.raw(), StandardCharsets.US_ASCII));
    }
}

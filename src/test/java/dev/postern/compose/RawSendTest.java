package dev.postern.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A complete message for {@code send < FILE}, and addresses in Unicode in the headers postern writes (hunt 37-P). */
class RawSendTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T05:00:00Z"), ZoneOffset.UTC);

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static MimeMessage parsed(byte[] b) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(b));
    }

    @Test
    void aLeadingMboxFromLineIsDropped() {
        byte[] in = "From alice@example.org Mon Dec  7 04:00:00 2026\nFrom: alice@example.org\nTo: bob@example.com\nSubject: x\n\nbody\n"
                .getBytes(StandardCharsets.US_ASCII);
        Built b = RawMessage.prepare(in, null, CLOCK);
        assertFalse(text(b.raw()).contains("From alice@example.org Mon"), text(b.raw()));
        assertTrue(text(b.raw()).contains("\r\nFrom: alice@example.org\r\n"), text(b.raw()));
        assertEquals(List.of("bob@example.com"), b.recipients());
        // Only a first line: "From " further down is the body's.
        byte[] body = "From: alice@example.org\nTo: bob@example.com\n\nFrom here on\n".getBytes(StandardCharsets.US_ASCII);
        assertTrue(text(RawMessage.prepare(body, null, CLOCK).raw()).endsWith("\r\n\r\nFrom here on\r\n"));
    }

    @Test
    void eightBitHeaderTextIsEncodedAndAnUnlabelledEightBitBodyLabelled() throws Exception {
        byte[] in = ("From: Jörg Müller <alice@example.org>\nTo: Bob <bob@bücher.example>\nSubject: raw send café\n"
                + "BCC: secret@example.com\n\nBody café\n").getBytes(StandardCharsets.UTF_8);
        Built b = RawMessage.prepare(in, null, CLOCK);
        String raw = text(b.raw());
        int end = raw.indexOf("\r\n\r\n");
        for (int i = 0; i < end; i++) assertTrue(raw.charAt(i) < 0x80, raw.substring(0, end));
        assertTrue(raw.contains("\r\nTo: Bob <bob@xn--bcher-kva.example>\r\n"), raw);
        assertTrue(raw.contains("\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"), raw);
        assertFalse(raw.toLowerCase(java.util.Locale.ROOT).contains("bcc:"), raw);
        assertEquals(List.of("bob@xn--bcher-kva.example", "secret@example.com"), b.recipients());
        assertEquals("alice@example.org", b.envelopeFrom());
        MimeMessage m = parsed(b.raw());
        assertEquals("raw send café", m.getSubject());
        assertEquals("Jörg Müller", ((jakarta.mail.internet.InternetAddress) m.getFrom()[0]).getPersonal());
        assertEquals("Body café\r\n", m.getContent());
    }

    @Test
    void eightBitThatIsNotUtf8IsRefusedWithASentence() {
        byte[] body = "From: alice@example.org\nTo: bob@example.com\nSubject: x\n\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        PosternException e = assertThrows(PosternException.class, () -> RawMessage.prepare(body, null, CLOCK));
        assertEquals(ExitCode.DATAERR, e.exitCode());
        assertTrue(e.getMessage().contains("not UTF-8 and the message has no Content-Type"), e.getMessage());
        byte[] head = "From: alice@example.org\nTo: bob@example.com\nSubject: caf\u00e9\n\nx\n".getBytes(StandardCharsets.ISO_8859_1);
        e = assertThrows(PosternException.class, () -> RawMessage.prepare(head, null, CLOCK));
        assertEquals(ExitCode.DATAERR, e.exitCode());
        assertTrue(e.getMessage().contains("the Subject header of the message on stdin holds 8-bit bytes that are not UTF-8"), e.getMessage());
        // A labelled body is left as it is.
        byte[] labelled = ("From: alice@example.org\nTo: bob@example.com\nMIME-Version: 1.0\n"
                + "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\ncaf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(text(RawMessage.prepare(labelled, null, CLOCK).raw()).endsWith("\r\n\r\ncaf\u00e9\r\n"));
    }

    @Test
    void aDomainInUnicodeIsWrittenAsItsALabelByTheBuilderAndTheBounce() {
        Built b = new MessageBuilder(CLOCK).build(new Draft("alice@example.org", List.of("Bob <bob@bücher.example>"), List.of(),
                List.of("eve@bücher.example"), "s", "b\n", List.of(), null, List.of(), false));
        assertTrue(text(b.raw()).contains("\r\nTo: Bob <bob@xn--bcher-kva.example>\r\n"), text(b.raw()));
        assertEquals(List.of("bob@xn--bcher-kva.example", "eve@xn--bcher-kva.example"), b.recipients());
        Built bounce = Bounce.prepare("From: c@example.org\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII), "alice@example.org",
                List.of("bob@bücher.example"), CLOCK);
        assertTrue(text(bounce.raw()).contains("Resent-To: bob@xn--bcher-kva.example\r\n"), text(bounce.raw()));
        assertEquals(List.of("bob@xn--bcher-kva.example"), bounce.recipients());
    }
}

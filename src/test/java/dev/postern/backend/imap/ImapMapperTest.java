package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.MessageRef;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ImapMapperTest {
    private static final MessageRef REF = new MessageRef("a", "INBOX", 7, 42);

    private static MimeMessage parse(String raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void mapsEveryEnvelopeField() throws Exception {
        MimeMessage m = parse("""
                From: =?UTF-8?Q?Zo=C3=AB?= <zoe@example.se>\r
                To: a@example.org, "B, Bee" <b@example.org>\r
                Cc: c@example.org\r
                Subject: =?UTF-8?B?SGVsbG8g8J+OiQ==?=\r
                Date: Tue, 03 Mar 2026 10:15:00 +0100\r
                Message-ID: <m1@example.org>\r
                In-Reply-To: <m0@example.org>\r
                References: <r1@x> junk <r2@y>\r
                \r
                body\r
                """);
        m.setFlag(jakarta.mail.Flags.Flag.SEEN, true);
        m.setFlags(new jakarta.mail.Flags("$Label1"), true);
        Envelope e = ImapMapper.envelope(REF, m);
        assertEquals(REF, e.ref());
        assertEquals("Zoë <zoe@example.se>", e.from());
        assertEquals(List.of("a@example.org", "B, Bee <b@example.org>"), e.to());
        assertEquals(List.of("c@example.org"), e.cc());
        assertEquals("Hello 🎉", e.subject());
        assertEquals("2026-03-03T09:15:00Z", e.date().toString());
        assertEquals("<m1@example.org>", e.messageId());
        assertEquals("<m0@example.org>", e.inReplyTo());
        assertEquals(List.of("<r1@x>", "<r2@y>"), e.references());
        assertTrue(e.flags().has(Flag.SEEN));
        assertTrue(e.flags().keywords().contains("$Label1"));
        assertNull(e.bodyHash());
    }

    @Test
    void malformedHeadersDegradeInsteadOfThrowing() throws Exception {
        MimeMessage m = parse("From: <<<@@@\r\nTo: ,,,;;\r\nDate: yesterday-ish\r\nSubject: =?bogus?Q?x?=\r\n\r\nx\r\n");
        Envelope e = ImapMapper.envelope(REF, m);
        assertNull(e.date(), "a date that cannot be parsed is unknown, not 'now'");
        assertEquals("x", e.subject(), "an unknown charset is read as the renderer reads it, not left encoded");
        assertEquals("café", ImapMapper.envelope(REF, parse("Subject: =?x-unknown?Q?caf=E9?=\r\n\r\n")).subject());
        assertEquals(List.of(), e.references());
    }

    @Test
    void missingHeadersGiveEmptyValues() throws Exception {
        Envelope e = ImapMapper.envelope(REF, parse("\r\nonly a body\r\n"));
        assertEquals("", e.from());
        assertEquals("", e.subject());
        assertNull(e.messageId());
        assertTrue(e.flags().system().isEmpty());
    }

    @Test
    void rawUtf8HeaderBytesReadAsUtf8() throws Exception {
        byte[] raw = "From: Zoë Ng <zoe@ng.example>\r\nSubject: Grüße\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8);
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        Envelope e = ImapMapper.envelope(REF, m);
        assertEquals("Zoë Ng <zoe@ng.example>", e.from());
        assertEquals("Grüße", e.subject());
        assertEquals("caf\u00e9 \u00ff", ImapMapper.utf8("caf\u00e9 \u00ff"), "real Latin-1 that is not UTF-8 stays");
    }

    @Test
    void rawEightBitEnvelopeTextIsDecodedAsTheMessageHeaderIs() {
        // windows-1252 bytes, as Angus hands them (one char a byte): the reader decodes the header as windows-1252,
        // so the index must too, not show C1 controls where the quotes are
        String raw = "\u0093Hi\u0094 M\u00fcller <m@x.example>";
        assertEquals("\u201cHi\u201d M\u00fcller <m@x.example>", ImapMapper.utf8(raw));
        String header = dev.postern.render.LenientHeaders.parse(("From: " + raw + "\r\n\r\nx\r\n")
                .getBytes(StandardCharsets.ISO_8859_1)).addresses("From").get(0);
        assertEquals(header, ImapMapper.utf8(raw));
    }

    @Test
    void addressWithoutPersonalIsBare() throws Exception {
        assertEquals("x@y.z", ImapMapper.address(new InternetAddress("x@y.z")));
        assertEquals("Name <x@y.z>", ImapMapper.address(new InternetAddress("x@y.z", "Name")));
    }

    @Test
    void messageIdsIgnoreJunk() {
        assertEquals(List.of("<a@b>", "<c@d>"), ImapMapper.messageIds(" <a@b>\r\n\t(comment) <c@d> <broken"));
        assertEquals(List.of(), ImapMapper.messageIds(null));
    }

    @Test
    void aDateWrittenWithAYearBefore1900GivesWayToTheArrivalDateOnBothPaths() throws Exception {
        // Angus parses "01 Jan 0000" as the year 2000; the header as written says otherwise.
        MimeMessage m = parse("From: a@example.org\r\nDate: Sat, 01 Jan 0000 00:00:00 +0000\r\nSubject: y0\r\n\r\nx\r\n");
        assertNull(ImapMapper.envelope(REF, m).date(), "no arrival date known to a MimeMessage: no date");
        // The listing's own path reads the ENVELOPE's date string (the Date header as written, RFC 3501) with its year.
        assertTrue(dev.postern.render.LenientHeaders.yearWrittenBefore1900("Sat, 01 Jan 0000 00:00:00 +0000"));
        assertTrue(dev.postern.render.LenientHeaders.yearWrittenBefore1900("1 Jan 1899 10:00 -0500"));
        for (String d : new String[] {"Mon, 01 Jan 2024 10:00:00 +0000", "1 Jan 99 10:00 +0000", "Tue, 2 Feb 1900 01:02:03 -1000",
                "Wed, 3 Mar 2004 05:06:07 +0100 (CET)"}) {
            assertFalse(dev.postern.render.LenientHeaders.yearWrittenBefore1900(d), d);
        }
    }
}

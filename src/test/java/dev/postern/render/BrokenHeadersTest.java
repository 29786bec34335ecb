package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.pop3.Pop3Mapper;
import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Header blocks broken the ways hostile or old mail breaks them, each through both readings: the renderer
 * (`read`, the pager) and the envelope a listing stores (`list --json`, POP3, import, IMAP's fallback).
 */
class BrokenHeadersTest {
    private static final Instant ARRIVED = Instant.parse("2024-05-06T07:08:09Z");
    private final MessageRenderer renderer = new MessageRenderer();

    private static Envelope listed(byte[] raw) {
        return Pop3Mapper.envelope(new MessageRef("a", "INBOX", 1, 1), raw, raw.length, ARRIVED);
    }

    private static String header(RenderedMessage m, String name) {
        return m.headers().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow().value();
    }

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void rawUtf8WithOneBadByteIsUtf8WithAReplacementCharNotWindows1252Throughout() {
        // Dovecot turns a NUL into 0x80: one invalid byte among valid UTF-8 (U+202E, é).
        byte[] subject = "r\u00e9sum\u00e9 \u202egnp.exe X".getBytes(StandardCharsets.UTF_8);
        subject[subject.length - 1] = (byte) 0x80;
        byte[] raw = concat(bytes("From: a@example.org\r\nSubject: "), subject, bytes("\r\n\r\nbody\r\n"));
        assertEquals("r\u00e9sum\u00e9 \u202egnp.exe \ufffd", listed(raw).subject());
        assertEquals("résumé <U+202E>gnp.exe \ufffd", header(renderer.render(raw), "Subject"));
        // Latin-1 bytes are invalid UTF-8 wherever they are: such a value is still read as windows-1252.
        Envelope latin = listed(bytes("From: Ren\u00e9e <r@example.org>\r\nSubject: caf\u00e9 cr\u00e8me \u0080\r\n\r\n"));
        assertEquals("Ren\u00e9e <r@example.org>", latin.from());
        assertEquals("caf\u00e9 cr\u00e8me \u20ac", latin.subject());
    }

    @Test
    void aYearBefore1900GivesWayToTheArrivalDate() {
        byte[] raw = bytes("From: a@example.org\r\nDate: Sat, 01 Jan 0000 00:00:00 +0000\r\nSubject: y0\r\n\r\nx\r\n");
        assertEquals(ARRIVED, listed(raw).date(), "year 0000 is not the year 2000");
        assertNull(LenientHeaders.parseDate("Sat, 01 Jan 0000 00:00:00 +0000"));
        assertNull(LenientHeaders.parseDate("Mon, 01 Jan 1899 10:00:00 +0000"));
        assertNull(LenientHeaders.parseDate("1066-10-14T09:00:00Z"));
        assertEquals(Instant.parse("2000-01-01T00:00:00Z"), LenientHeaders.parseDate("Sat, 01 Jan 00 00:00:00 +0000"),
                "a two-digit year is still a two-digit year");
        assertEquals(Instant.parse("1999-12-31T10:00:00Z"), LenientHeaders.parseDate("Fri, 31 Dec 1999 10:00:00 +0000"));
    }

    @Test
    void aLineWithoutAColonIsNoContinuationOfTheFromAbove() {
        byte[] raw = bytes("From: a@example.org\r\nThis header has no colon\r\n  and its fold\r\nSubject: nocolon\r\n\r\nbody\r\n");
        RenderedMessage m = renderer.render(raw);
        assertEquals("a@example.org", header(m, "From"));
        assertEquals("nocolon", header(m, "Subject"));
        assertEquals("body", m.body());
        assertEquals("a@example.org", listed(raw).from());
    }

    @Test
    void anUnparseableContentTypeIsTextPlain() {
        byte[] raw = bytes("From: a@example.org\r\nSubject: ctgarb\r\nContent-Type: \u001b[31m;;;===/// ; charset=\"\u0000\"; boundary\r\n"
                + "\r\nhello body\r\n");
        RenderedMessage m = renderer.render(raw);
        assertEquals("hello body", m.body());
        assertTrue(m.parts().isEmpty(), "no nameless application/octet-stream attachment: " + m.parts());
        RenderedMessage slash = renderer.render(bytes("Subject: s\r\nContent-Type: text/pl@in\r\n\r\nhi there\r\n"));
        assertEquals("hi there", slash.body());
        assertTrue(slash.parts().isEmpty(), slash.parts().toString());
    }

    @Test
    void bareCrLineEndsAreLineEnds() {
        byte[] raw = bytes("From: a@example.org\rSubject: cronly\rTo: b@example.org\r\rbody line1\rbody line2\r");
        RenderedMessage m = renderer.render(raw);
        assertEquals("a@example.org", header(m, "From"));
        assertEquals("cronly", header(m, "Subject"));
        assertTrue(m.body().contains("body line1") && m.body().contains("body line2"), m.body());
        Envelope e = listed(raw);
        assertEquals("a@example.org", e.from());
        assertEquals("cronly", e.subject());
        // One LF anywhere: a CR inside a line is no line end.
        assertEquals("x\u240dy", LenientHeaders.parse(bytes("Subject: x\ry\r\n\r\n")).text("Subject").replace('\r', '\u240d'));
        assertFalse(renderer.render(bytes("Subject: x\ry\r\n\r\nb\r\n")).headers().stream().anyMatch(h -> h.name().equals("y")));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}

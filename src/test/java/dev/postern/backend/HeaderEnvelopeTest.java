package dev.postern.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import dev.postern.render.Sanitizer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lenient header reader IMAP falls back to (and POP3 always uses): whatever the header bytes, the best row. */
class HeaderEnvelopeTest {
    private static final MessageRef REF = new MessageRef("a", "INBOX", 7, 42);
    private static final Instant ARRIVED = Instant.parse("2026-05-06T07:08:09Z");

    private static Envelope of(String header) {
        return HeaderEnvelope.of(REF, header.getBytes(StandardCharsets.ISO_8859_1), 1234, Flags.NONE, ARRIVED);
    }

    @Test
    void anEncodedEscapeInTheDisplayNameKeepsNameAndAddress() {
        // Dovecot's ENVELOPE for this From is (NIL NIL "=?utf-8?q?Eve_=1B" "MISSING_DOMAIN"): the header has it all.
        Envelope e = of("From: =?utf-8?q?Eve_=1B[5m?= <eve@example.org>\r\nSubject: hello\r\n\r\n");
        assertEquals("Eve \u001b[5m <eve@example.org>", e.from());
        assertEquals("Eve ^[[5m <eve@example.org>", Sanitizer.oneLine(e.from()));
        assertEquals("hello", e.subject());
        assertEquals(1234, e.size());
        assertEquals(ARRIVED, e.date(), "no Date header: the server's arrival time");
    }

    @Test
    void readsEveryFieldDecodedAndUnfolded() {
        Envelope e = of("""
                From: "Zo\u00c3\u00ab, N." <zoe@example.se>\r
                To: a@example.org, =?UTF-8?Q?B=C3=A9?= <b@example.org>,\r
                 Friends: c@x.org, d@y.org;\r
                Cc: e@example.org (Old Style)\r
                Subject: =?UTF-8?B?SGVsbG8g8J+OiQ==?=\r
                 and more\r
                Date: Tue, 03 Mar 2026 10:15:00 +0100\r
                Message-ID: <m1@example.org>\r
                In-Reply-To: junk <m0@example.org> junk\r
                References: <r1@x> junk <r2@y>\r
                \r
                """);
        assertEquals("Zoë, N. <zoe@example.se>", e.from());
        assertEquals(List.of("a@example.org", "Bé <b@example.org>", "c@x.org", "d@y.org"), e.to());
        assertEquals(List.of("Old Style <e@example.org>"), e.cc());
        assertEquals("Hello 🎉 and more", e.subject());
        assertEquals(Instant.parse("2026-03-03T09:15:00Z"), e.date());
        assertEquals("<m1@example.org>", e.messageId());
        assertEquals("<m0@example.org>", e.inReplyTo());
        assertEquals(List.of("<r1@x>", "<r2@y>"), e.references());
    }

    @Test
    void brokenBytesAndCharsetsStillGiveARow() {
        Envelope e = of("X-Junk line without colon\r\nFrom: caf\u00e9 <\u00ff\u0000@x>\r\n"
                + "Subject: =?x-no-such-charset?Q?caf=E9?= \u00c3\u0028 \u0000nul\r\nDate: 32 Foo 99999 25:61:61 +9999\r\n\r\n");
        assertTrue(e.from().startsWith("café <"), e.from());
        assertTrue(e.subject().startsWith("café"), e.subject());
        assertTrue(e.subject().contains("nul"), e.subject());
        assertEquals(ARRIVED, e.date(), "an unreadable Date falls back to the arrival time");
    }

    /**
     * Hunt 38-T, T7/T5: a right Date more than a year after an odd arrival (an INTERNALDATE of 1970 that a phone with a
     * reset clock wrote, a migration tool's) was thrown away for the arrival; a Date is noise only far past now too.
     */
    @Test
    void aRightDateIsNotJudgedByAnOddArrival() {
        byte[] h = "Subject: s\r\nDate: Mon, 07 Dec 2026 08:00:00 +0000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        Envelope e = HeaderEnvelope.of(REF, h, 10, Flags.NONE, Instant.EPOCH);
        assertEquals(Instant.parse("2026-12-07T08:00:00Z"), e.date());
        byte[] far = "Subject: s\r\nDate: Mon, 07 Dec 3609 08:00:00 +0000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(Instant.EPOCH, HeaderEnvelope.of(REF, far, 10, Flags.NONE, Instant.EPOCH).date(), "year 3609: noise");
    }

    @Test
    void aHeaderWithoutAnAddressOrAnythingElseIsStillAnEnvelope() {
        Envelope e = of("");
        assertEquals("", e.from());
        assertEquals("", e.subject());
        assertNull(e.messageId());
        Envelope group = of("From: undisclosed-recipients:;\r\nSender: s@example.org\r\n\r\n");
        assertEquals("s@example.org", group.from(), "an empty group: the Sender");
    }

    @Test
    void aHugeHeaderIsReadBoundedAndQuickly() {
        StringBuilder h = new StringBuilder("Subject: big ");
        h.append("x".repeat(10 * 1024 * 1024)).append("\r\nFrom: late@example.org\r\n\r\n");
        long t0 = System.nanoTime();
        Envelope e = of(h.toString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e.subject().startsWith("big xxx"), e.subject().substring(0, 20));
        assertTrue(e.subject().length() <= dev.postern.render.LenientHeaders.MAX_VALUE_CHARS + 1, "value cut");
        // Linear is well under a second; a scan quadratic in 10 MB would take hours. 20 s: a loaded CI core.
        assertTrue(ms < 20_000, "took " + ms + " ms");
    }
}

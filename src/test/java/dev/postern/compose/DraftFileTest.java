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

/**
 * The editor's draft read back as RFC 5322 reads a header (hunt 37-P, P15, P16): folded lines continue their field,
 * further fields (Reply-To, X-...) are the message's, a line in the header that is neither is refused, never body.
 */
class DraftFileTest {
    private static final Draft DRAFT = new Draft("Alice <alice@example.org>", List.of("bob@example.org"), List.of(),
            List.of(), "Re: plans", "\n\nOn Monday, Bob wrote:\n> plans\n", List.of(), "<m7@example.org>",
            List.of("<m7@example.org>"), false);

    private static MimeMessage parsed(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    private static String head(byte[] raw) {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        return s.substring(0, s.indexOf("\r\n\r\n") + 2);
    }

    /** A To line folded (RFC 5322) or wrapped by the editor keeps every recipient, and Cc, Bcc, Subject below it count. */
    @Test
    void aFoldedToLineKeepsItsRecipientsAndTheFieldsBelowIt() {
        String text = DraftFile.write(DRAFT)
                .replace("To: bob@example.org\n", "To: bob@example.org, first@example.com,\n second@example.com\n")
                .replace("Cc: \n", "Cc: carol@example.org,\n\tdave@example.org\n")
                .replace("Bcc: \n", "Bcc: hidden@example.org\n")
                .replace("Subject: Re: plans\n", "Subject: Re: plans,\n  folded\n")
                .replaceFirst("\n\n", "\n\nmy text\n");
        Draft back = DraftFile.read(text, DRAFT);
        assertEquals(List.of("bob@example.org", "first@example.com", "second@example.com"), back.to());
        assertEquals(List.of("carol@example.org", "dave@example.org"), back.cc());
        assertEquals(List.of("hidden@example.org"), back.bcc());
        assertEquals("Re: plans,  folded", back.subject());
        assertTrue(back.body().startsWith("my text\n\n\nOn Monday"), back.body());
        assertFalse(back.body().contains("second@") || back.body().contains("Bcc") || back.body().contains("Subject"), back.body());
    }

    /**
     * A To, Cc, Bcc or Subject line deleted takes that field out, as in mutt's edit_headers draft (hunt 42-H, H2): it
     * kept the draft's recipients, so a Cc deleted was mailed all the same. From falls back to the draft's sender.
     */
    @Test
    void aFieldLineDeletedTakesTheFieldOut() {
        Draft base = new Draft("Alice <alice@example.org>", List.of("bob@example.org"), List.of("carol@example.org"),
                List.of("hidden@example.org"), "Re: plans", "text\n", List.of(), null, List.of(), false);
        String text = DraftFile.write(base);
        Draft noCc = DraftFile.read(text.replace("Cc: carol@example.org\n", ""), base);
        assertEquals(List.of("bob@example.org"), noCc.to());
        assertEquals(List.of(), noCc.cc());
        assertEquals(List.of("hidden@example.org"), noCc.bcc());
        Draft bare = DraftFile.read(text.replaceAll("(?m)^(From|To|Bcc|Subject): .*\n", ""), base);
        assertEquals(List.of(), bare.to());
        assertEquals(List.of("carol@example.org"), bare.cc());
        assertEquals(List.of(), bare.bcc());
        assertEquals("", bare.subject());
        assertEquals("Alice <alice@example.org>", bare.from());
        Draft emptied = DraftFile.read("", base);
        assertTrue(emptied.to().isEmpty() && emptied.cc().isEmpty() && emptied.bcc().isEmpty(), emptied.toString());
        assertEquals(base, DraftFile.read(text, base), "a draft left as it is stays the draft");
    }

    /** Reply-To and other fields typed in the draft go into the message; Bcc stays out of the header. */
    @Test
    void replyToAndOtherFieldsTypedInTheDraftAreTheMessagesHeaders() throws Exception {
        String text = DraftFile.write(DRAFT).replace("Subject: Re: plans\n", "Subject: Re: plans\nReply-To: Team Ünïcode"
                + " <team@example.org>\nX-Foo: bar baz\nOrganization: Grüße GmbH\nreply-to: other@example.org\n")
                .replace("Bcc: \n", "Bcc: hidden@example.org\n");
        Draft back = DraftFile.read(text, DRAFT);
        assertEquals(List.of(new Draft.Field("Reply-To", "Team Ünïcode <team@example.org>, other@example.org"),
                new Draft.Field("X-Foo", "bar baz"), new Draft.Field("Organization", "Grüße GmbH")), back.headers());
        assertEquals("\n\nOn Monday, Bob wrote:\n> plans\n", back.body(), "no header line in the body");
        assertTrue(DraftFile.write(back).contains("Subject: Re: plans\nReply-To: Team Ünïcode <team@example.org>, other@example.org\n"
                + "X-Foo: bar baz\nOrganization: Grüße GmbH\nIn-Reply-To: <m7@example.org>\nReferences: <m7@example.org>\n\n"),
                "the next round in the editor shows them again");
        assertEquals(back, DraftFile.read(DraftFile.write(back), back));

        Built b = new MessageBuilder(Clock.fixed(Instant.parse("2026-12-07T05:00:00Z"), ZoneOffset.UTC)).build(back);
        MimeMessage m = parsed(b.raw());
        assertEquals(2, m.getReplyTo().length);
        assertEquals("team@example.org", ((jakarta.mail.internet.InternetAddress) m.getReplyTo()[0]).getAddress());
        assertEquals("Team Ünïcode", ((jakarta.mail.internet.InternetAddress) m.getReplyTo()[0]).getPersonal());
        assertEquals("bar baz", m.getHeader("X-Foo", null));
        assertEquals("Grüße GmbH", jakarta.mail.internet.MimeUtility.decodeText(m.getHeader("Organization", null)));
        String head = head(b.raw());
        for (char c : head.toCharArray()) assertTrue(c < 128, "8-bit byte in the header: " + head);
        assertFalse(head.contains("hidden@"), head);
        assertTrue(b.recipients().contains("hidden@example.org"));
        assertEquals(1, m.getHeader("Reply-To").length, "one Reply-To field");
    }

    /** A line in the header block that is neither a field nor a continuation is refused (64), naming it. */
    @Test
    void aStrayLineInTheHeaderIsRefusedNamingIt() {
        String text = DraftFile.write(DRAFT).replace("Cc: \n", "Cc: \nthis is not a header\nBcc: hidden@example.org\n");
        PosternException e = assertThrows(PosternException.class, () -> DraftFile.read(text, DRAFT));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("line 4 of the draft (\"this is not a header\") is neither a header field (Name: value) nor the"
                + " continuation of one (a line starting with a space); the header lines end at the first empty line",
                e.getMessage());
        // A first line that continues nothing, and a name that is no field name (a space in it), the same.
        assertThrows(PosternException.class, () -> DraftFile.read(" To: x@example.org\n\nbody\n", DRAFT));
        assertThrows(PosternException.class, () -> DraftFile.read("To: x@example.org\nX Foo: y\n\nbody\n", DRAFT));
        // The header ends at the first empty or blank line: what follows is body, whatever it looks like.
        Draft d = DraftFile.read("To: x@example.org\n   \nBcc: in the body\n", DRAFT);
        assertEquals("Bcc: in the body\n", d.body());
        assertEquals(List.of(), d.bcc());
    }

    /** Fields postern writes itself, servers' fields and mutt's pseudo-headers are refused, never sent twice or leaked. */
    @Test
    void fieldsPosternWritesItselfAreRefused() {
        for (String line : List.of("Message-ID: <x@y>", "Date: Mon, 7 Dec 2026 05:00:00 +0000", "MIME-Version: 1.0",
                "Content-Type: text/html", "content-transfer-encoding: base64", "In-Reply-To: <changed@x>",
                "References: <a@b>", "Received: from x", "Resent-To: x@example.org", "Fcc: =sent", "X-Mutt-Fcc: =x")) {
            String text = DraftFile.write(DRAFT).replace("Subject: Re: plans\n", "Subject: Re: plans\n" + line + "\n");
            PosternException e = assertThrows(PosternException.class, () -> DraftFile.read(text, DRAFT), line);
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().startsWith("line 6 of the draft (\"" + line + "\") is refused: "), e.getMessage());
        }
        // A carriage return left inside a value (no CRLF: a bare CR) would end the field on the wire: refused.
        String cr = DraftFile.write(DRAFT).replace("Subject: Re: plans\n", "Subject: Re: plans\nX-Foo: a\rBcc: x@y\n");
        assertThrows(PosternException.class, () -> DraftFile.read(cr, DRAFT));
        // And a draft made elsewhere with such a field is refused when it is built, not sent with it.
        for (Draft.Field f : List.of(new Draft.Field("Date", "x"), new Draft.Field("X Foo", "y"), new Draft.Field("To", "z@x"))) {
            PosternException e = assertThrows(PosternException.class,
                    () -> new MessageBuilder().build(DRAFT.withHeaders(List.of(f))), f.name());
            assertEquals(ExitCode.USAGE, e.exitCode());
        }
        PosternException bad = assertThrows(PosternException.class,
                () -> new MessageBuilder().build(DRAFT.withHeaders(List.of(new Draft.Field("Reply-To", "not an address")))));
        assertTrue(bad.getMessage().startsWith("Reply-To 'not an address' is not a mail address"), bad.getMessage());
    }

    /** A postponed message's Reply-To and own fields come back with it; another client's bookkeeping does not. */
    @Test
    void aRecalledDraftKeepsItsFurtherFields() {
        byte[] raw = ("From: alice@example.org\r\nTo: bob@example.org\r\nSubject: s\r\nReply-To: \"Team, A\" <team@example.org>\r\n"
                + "X-Foo: =?UTF-8?Q?gr=C3=BC=C3=9Fe?=\r\nX-Mozilla-Draft-Info: internal/draft; vcard=0\r\nUser-Agent: x\r\n"
                + "Message-ID: <d@x>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Draft d = Recall.draft(raw, "alice@example.org");
        assertEquals(List.of(new Draft.Field("Reply-To", "\"Team, A\" <team@example.org>"), new Draft.Field("X-Foo", "grüße")),
                d.headers());
    }

    /**
     * A reply's draft file carries its thread (hunt 39-Y, Y9): kept in drafts/ when the reader ends or its owner dies,
     * and sent later with {@code postern send < FILE}, it stays In-Reply-To its original; read back unchanged it is the
     * draft it was, an edited thread header is refused as before.
     */
    @Test
    void aRepliesDraftFileKeepsItsThreadForSendingLater() throws Exception {
        Draft reply = new Draft("alice@example.org", List.of("bob@example.org"), List.of(), List.of(), "Re: plans", "yes\n",
                List.of(), "<m7@example.org>", List.of("<m1@example.org>", "<m7@example.org>"), false);
        String text = DraftFile.write(reply);
        assertTrue(text.contains("\nIn-Reply-To: <m7@example.org>\nReferences: <m1@example.org>\n <m7@example.org>\n"), text);
        Draft back = DraftFile.read(text, reply);
        assertEquals("<m7@example.org>", back.inReplyTo());
        assertEquals(reply.references(), back.references());
        assertEquals(List.of(), back.headers());
        assertEquals("yes\n", back.body());
        MimeMessage later = parsed(RawMessage.prepare(text.getBytes(StandardCharsets.UTF_8), null,
                Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).raw());
        assertEquals("<m7@example.org>", later.getHeader("In-Reply-To", ","));
        assertEquals("<m1@example.org> <m7@example.org>", later.getHeader("References", " ").replaceAll("\\s+", " "));
        PosternException e = assertThrows(PosternException.class,
                () -> DraftFile.read(text.replace("In-Reply-To: <m7@", "In-Reply-To: <m8@"), reply));
        assertTrue(e.getMessage().contains("is refused: postern writes In-Reply-To itself"), e.getMessage());
        Draft fresh = new Draft("alice@example.org", List.of("bob@example.org"), List.of(), List.of(), "new", "", List.of(),
                null, List.of(), false);
        assertFalse(DraftFile.write(fresh).contains("In-Reply-To") || DraftFile.write(fresh).contains("References"));
    }
}

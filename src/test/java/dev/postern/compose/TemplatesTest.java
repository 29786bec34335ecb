package dev.postern.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reply, reply-all and forward templates; the draft file round trip; a complete message made ready to send. */
class TemplatesTest {
    private static final Envelope ORIGINAL = new Envelope(new MessageRef("a", "INBOX", 1, 7), "<m7@example.org>",
            Instant.parse("2026-11-20T09:30:00Z"), "Bob <bob@example.org>",
            List.of("Me <me@example.org>", "dan@example.org"), List.of("carol@example.org", "ME@example.org"),
            "Re: plans", 100, null, "<m6@example.org>", List.of("<m5@example.org>", "<m6@example.org>"), null);

    /**
     * Hunt 38-M, M11: a reply to one's own message (a follow-up, from Sent) went to oneself from the first identity;
     * now to the message's recipients (mutt's reply_self unset, aerc), from the identity that sent it.
     */
    @Test
    void aReplyToOnesOwnMessageGoesToItsRecipientsFromTheIdentityThatSentIt() {
        Envelope sent = new Envelope(ORIGINAL.ref(), "<s1@work.example>", ORIGINAL.date(), "Alice Work <alice@work.example>",
                List.of("Yolanda <y@ext.example>"), List.of("zed@ext.example", "alice@a.example"), "offer", 100, null, null,
                List.of(), null);
        Set<String> own = Set.of("alice@a.example", "alice@work.example");
        Draft one = Templates.reply("Alice Work <alice@work.example>", sent, null, "t", false, own, ZoneOffset.UTC);
        assertEquals(List.of("Yolanda <y@ext.example>"), one.to());
        assertEquals(List.of(), one.cc());
        Draft all = Templates.reply("Alice Work <alice@work.example>", sent, null, "t", true, own, ZoneOffset.UTC);
        assertEquals(List.of("Yolanda <y@ext.example>"), all.to());
        assertEquals(List.of("zed@ext.example"), all.cc(), "one's own other address is left out");
        Envelope toSelf = new Envelope(ORIGINAL.ref(), null, null, "alice@work.example", List.of("alice@work.example"), List.of(),
                "note", 1, null, null, List.of(), null);
        assertEquals(List.of("alice@work.example"), Templates.reply("alice@work.example", toSelf, null, "t", false, own,
                ZoneOffset.UTC).to(), "a note to oneself is answered to oneself");

        var home = new dev.postern.config.IdentityConfig.Identity("Alice Home", "alice@a.example", null, null, null, null, null);
        var work = new dev.postern.config.IdentityConfig.Identity("Alice Work", "alice@work.example", null, null, "Sent-Work", null, null);
        var account = new dev.postern.config.IdentityConfig.Account(List.of(home, work), false, null);
        assertEquals(work, Identities.forOriginal(account, sent, null), "the identity that sent it, not the To's");
    }

    @Test
    void replyGoesToTheAddressTheFromHeaderHoldsNotTheServersReadingOfAnAddressLikeName() {
        // Dovecot's ENVELOPE of "From: a@b <a@real>" names a@b (hunt 35-E, E5); the pager and POP3 show the real one.
        Envelope imap = new Envelope(ORIGINAL.ref(), null, null, "jang.abcdef@xyzlinu", List.of(), List.of(), "s", 1, null,
                null, List.of(), null);
        byte[] raw = "From: jang.abcdef@xyzlinu <jang.abcdef@xyzlinux12345678.it>\r\nSubject: s\r\n\r\nx".getBytes(StandardCharsets.US_ASCII);
        Draft d = Templates.reply("me@example.org", imap, raw, "t", false, Set.of(), ZoneOffset.UTC);
        assertEquals(List.of("\"jang.abcdef@xyzlinu\" <jang.abcdef@xyzlinux12345678.it>"), d.to());
        byte[] comments = "From: Pete(A chap) <pete(his account)@silly.test(his host)>\r\n\r\nx".getBytes(StandardCharsets.US_ASCII);
        Envelope cleaned = new Envelope(ORIGINAL.ref(), null, null, "Pete <pete@silly.test>", List.of(), List.of(), "s", 1,
                null, null, List.of(), null);
        assertEquals(List.of("Pete <pete@silly.test>"),
                Templates.reply("me@example.org", cleaned, comments, "t", false, Set.of(), ZoneOffset.UTC).to(),
                "a From the header reading cannot use: the envelope's reading stands");
    }

    @Test
    void theAttributionAndAForwardNameTheSenderAsTheFromHeaderWritesIt() {
        // E5's other half: "%n"/"%a" and a forward's From line took Dovecot's ENVELOPE reading (a@b) of an address-like name
        Envelope imap = new Envelope(ORIGINAL.ref(), null, null, "jang.abcdef@xyzlinu", List.of(), List.of(), "s", 1, null,
                null, List.of(), null);
        byte[] raw = "From: jang.abcdef@xyzlinu <jang.abcdef@xyzlinux12345678.it>\r\nSubject: s\r\n\r\nx".getBytes(StandardCharsets.US_ASCII);
        Templates.Texts texts = new Templates.Texts("%n (%a) wrote:", "Hi %n,\n\n%A\n%q", null, null);
        Draft d = Templates.reply("me@example.org", imap, raw, "t", false, Set.of(), ZoneOffset.UTC, texts);
        assertTrue(d.body().contains("Hi jang.abcdef@xyzlinu,\n\njang.abcdef@xyzlinu (jang.abcdef@xyzlinux12345678.it) wrote:"),
                d.body());
        Envelope shown = Templates.asWritten(imap, raw);
        assertEquals("jang.abcdef@xyzlinu <jang.abcdef@xyzlinux12345678.it>", shown.from());
        assertTrue(Templates.forwardInline("me@example.org", shown, "t", ZoneOffset.UTC).body()
                .contains("From: jang.abcdef@xyzlinu <jang.abcdef@xyzlinux12345678.it>\n"));
        byte[] comments = "From: Pete(A chap) <pete(his account)@silly.test(his host)>\r\n\r\nx".getBytes(StandardCharsets.US_ASCII);
        Envelope cleaned = imap.withFrom("Pete <pete@silly.test>");
        assertEquals(cleaned, Templates.asWritten(cleaned, comments), "a From the header reading cannot use: the envelope's stands");
        assertEquals(imap, Templates.asWritten(imap, null));
    }

    @Test
    void aReplyToAllTakesToAndCcAsTheirHeadersWriteThem() {
        // Dovecot's ENVELOPE of "To: a@b <a@real.example>, c@d.example" is a@b alone: both real recipients were left out.
        Envelope imap = new Envelope(ORIGINAL.ref(), null, null, "Bob <bob@example.org>", List.of("a@b"), List.of("x@y"), "s",
                1, null, null, List.of(), null);
        byte[] raw = ("From: Bob <bob@example.org>\r\nTo: a@b <a@real.example>, c@d.example\r\n"
                + "Cc: x@y <x@real.example>, Dee <dee@example.net>\r\nSubject: s\r\n\r\nx").getBytes(StandardCharsets.US_ASCII);
        Draft d = Templates.reply("me@example.org", imap, raw, "t", true, Set.of(), ZoneOffset.UTC);
        String all = String.join(", ", d.to()) + " | " + String.join(", ", d.cc());
        assertTrue(all.contains("a@real.example") && all.contains("c@d.example"), all);
        assertTrue(all.contains("x@real.example") && all.contains("dee@example.net"), all);
        assertFalse(all.contains("<a@b>") || all.matches("(^|.*[ ,|])a@b($|[ ,|].*)"), all);
        // the same addresses (a name written otherwise): the envelope's reading stands
        Envelope same = imap.withRecipients(List.of("A <a@real.example>", "c@d.example"), List.of());
        byte[] plain = "From: Bob <bob@example.org>\r\nTo: \"A\" <a@real.example>, c@d.example\r\n\r\nx".getBytes(StandardCharsets.US_ASCII);
        assertEquals(same, Templates.asWritten(same, plain));
    }

    @Test
    void replyGoesToReplyToWhenThereIsOneAndThreadsUnderTheOriginal() {
        byte[] raw = "Reply-To: List <list@example.org>\r\nFrom: Bob <bob@example.org>\r\n\r\nx".getBytes(StandardCharsets.US_ASCII);
        Draft d = Templates.reply("me@example.org", ORIGINAL, raw, "line one\n> older", false, Set.of("me@example.org"), ZoneOffset.UTC);
        assertEquals(List.of("List <list@example.org>"), d.to());
        assertEquals("Re: plans", d.subject(), "no Re: Re:");
        assertEquals("<m7@example.org>", d.inReplyTo());
        assertEquals(List.of("<m5@example.org>", "<m6@example.org>", "<m7@example.org>"), d.references());
        assertTrue(d.body().contains("On Fri, 20 Nov 2026 at 09:30, Bob wrote:\n> line one\n>> older\n"), d.body());
    }

    @Test
    void replyAllLeavesOutMyOwnAddressesInAnyCase() {
        Draft d = Templates.reply("Me <me@example.org>", ORIGINAL, null, "t", true, Set.of("Me <me@example.org>"), ZoneOffset.UTC);
        assertEquals(List.of("Bob <bob@example.org>", "dan@example.org"), d.to());
        assertEquals(List.of("carol@example.org"), d.cc());
    }

    @Test
    void forwardsInlineWithTheOriginalHeadersOrAsAnAttachedMessage() {
        Draft inline = Templates.forwardInline("me@example.org", ORIGINAL, "the text", ZoneOffset.UTC);
        assertEquals("Fwd: Re: plans", inline.subject());
        assertTrue(inline.body().contains("---------- Forwarded message ----------\nFrom: Bob <bob@example.org>"), inline.body());
        assertTrue(inline.body().contains("\nthe text\n"));
        Draft att = Templates.forwardAttached("me@example.org", ORIGINAL, "raw".getBytes(StandardCharsets.US_ASCII));
        assertEquals("message/rfc822", att.attachments().get(0).contentType());
        assertEquals("Re_ plans.eml", att.attachments().get(0).name());
    }

    @Test
    void theUsersAttributionAndTemplateFilesShapeTheBody() {
        Templates.Texts texts = new Templates.Texts("%n <%a> wrote on %d (100%%):",
                "Hi %n,\n\n%A\n%q\n\nre \"%s\" %x\n", "FYI\n%h\n--\n%b\n", "Hello,\n\n");
        Draft r = Templates.reply("me@example.org", ORIGINAL, null, "line one\n> older\n", false, Set.of(), ZoneOffset.UTC, texts);
        assertEquals("Hi Bob,\n\nBob <bob@example.org> wrote on Fri, 20 Nov 2026 at 09:30 (100%):\n> line one\n>> older"
                + "\n\nre \"Re: plans\" %x\n", r.body(), "an unknown %x stays as written");
        Draft builtInTemplate = Templates.reply("me@example.org", ORIGINAL, null, "t", false, Set.of(), ZoneOffset.UTC,
                new Templates.Texts("%n said:", null, null, null));
        assertEquals("\n\nBob said:\n> t\n", builtInTemplate.body(), "the attribution alone changes only that line");
        Draft list = Templates.listReply("me@example.org", ORIGINAL,
                "List-Post: <mailto:l@example.org>\r\n\r\n".getBytes(StandardCharsets.US_ASCII), "t", Set.of(), ZoneOffset.UTC, texts);
        assertTrue(list.body().startsWith("Hi Bob,\n\nBob <bob@example.org> wrote on"), list.body());
        Draft f = Templates.forwardInline("me@example.org", ORIGINAL, "the text\n", ZoneOffset.UTC, texts);
        assertTrue(f.body().startsWith("FYI\nFrom: Bob <bob@example.org>\nDate: Fri, 20 Nov 2026 at 09:30\nSubject: Re: plans\n"),
                f.body());
        assertTrue(f.body().endsWith("\n--\nthe text\n"), f.body());
        assertEquals("Hello,\n\n", Templates.blank("me@example.org", texts).body());
        assertEquals("", Templates.blank("me@example.org").body());
    }

    @Test
    void theDraftFileRoundTripsAndKeepsWhatItCannotShow() {
        Draft d = Templates.reply("me@example.org", ORIGINAL, null, "t", false, Set.of(), ZoneOffset.UTC)
                .withAttachments(List.of(Draft.Attachment.message("m.eml", new byte[] {1})));
        String text = DraftFile.write(d);
        String edited = text.replace("Cc: \n", "Cc: \"Doe, Jane\" <jane@example.org>, x@example.org\nAttach: /tmp/a b.pdf\n")
                .replace("Subject: Re: plans", "Subject: Re: plans (v2)") + "thanks\n";
        Draft back = DraftFile.read(edited, d);
        assertEquals(List.of("\"Doe, Jane\" <jane@example.org>", "x@example.org"), back.cc());
        assertEquals("Re: plans (v2)", back.subject());
        assertEquals(2, back.attachments().size());
        assertEquals(Path.of("/tmp/a b.pdf"), back.attachments().get(1).path());
        assertEquals("<m7@example.org>", back.inReplyTo());
        assertTrue(back.body().endsWith("thanks\n"));
        assertTrue(back.body().startsWith("\n\nOn "), back.body());
    }

    @Test
    void aCompleteMessageLosesItsBccHeaderAndGainsDateAndMessageId() {
        byte[] in = "From: a@example.org\nTo: b@example.org\nBcc: c@example.org,\n\td@example.org\nSubject: s\n\nbody\n"
                .getBytes(StandardCharsets.US_ASCII);
        Built b = RawMessage.prepare(in, null, Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
        String out = new String(b.raw(), StandardCharsets.US_ASCII);
        assertEquals(List.of("b@example.org", "c@example.org", "d@example.org"), b.recipients());
        assertTrue(out.startsWith("Message-ID: <"), out);
        String messageIdLine = out.substring(0, out.indexOf("\r\n"));
        assertTrue(messageIdLine.matches("Message-ID: <[0-9]+\\.[0-9a-f]{30}@example\\.org>"), messageIdLine);
        String rest = out.substring(messageIdLine.length()); // the random id may itself end in "d@example.org"
        assertFalse(rest.contains("Bcc") || rest.contains("d@example.org"), out);
        assertTrue(out.contains("\r\nDate: Sun, 22 Nov 2026 10:00:00 +0000 (UTC)\r\n") || out.contains("\r\nDate: Sun, 22 Nov 2026"), out);
        assertTrue(out.endsWith("Subject: s\r\n\r\nbody\r\n"), out);
        assertEquals("a@example.org", b.envelopeFrom());
    }
}

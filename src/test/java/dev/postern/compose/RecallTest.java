package dev.postern.compose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A postponed message back into a draft: what MessageBuilder wrote comes back field by field. */
class RecallTest {
    @Test
    void whatWasBuiltComesBackWithThreadHeadersAndAttachments() {
        byte[] pdf = {'%', 'P', 'D', 'F', 0, (byte) 0xff, 1, 2};
        byte[] inner = "From: x@y\r\nSubject: inner\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);
        Draft d = new Draft("Alice <alice@x>", List.of("Bob Ü <bob@x>", "carol@x"), List.of("dave@x"), List.of("eve@x"),
                "Re: Grüße", "Hello,\nline two\n", List.of(new Draft.Attachment("plan ü.pdf", "application/pdf", null, pdf),
                        Draft.Attachment.message("fwd.eml", inner)),
                "<orig@x>", List.of("<root@x>", "<orig@x>"), false);
        Draft back = Recall.draft(new MessageBuilder().build(d).raw(), "other@x");
        assertEquals("Alice <alice@x>", back.from());
        assertEquals(List.of("Bob Ü <bob@x>", "carol@x"), back.to());
        assertEquals(List.of("dave@x"), back.cc());
        assertEquals("Re: Grüße", back.subject());
        assertEquals("Hello,\nline two\n", back.body());
        assertEquals("<orig@x>", back.inReplyTo());
        assertEquals(List.of("<root@x>", "<orig@x>"), back.references());
        assertEquals(2, back.attachments().size());
        assertEquals("plan ü.pdf", back.attachments().get(0).name());
        assertTrue(back.attachments().get(0).contentType().startsWith("application/pdf"), back.attachments().get(0).contentType());
        assertArrayEquals(pdf, back.attachments().get(0).bytes());
        assertTrue(back.attachments().get(1).contentType().startsWith("message/rfc822"));
        assertTrue(new String(back.attachments().get(1).bytes(), StandardCharsets.US_ASCII).contains("Subject: inner"));
    }

    @Test
    void theCopyForDraftsKeepsBccSoARecallSendsToThemToo() {
        Draft d = new Draft("alice@x", List.of("bob@x"), null, List.of("Dörte <dave@x>", "eve@x"), "s", "b", null, null, null, false);
        Built b = new MessageBuilder().build(d);
        assertTrue(!new String(b.raw(), StandardCharsets.US_ASCII).contains("dave@x"), "the sent bytes never carry Bcc");
        Draft back = Recall.draft(Recall.forDrafts(b.raw(), d.bcc()), "me@x");
        assertEquals(List.of("Dörte <dave@x>", "eve@x"), back.bcc());
        assertEquals(List.of("bob@x"), back.to());
        Draft dotted = Recall.draft("To: \"Smith, J.\" <j@x>\r\n\r\nb".getBytes(StandardCharsets.US_ASCII), "me@x");
        assertEquals(List.of("\"Smith, J.\" <j@x>"), dotted.to(), "a name with a comma stays quoted");
        assertArrayEquals(b.raw(), Recall.forDrafts(b.raw(), List.of()));
    }

    @Test
    void aDraftWithoutFromTakesTheAccountsAndABrokenMultipartComesBackAsText() {
        Draft back = Recall.draft("To: bob@x\r\nSubject: s\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), "me@x");
        assertEquals("me@x", back.from());
        assertEquals("body\n", back.body());
        Draft odd = Recall.draft("Content-Type: multipart/mixed\r\n\r\nno parts\r\n".getBytes(StandardCharsets.US_ASCII), "me@x");
        assertEquals("no parts\n", odd.body());
        assertTrue(odd.attachments().isEmpty());
    }

    /**
     * Every address header a recalled draft carries (From, To, Cc, Bcc) comes back quoted where its name needs it, so the
     * editor's draft builds again and goes to the same people under the same names: the From was decoded as text, and
     * "Alice Ünïcode, Jr. <alice@x>" was refused as no mail address (hunt 37-P, P7).
     */
    @Test
    void namesWithSpecialsInEveryAddressHeaderComeBackQuotedAndBuildAgain() throws Exception {
        List<String> names = List.of("Alice Ünïcode, Jr.", "Lt <Dan>", "Say \"hi\"", "bob@home", "A; B", "Ünï, Cöde");
        String from = "\"Alice Ünïcode, Jr.\" <alice@x>";
        Draft d = new Draft(from, List.of("\"Lt <Dan>\" <dan@x>", "\"Say \\\"hi\\\"\" <hi@x>"), List.of("\"bob@home\" <bob@x>"),
                List.of("\"A; B\" <ab@x>", "\"Ünï, Cöde\" <uc@x>"), "s", "b\n", null, null, null, false);
        Built b = new MessageBuilder().build(d);
        byte[] kept = Recall.forDrafts(b.raw(), d.bcc());
        assertTrue(new String(kept, StandardCharsets.US_ASCII).startsWith("Bcc: "), "the Drafts copy keeps Bcc");
        Draft back = Recall.draft(kept, "other@x");
        assertEquals(from, back.from());
        Draft again = DraftFile.read(DraftFile.write(back), back); // what the editor shows, left as it is
        Built rebuilt = new MessageBuilder().build(again);
        assertEquals(b.recipients(), rebuilt.recipients());
        jakarta.mail.internet.MimeMessage m = new jakarta.mail.internet.MimeMessage(null,
                new java.io.ByteArrayInputStream(Recall.forDrafts(rebuilt.raw(), again.bcc())));
        List<String> seen = new java.util.ArrayList<>();
        for (String h : List.of("From", "To", "Cc", "Bcc")) {
            for (jakarta.mail.internet.InternetAddress a : jakarta.mail.internet.InternetAddress.parseHeader(m.getHeader(h, ","), true)) {
                if (!h.equals("From")) seen.add(a.getPersonal());
            }
        }
        assertEquals("Alice Ünïcode, Jr.", ((jakarta.mail.internet.InternetAddress) m.getFrom()[0]).getPersonal());
        assertEquals("alice@x", ((jakarta.mail.internet.InternetAddress) m.getFrom()[0]).getAddress());
        assertEquals(names.subList(1, names.size()), seen);
    }
}

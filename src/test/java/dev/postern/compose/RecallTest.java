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
}

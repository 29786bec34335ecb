package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A render's work is bounded by the body's character budget, not by the message's size: text parts are
 * decoded, and HTML converted, only as far as the budget goes, nothing is decoded (or given to Tika) once it
 * is spent, and the header parser reads a block of junk lines once. The checks count work (bytes decoded,
 * links collected, lines looked at, extractor calls) rather than time it; the few time bounds are generous.
 */
class RenderBudgetTest {
    private static final int TEN_MB = 10 << 20;
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static MimeEntity entity(String head, byte[] body) {
        byte[] h = ascii(head + "\r\n\r\n");
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return MimeParser.parse(all);
    }

    @Test
    void aBase64TextPartIsDecodedOnlyAsFarAsTheBudget() {
        byte[] text = ascii(HugeMessages.oneLine(TEN_MB));
        MimeEntity e = entity("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64",
                Base64.getMimeEncoder().encode(text));
        TextPart.Text t = TextPart.decode(e, "text/plain", new LinkList(), 1000);
        assertEquals(HugeMessages.oneLine(1000), t.text());
        // About budget + window of the 10 MB were decoded: the rest is left, counted as an estimate.
        assertTrue(t.more() > TEN_MB - 64 * 1024, "more: " + t.more());
        TransferDecoding.Limited d = TransferDecoding.decode(e.body(), "base64", 5000);
        assertTrue(d.bytes().length >= 5000 && d.bytes().length < 5003, "decoded " + d.bytes().length);
        // base64 makes 3 bytes of 4 (line breaks counted too: an estimate, within a few percent).
        assertEquals(TEN_MB - d.bytes().length, d.more(), TEN_MB * 0.05);
    }

    @Test
    void multiByteTextFillsTheBudgetAndNoCharacterIsCutAtTheWindow() {
        // Three bytes a char: the first window holds a third of the budget, so a second one is read.
        String cjk = "\u6f22\u5b57".repeat(600_000);
        MimeEntity e = entity("Content-Type: text/plain; charset=utf-8", cjk.getBytes(StandardCharsets.UTF_8));
        TextPart.Text t = TextPart.decode(e, "text/plain", new LinkList(), 100_000);
        assertEquals(cjk.substring(0, 100_000), t.text(), "read as UTF-8 throughout, not as windows-1252 after a cut");
        assertTrue(!t.exact() && t.more() > 0);
    }

    @Test
    void theCountOfWhatIsCutStaysExactForAsciiText() {
        String line = "x".repeat(3_000_000);
        Charsets.Prefix p = Charsets.decode(ascii(line), 0, line.length(), "us-ascii", 2_000_000);
        assertEquals(2_000_000, p.text().length());
        assertEquals(1_000_000, p.more());
        assertTrue(p.exact());
    }

    @Test
    void htmlIsConvertedOnlyUpToTheBudgetAndLaterLinksAreNotCollected() {
        byte[] raw = HugeMessages.htmlMessage(TEN_MB); // one link a paragraph, about 100,000 of them
        MessageRenderer r = new MessageRenderer(new RenderOptions(false, 80, 50_000));
        RenderedMessage m = assertTimeoutPreemptively(GENEROUS, () -> r.render(raw));
        // The whole part had ~100,000 links; only those in the 50,000 chars shown are numbered and listed.
        assertTrue(m.links().size() > 100 && m.links().size() < 2_000, "links: " + m.links().size());
        String body = m.body();
        int note = body.indexOf("\n[truncated: ");
        assertTrue(note > 0 && note <= 50_000, "cut at the budget");
        // ASCII HTML: the count of the source not converted is exact (one char a byte).
        assertTrue(body.substring(note).matches("(?s)\n\\[truncated: \\d{8} more characters of HTML not shown]\n\nLinks:\n.*"),
                body.substring(note, note + 120));
        assertTrue(body.endsWith("[" + m.links().size() + "] " + m.links().get(m.links().size() - 1)), "the links follow the note");
    }

    @Test
    void onceTheBudgetIsSpentLaterPartsAreNotDecodedNorGivenToTheExtractor() {
        StringBuilder mime = new StringBuilder("Subject: parts\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
        mime.append("--b\r\nContent-Type: text/plain\r\n\r\n").append("y".repeat(5_000)).append("\r\n");
        mime.append("--b\r\nContent-Type: text/plain\r\n\r\nSECOND PART\r\n");
        mime.append("--b\r\nContent-Type: text/html; name=page.html\r\nContent-Disposition: attachment; filename=page.html\r\n\r\n"
                + "<p>attached</p>\r\n--b--\r\n");
        AtomicInteger extracted = new AtomicInteger();
        MessageRenderer r = new MessageRenderer(new RenderOptions(false, 0, 1_000), (content, type) -> {
            extracted.incrementAndGet();
            return new AttachmentTextExtractor.Extraction(AttachmentTextExtractor.Status.OK, "attached");
        });
        RenderedMessage m = r.render(ascii(mime.toString()));
        assertEquals("y".repeat(1_000) + "\n[truncated: about " + (4_000 + "SECOND PART".length()) + " more characters not shown]",
                m.body());
        assertEquals(0, extracted.get(), "an attachment whose text would be cut away is not read");
        assertEquals(1, m.parts().size(), "attachments are still listed");
    }

    @Test
    void aBodyThatFitsIsUnchangedAndItsAttachmentsAreRead() {
        AtomicInteger extracted = new AtomicInteger();
        MessageRenderer r = new MessageRenderer(RenderOptions.defaults(), (content, type) -> {
            extracted.incrementAndGet();
            return new AttachmentTextExtractor.Extraction(AttachmentTextExtractor.Status.OK, "attached");
        });
        RenderedMessage m = r.render(ascii("Subject: s\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nhello\r\n"
                + "--b\r\nContent-Type: text/html\r\nContent-Disposition: attachment; filename=a.html\r\n\r\n<p>a</p>\r\n--b--\r\n"));
        assertEquals(1, extracted.get());
        assertTrue(m.body().startsWith("hello\n\n--- Attachment [1] a.html"), m.body());
        assertTrue(!m.body().contains("[truncated"), m.body());
    }

    @Test
    void aHeaderOfJunkLinesIsLookedAheadOnceNotOnceALine() {
        int lines = 50_000;
        StringBuilder h = new StringBuilder("X-First: yes\r\n");
        for (int i = 0; i < lines; i++) h.append("junk line ").append(i).append(" with words\r\n");
        h.append("From: a@example.org\r\nSubject: s\r\n\r\nBODY\r\n");
        byte[] raw = ascii(h.toString());
        MimeParser.CoreLookahead core = new MimeParser.CoreLookahead();
        MimeEntity e = MimeParser.parse(raw, 0, raw.length, core);
        assertEquals("a@example.org", e.raw("From").strip(), "the junk was inside the header block");
        assertEquals("BODY\r\n", new String(e.body(), StandardCharsets.ISO_8859_1));
        // Rescanning the rest of the block for every junk line read n^2/2 = 1.25e9 lines here.
        assertTrue(core.linesRead <= lines + 10, "lines looked at: " + core.linesRead);
    }

    @Test
    void aTenMegabyteHeaderOfJunkLinesRendersInLinearTime() {
        byte[] raw = HugeMessages.junkHeaderMessage(TEN_MB);
        RenderedMessage m = assertTimeoutPreemptively(GENEROUS, () -> new MessageRenderer().render(raw));
        assertEquals("JUNK-HEADER-BODY", m.body());
    }

    @Test
    void aTenMegabyteEncodedSubjectIsDecodedOnlyAsFarAsItIsShown() {
        byte[] raw = HugeMessages.encodedWordSubjectMessage(TEN_MB);
        RenderedMessage m = assertTimeoutPreemptively(GENEROUS, () -> new MessageRenderer().render(raw));
        String subject = m.headers().stream().filter(h -> h.name().equals("Subject")).findFirst().orElseThrow().value();
        assertTrue(subject.startsWith("caf\u00e9\u00e9cole caf\u00e9caf\u00e9 "), subject.substring(0, 40));
        int note = subject.indexOf(" [truncated: about ");
        assertEquals(DisplayHeaders.MAX_VALUE_CHARS, note, "cut where it always was, the count now an estimate");
        assertTrue(subject.endsWith(" more characters]"));
        // The estimate counts the raw chars not decoded: most of the 10 MB.
        long more = Long.parseLong(subject.substring(note + " [truncated: about ".length(), subject.length() - " more characters]".length()));
        assertTrue(more > TEN_MB - DisplayHeaders.MAX_RAW_CHARS, "more: " + more);
    }

    @Test
    void nestedMultipartsAreSplitInPlaceAndHeadersParsedOnce() {
        byte[] raw = HugeMessages.nestedMessage(3, 1000);
        MimeEntity top = MimeParser.parse(raw);
        java.util.List<int[]> ranges = MimeParser.split(top.data(), top.bodyFrom(), top.bodyTo(), top.contentType().param("boundary"));
        MimeEntity child = MimeParser.parse(top.data(), ranges.get(0)[0], ranges.get(0)[1]);
        assertSame(raw, child.data(), "a part is a range of the message's bytes, not a copy");
        assertSame(top.contentType(), top.contentType(), "Content-Type is parsed once");
        String rendered = new MessageRenderer().render(raw).body();
        assertTrue(rendered.startsWith("NESTED-LEAF abc"), rendered.substring(0, 20));
    }

    @Test
    void nestingTwoHundredDeepAroundTenMegabytesStaysWithinTheDepthLimitAndTime() {
        byte[] raw = HugeMessages.nestedMessage(200, TEN_MB);
        RenderedMessage m = assertTimeoutPreemptively(GENEROUS, () -> new MessageRenderer().render(raw));
        assertTrue(m.body().startsWith("[message nesting deeper than " + MimeWalker.MAX_DEPTH), m.body());
    }

    @Test
    void aContentTypeWithAHundredThousandParametersIsParsedInLinearTime() {
        byte[] raw = HugeMessages.manyParamsMessage(100_000);
        RenderedMessage m = assertTimeoutPreemptively(GENEROUS, () -> new MessageRenderer().render(raw));
        assertEquals("MANY-PARAMS-BODY", m.body());
        MimeEntity e = MimeParser.parse(raw);
        assertEquals("n".repeat(50_000), e.contentType().param("name"), "all 50,000 RFC 2231 sections, in order");
    }
}

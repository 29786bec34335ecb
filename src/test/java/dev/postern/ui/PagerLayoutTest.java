package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Part;
import dev.postern.render.HugeMessages;
import dev.postern.render.RenderedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pager's rows: each is measured on its own, so laying out is linear in the message's size. The bounds
 * are generous; the code this replaces measured the whole rest of the line for every row (10 MB x 131,072
 * rows) and needed hours for what takes a fraction of a second now.
 */
class PagerLayoutTest {
    private static final int TEN_MB = 10 << 20;
    private static final Duration GENEROUS = Duration.ofSeconds(20);

    private static RenderedMessage message(String body, List<Part> parts) {
        return new RenderedMessage(List.of(new RenderedMessage.Header("Subject", "big")), body, parts, List.of());
    }

    @Test
    void aTenMegabyteSingleLineIsLaidOutInLinearTime() {
        String line = HugeMessages.oneLine(TEN_MB);
        List<PagerView.Line> rows = assertTimeoutPreemptively(GENEROUS, () -> PagerView.layOut(message(line, List.of()), 80));
        // Subject row, blank row, then the body's rows.
        assertEquals(2 + TEN_MB / 80, rows.size());
        StringBuilder joined = new StringBuilder(TEN_MB);
        for (PagerView.Line r : rows.subList(2, rows.size())) {
            assertTrue(Cells.width(r.text()) <= 80, "a row wider than the screen");
            joined.append(r.text());
        }
        assertEquals(line, joined.toString(), "wrapping loses and adds nothing");
    }

    @Test
    void aTenMegabyteHeaderIsLaidOutInLinearTime() {
        String value = HugeMessages.oneLine(TEN_MB);
        RenderedMessage m = new RenderedMessage(List.of(new RenderedMessage.Header("X-Huge", value)), "body", List.of(), List.of());
        List<PagerView.Line> rows = assertTimeoutPreemptively(GENEROUS, () -> PagerView.layOut(m, 100));
        assertTrue(rows.size() > TEN_MB / 100, "every row of the header is there: " + rows.size());
        assertEquals("body", rows.get(rows.size() - 1).text());
    }

    /** hunt33-Z Z12: a long header's continuation rows are indented, so they do not read as headers of their own. */
    @Test
    void aLongHeadersContinuationRowsAreIndented() {
        RenderedMessage m = new RenderedMessage(List.of(new RenderedMessage.Header("Received",
                "from LO2P123MB4999.GBRP123.PROD.OUTLOOK.COM with HTTPS; Mon, 1 Jan 2024 10:00:00 +0000 by mx.example.org")),
                "body", List.of(), List.of());
        List<PagerView.Line> rows = PagerView.layOut(m, 40);
        assertTrue(rows.get(0).text().startsWith("Received: "), rows.toString());
        assertTrue(rows.get(1).text().startsWith("    ") && !rows.get(1).text().isBlank(), rows.toString());
        StringBuilder joined = new StringBuilder();
        for (PagerView.Line r : rows) if (!r.text().isEmpty() && !r.text().equals("body")) joined.append(r.text().strip()).append(' ');
        assertTrue(joined.toString().contains("by mx.example.org"), "nothing lost: " + rows);
        for (PagerView.Line r : rows) assertTrue(Cells.width(r.text()) <= 40, rows.toString());
    }

    @Test
    void wideCharactersAreWrappedByColumnsNotChars() {
        String cjk = "漢字".repeat(50_000); // two columns each
        List<PagerView.Line> rows = PagerView.layOut(new RenderedMessage(List.of(), cjk, List.of(), List.of()), 9);
        for (PagerView.Line r : rows) {
            assertTrue(Cells.width(r.text()) <= 9, "row of " + Cells.width(r.text()) + " columns");
        }
        assertEquals(1 + 100_000 / 4, rows.size(), "a blank row, then four wide characters (8 columns) per 9-column row");
    }

    @Test
    void fiveThousandAttachmentsAreListed() {
        List<Part> parts = new ArrayList<>();
        for (int i = 1; i <= 5_000; i++) parts.add(new Part(i, "1." + i, "text/plain", "f" + i + ".txt", 10, true));
        List<PagerView.Line> rows = assertTimeoutPreemptively(GENEROUS, () -> PagerView.layOut(message("hi", parts), 80));
        assertTrue(rows.get(rows.size() - 1).text().startsWith("[5000] f5000.txt"), rows.get(rows.size() - 1).text());
    }

    @Test
    void truncatingAHugeStringLooksOnlyAtWhatFits() {
        String subject = HugeMessages.oneLine(1 << 20);
        // 100,000 index rows of a 1 MB subject: 100,000 x 80 chars now, 100,000 x 1 MB before.
        String cut = assertTimeoutPreemptively(GENEROUS, () -> {
            String last = null;
            for (int i = 0; i < 100_000; i++) last = Cells.fit(subject, 80);
            return last;
        });
        assertEquals(subject.substring(0, 80), cut);
        assertEquals("ab", Cells.truncate("ab", 5));
        assertEquals("漢", Cells.truncate("漢字", 3));
        assertEquals("", Cells.truncate("漢字", 1));
    }

    /**
     * Issue 18: a format=flowed message keeps its paragraphs in the pager: soft breaks joined, stuffing removed,
     * wrapped again at words to the pager's width, and a quoted paragraph keeps its quote marks on every row it
     * wraps to, so its depth stays visible.
     */
    @Test
    void flowedParagraphsAreRewrappedAtWordsKeepingTheirQuoteDepth() {
        String raw = "Content-Type: text/plain; charset=utf-8; format=flowed\r\n\r\n"
                + ">> Deep quoted words \r\n>> that flow on.\r\n"
                + "> Shallow quoted text that \r\n> goes on and on.\r\n"
                + "  Stuffed, then a \r\nreply of mine.\r\n";
        RenderedMessage m = new dev.postern.render.MessageRenderer(dev.postern.render.RenderOptions.defaults())
                .render(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<String> body = new ArrayList<>();
        boolean inBody = false;
        for (PagerView.Line l : PagerView.layOut(new RenderedMessage(List.of(), m.body(), List.of(), List.of()), 20)) {
            if (inBody) body.add(l.text().stripTrailing()); // a row keeps the space it broke at
            if (l.text().isEmpty()) inBody = true;
        }
        assertEquals(List.of(
                ">> Deep quoted words", ">> that flow on.",
                "> Shallow quoted", "> text that goes on", "> and on.",
                " Stuffed, then a", "reply of mine."), body.subList(0, 7));
    }
}

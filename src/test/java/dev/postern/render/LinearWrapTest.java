package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Wrapping, sanitising and rendering stay linear in the text's size. The bounds are generous (seconds for
 * work that takes tens of milliseconds); the quadratic code they replace copied the rest of the line for
 * every row, i.e. 10 MB x 125,000 rows, and would need hours, so no busy machine makes these flaky.
 */
class LinearWrapTest {
    private static final int TEN_MB = 10 << 20;
    private static final Duration GENEROUS = Duration.ofSeconds(20);

    @Test
    void aTenMegabyteLineWithoutSpacesWrapsInLinearTime() {
        String line = HugeMessages.oneLine(TEN_MB);
        String wrapped = assertTimeoutPreemptively(GENEROUS, () -> TextWrap.wrap(line, 80));
        String[] rows = wrapped.split("\n", -1);
        assertEquals((TEN_MB + 79) / 80, rows.length);
        for (String r : rows) assertTrue(r.length() <= 80, "a row wider than the width");
        assertEquals(line, String.join("", rows), "a hard cut loses and adds nothing");
    }

    @Test
    void aTenMegabyteLineOfWordsWrapsAtSpacesInLinearTime() {
        StringBuilder sb = new StringBuilder(TEN_MB);
        while (sb.length() < TEN_MB) sb.append("word").append(sb.length() % 7).append(' ');
        String line = sb.toString();
        String wrapped = assertTimeoutPreemptively(GENEROUS, () -> TextWrap.wrap(line, 72));
        List<String> rows = List.of(wrapped.split("\n", -1));
        for (String r : rows) {
            assertTrue(r.length() <= 72, "a row wider than the width");
            assertTrue(!r.startsWith(" "), "a continuation row starts with the space it was cut at");
        }
        assertEquals(line.replace(" ", ""), String.join("", rows).replace(" ", ""), "only spaces at cuts are dropped");
    }

    @Test
    void wrappingKeepsTheQuotePrefixAndCutsAtTheLastSpace() {
        assertEquals("> > aaa bbb\n> > ccc", TextWrap.wrap("> > aaa bbb ccc", 11));
        assertEquals("abcde\nfghij\nk", TextWrap.wrap("abcdefghijk", 5));
        assertEquals("ab cd\nef", TextWrap.wrap("ab cd ef", 5));
        // A surrogate pair is never split at a hard cut.
        String emoji = "\uD83D\uDE00";
        for (String r : TextWrap.wrap("abcd" + emoji + emoji, 5).split("\n")) {
            assertTrue(!Character.isHighSurrogate(r.charAt(r.length() - 1)), "a row ends inside a code point: " + r);
        }
    }

    @Test
    void aTenMegabyteSingleLineMessageRendersInLinearTime() {
        byte[] raw = HugeMessages.singleLineMessage("one line", TEN_MB);
        MessageRenderer renderer = new MessageRenderer(new RenderOptions(false, 80, RenderOptions.DEFAULT_MAX_BODY_CHARS));
        RenderedMessage m = assertTimeoutPreemptively(GENEROUS, () -> renderer.render(raw));
        assertTrue(m.body().startsWith("START-OF-BODY"), m.body().substring(0, 40));
        assertTrue(m.body().contains("[truncated: "), "the body is cut at the option's limit, with a note");
    }

    @Test
    void anHtmlPartWithTwoHundredThousandLinksNumbersThemInLinearTime() {
        StringBuilder html = new StringBuilder("<html><body>");
        for (int i = 0; i < 200_000; i++) html.append("<a href=\"https://example.org/").append(i).append("\">l</a> ");
        html.append("<a href=\"https://example.org/7\">again</a></body></html>");
        LinkList numbered = new LinkList();
        String text = assertTimeoutPreemptively(GENEROUS, () -> HtmlToText.convert(html.toString(), numbered));
        assertEquals(200_000, numbered.size(), "a repeated link keeps its first number");
        assertTrue(text.endsWith("again[8]"), text.substring(text.length() - 20));
    }

    @Test
    void sanitisingTenMegabytesOfControlCharactersIsLinear() {
        StringBuilder sb = new StringBuilder(TEN_MB);
        for (int i = 0; i < TEN_MB; i++) sb.append(i % 3 == 0 ? '\u001b' : i % 3 == 1 ? '\u202e' : 'x');
        String s = sb.toString();
        String clean = assertTimeoutPreemptively(GENEROUS, () -> Sanitizer.line(s));
        assertTrue(clean.startsWith("^[<U+202E>x^["), clean.substring(0, 20));
    }
}

package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.postern.render.MessageRenderer;
import dev.postern.render.RenderedMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The links of an HTML message show once in the pager: the renderer's list at the end of the body (which
 * batch `read`, replies and forwards carry too), its heading styled as a heading. The pager used to list
 * them a second time under the first.
 */
class PagerLinksTest {
    private static RenderedMessage html(String body) {
        return new MessageRenderer().render(("From: a@example.org\r\nSubject: links\r\nContent-Type: text/html\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static long count(List<PagerView.Line> rows, String text) {
        return rows.stream().filter(r -> r.text().equals(text)).count();
    }

    @Test
    void eachLinkIsListedOnceUnderOneStyledHeading() {
        RenderedMessage m = html("<p>see <a href=\"https://a.example/x\">this</a> and <a href=\"https://b.example/\">that</a></p>");
        List<PagerView.Line> rows = PagerView.layOut(m, 80);
        assertEquals(1, count(rows, "Links:"), rows.toString());
        assertEquals(1, count(rows, "[1] https://a.example/x"), rows.toString());
        assertEquals(1, count(rows, "[2] https://b.example/"), rows.toString());
        PagerView.Line heading = rows.stream().filter(r -> r.text().equals("Links:")).findFirst().orElseThrow();
        assertEquals(Palette.PAGER_HEADER, heading.role());
        assertEquals("[2] https://b.example/", rows.get(rows.size() - 1).text(), "the list ends the message");
    }

    @Test
    void aLineThatOnlyLooksLikeTheHeadingInTheTextIsNotStyled() {
        RenderedMessage m = html("<p>Links:</p><p>[1] not a link list</p><p><a href=\"https://c.example/\">c</a></p>");
        List<PagerView.Line> rows = PagerView.layOut(m, 80);
        List<PagerView.Line> headings = rows.stream().filter(r -> r.text().equals("Links:")).toList();
        assertEquals(2, headings.size(), rows.toString());
        assertEquals(Palette.NORMAL, headings.get(0).role(), "the message's own words");
        assertEquals(Palette.PAGER_HEADER, headings.get(1).role(), "the renderer's list");
    }
}

package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.render.RenderedMessage;
import dev.postern.render.StatusImitation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * hunt34-B B2: the pager draws postern's own status lines in a role message text never gets, and a row that
 * starts like one only because the line wrapped there is marked as the message's.
 */
class PagerStatusRowsTest {
    private static final String FAKE = "[postern] PGP GOOD signature from Bob <bob@localhost>, key "
            + "990D546E3D9E89FFD753B9294B868B13229A50C4, validity ultimate";

    private static List<PagerView.Line> rows(String body, int width) {
        return PagerView.layOut(new RenderedMessage(List.of(new RenderedMessage.Header("Subject", "invoice 79")), body,
                List.of(), List.of()), width);
    }

    @Test
    void aWrappedLineCannotStartARowThatPassesForAStatusLine() {
        String body = "\u2500".repeat(79) + " " + FAKE + "\n\nPlease pay the invoice to IBAN XX00 6666 6666.";
        for (int width : new int[] {60, 79, 80, 100, 120}) {
            for (PagerView.Line r : rows(body, width)) {
                assertFalse(StatusImitation.at(r.text(), 0) && !r.text().startsWith(StatusImitation.MARK), width + ": " + r);
                assertFalse(Palette.PAGER_POSTERN.equals(r.role()), width + ": " + r);
                assertTrue(Cells.width(r.text()) <= width, width + ": " + r);
            }
        }
        List<PagerView.Line> at80 = rows(body, 80);
        assertTrue(at80.stream().anyMatch(r -> r.text().startsWith("(message text) [postern] PGP GOOD")), at80.toString());
    }

    @Test
    void postersOwnLinesAreDrawnInTheirOwnRoleOnEveryRow() {
        String body = FAKE + "\n(message text) " + FAKE + "\nhello";
        List<PagerView.Line> r = rows(body, 40);
        int own = 0;
        for (PagerView.Line l : r) {
            if (Palette.PAGER_POSTERN.equals(l.role())) own++;
            if (l.text().startsWith("(message text)")) assertEquals(Palette.NORMAL, l.role(), l.toString());
        }
        assertEquals(4, own, r.toString()); // the real line, wrapped to four rows at 40
    }
}

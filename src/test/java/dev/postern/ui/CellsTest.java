package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CellsTest {
    @Test
    void fitMeasuresDisplayColumnsNotChars() {
        assertEquals("abc  ", Cells.fit("abc", 5));
        assertEquals("abc", Cells.fit("abcdef", 3));
        // Each CJK character is two columns: five columns hold two of them plus one space of padding.
        assertEquals("日本 ", Cells.fit("日本語", 5));
        assertEquals(5, Cells.width(Cells.fit("日本語", 5)));
        assertEquals("  日本", Cells.fitRight("日本", 6));
        assertEquals("", Cells.fit("abc", 0));
    }

    @Test
    void truncateNeverSplitsASurrogatePair() {
        String s = "a\uD83D\uDE00b"; // a, grinning face, b
        String t = Cells.truncate(s, 2);
        assertEquals("a", t.substring(0, 1));
        assertEquals(false, Character.isHighSurrogate(t.charAt(t.length() - 1)));
    }

    /**
     * A character alone takes the columns a terminal gives it (wcwidth) where that is 1 or 2, and Lanterna's count
     * where the terminal has none (a mark, a control): Bopomofo and Yi are wide though Lanterna counts them narrow.
     */
    @Test
    void everyCharAloneIsCountedAsTheTerminalDrawsIt() {
        int differ = 0;
        for (int c = 0; c <= 0xFFFF; c++) {
            char ch = (char) c;
            int lanterna = com.googlecode.lanterna.TerminalTextUtils.getColumnWidth(String.valueOf(ch));
            int wc = org.jline.utils.WCWidth.wcwidth(c);
            int expected = c >= 0x1100 && !Character.isSurrogate(ch) && (wc == 1 || wc == 2) ? wc : lanterna;
            if (expected != lanterna) differ++;
            assertEquals(expected, Cells.width(String.valueOf(ch)), "U+" + Integer.toHexString(c));
        }
        assertTrue(differ > 100, "Bopomofo, Yi and others differ from Lanterna's count: " + differ);
    }

    /**
     * Without marks or characters outside the BMP, a string is counted as Lanterna counts it; with them, a mark joins
     * the cell before it (0 columns) and a narrow astral letter is 1; a cut never splits a cell and fits its columns.
     */
    @Test
    void stringsAreCountedByCellsAndCutBetweenThem() {
        java.util.Random r = new java.util.Random(3);
        String[] plain = {"a", "\u00e9", "\t", "\u10ff", "\u1100", "\u3042", "\uac00", "\uff61", "\uff01"};
        String[] special = {"\ud83d\ude00", "\u0301", "\u0e31", "\u200d", "\ud835\udc00", "\ufe0f"};
        for (int i = 0; i < 5_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int j = r.nextInt(10); j > 0; j--) b.append(plain[r.nextInt(plain.length)]);
            String s = b.toString();
            assertEquals(com.googlecode.lanterna.TerminalTextUtils.getColumnWidth(s), Cells.width(s), s);
            for (int j = r.nextInt(6); j > 0; j--) b.insert(r.nextInt(b.length() + 1), special[r.nextInt(special.length)]);
            String t = b.toString().replace("\t", " ");
            if (!t.isEmpty() && Character.isLowSurrogate(t.charAt(0))) continue;
            for (int cols = 0; cols < 12; cols++) {
                String cut = Cells.truncate(t, cols);
                assertTrue(Cells.width(cut) <= cols, t + " cut to " + cols);
                if (cut.length() < t.length() && !cut.isEmpty()) {
                    assertFalse(Cells.joins(t.codePointAt(cut.length())), "a cell split: " + t + " at " + cut.length());
                }
            }
        }
        assertEquals(2, Cells.width("e\u0301\u0302x"), "marks join their letter");
        assertEquals(3, Cells.width("\uD835\uDC01\uD835\uDC22\uD835\uDC20"), "mathematical letters are narrow");
        assertEquals(6, Cells.width("\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"), "each emoji is 2, the joiner 0");
    }

    /**
     * A flag (two regional indicators) is one cell of 2 columns, as terminals draw it, not 4; a lone indicator is 1
     * (glibc's wcwidth, tmux); pairs count from the start of a run, also when the end of a text is measured backwards
     * (hunt 37-G9).
     */
    @Test
    void aFlagIsOneCellOfTwoColumns() {
        String jp = "\uD83C\uDDEF\uD83C\uDDF5";
        String de = "\uD83C\uDDE9\uD83C\uDDEA";
        String lone = "\uD83C\uDDEF";
        assertEquals(2, Cells.width(jp));
        assertEquals(4, Cells.width(jp + de));
        assertEquals(1, Cells.width(lone));
        assertEquals(6, Cells.width("a" + jp + de + lone), "two flags and a lone indicator");
        assertEquals(jp, Cells.truncate(jp + de, 3), "a flag is never split");
        assertEquals(4, Cells.cellEnd(jp + de, 0));
        assertEquals(4, Cells.tailFrom(jp + de, 3), "the last flag");
        assertEquals(8, Cells.tailFrom(jp + de + lone, 2), "the lone indicator: the flag before it does not fit");
        assertEquals(5, Cells.tailFrom("x" + lone + jp + de, 4), "pairs counted from the run's start: JJ, PD, E");
        java.util.Random r = new java.util.Random(7);
        String[] parts = {"a", lone, "\uD83C\uDDE9", "\uD83D\uDE00", "\u65e5"};
        for (int i = 0; i < 3_000; i++) {
            StringBuilder b = new StringBuilder("b");
            for (int j = r.nextInt(12); j > 0; j--) b.append(parts[r.nextInt(parts.length)]);
            String s = b.toString();
            for (int cols = 0; cols < 14; cols++) {
                int from = Cells.tailFrom(s, cols);
                String tail = s.substring(from);
                assertTrue(Cells.width(tail) <= cols, s + " tail in " + cols);
                assertEquals(Cells.width(s), Cells.width(s.substring(0, from)) + Cells.width(tail), "a cell split: " + s);
            }
        }
    }
}

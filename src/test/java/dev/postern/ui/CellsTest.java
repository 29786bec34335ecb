package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @Test
    void everyCharIsCountedAsLanternaCountsIt() {
        for (int c = 0; c <= 0xFFFF; c++) {
            char ch = (char) c;
            int lanterna = com.googlecode.lanterna.TerminalTextUtils.getColumnWidth(String.valueOf(ch));
            assertEquals(lanterna, Cells.width(ch), "U+" + Integer.toHexString(c));
            assertEquals(lanterna, Cells.width(String.valueOf(ch)), "U+" + Integer.toHexString(c));
        }
        java.util.Random r = new java.util.Random(3);
        String[] parts = {"a", "\u00e9", "\t", "\u10ff", "\u1100", "\u3042", "\uac00", "\uff61", "\uff01", "\ud83d\ude00", "\u0301"};
        for (int i = 0; i < 5_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int j = r.nextInt(10); j > 0; j--) b.append(parts[r.nextInt(parts.length)]);
            String s = b.toString();
            assertEquals(com.googlecode.lanterna.TerminalTextUtils.getColumnWidth(s), Cells.width(s), s);
        }
    }
}

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
}

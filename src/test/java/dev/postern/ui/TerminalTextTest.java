package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Batch output on a terminal whose charset cannot show every character (LANG=C: ASCII; Latin-1): every row keeps the
 * columns it was laid out in. The charset's own '?' a char gave a CJK name one column for two, each Thai or Zalgo mark
 * a column more (rows wrapped), and the cut mark a '?' that read as data, "(92?" for a cut 926 (hunt 39-I, I2).
 */
class TerminalTextTest {
    private static final Charset LATIN1 = StandardCharsets.ISO_8859_1;
    private static final Charset ASCII = StandardCharsets.US_ASCII;

    /** What {@code text}, printed through {@link TerminalText#writer} in {@code charset}, puts on the terminal. */
    private static String printed(Charset charset, String... text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintWriter out = new PrintWriter(TerminalText.writer(bytes, charset), true);
        for (String t : text) out.print(t);
        out.flush();
        return bytes.toString(charset);
    }

    @Test
    void eachCellIsAsManyColumnsAsTheRowCountedIt() {
        String[][] rows = { // the text, then as ASCII shows it, then as Latin-1 does
            {"\u5c71\u7530 \u592a\u90ce <taro@example.jp>|", "???? ???? <taro@example.jp>|", null}, // CJK: two columns each
            {"\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u0e04\u0e23\u0e31\u0e1a|", "???????|", null}, // Thai: its marks take none
            {"Z\u0351\u0352\u0353a\u0354\u0355l\u0356g\u0357o text|", "Zalgo text|", null}, // Zalgo: the letters alone
            {"Gr\u00fc\u00dfe aus M\u00fcnchen \ud83c\udf89 party|", "Gr??e aus M?nchen ?? party|", "Gr\u00fc\u00dfe aus M\u00fcnchen ?? party|"},
            {"\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67 family|", "?????? family|", null}, // a joined emoji: two columns each, as the reader lays it out
            {"e\u0301t\u00e9 \u00e9\u0301|", "et? ?|", "et\u00e9 \u00e9|"}, // a letter the charset has keeps its place
            {"RFC 2231 attachments (92\u2026", "RFC 2231 attachments (92>", null}, // the cut mark: not a '?' that reads as data
            {"\u2502 INBOX \u2500\u2500 \u251c\u2500> \u2514\u2500> \u250c*>", "| INBOX -- |-> `-> ,*>", null}, // postern's own glyphs
        };
        for (String[] row : rows) {
            int columns = Cells.width(row[0]);
            String ascii = printed(ASCII, row[0]);
            assertEquals(row[1], ascii);
            assertEquals(columns, ascii.length(), "the columns the row was laid out in: " + row[0]);
            String latin1 = printed(LATIN1, row[0]);
            assertEquals(row[2] == null ? row[1] : row[2], latin1);
            assertEquals(columns, latin1.length(), "the columns the row was laid out in: " + row[0]);
            assertEquals(row[0], printed(StandardCharsets.UTF_8, row[0]), "UTF-8 gets it as it is");
        }
        // A charset that has the cut mark keeps it (windows-1252); a mark written apart from its letter joins it.
        assertEquals("(92\u2026\n", printed(Charset.forName("windows-1252"), "(92\u2026\n"));
        assertEquals("Zalgo\nx", printed(ASCII, "Z", "\u0351a\u0352", "lgo\n", "x"));
        // A line of megabytes is not held whole: it goes out as it comes, its marks still dropped with their letter.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintWriter out = new PrintWriter(TerminalText.writer(bytes, ASCII), false);
        for (int i = 0; i < 100_000; i++) out.print("e\u0301\u5c71");
        assertTrue(bytes.size() > 200_000, "written before the line's end: " + bytes.size());
        out.flush();
        assertEquals("e??".repeat(100_000), bytes.toString(ASCII));
    }

    /** An 80-column `list` row with a CJK sender and a cut subject: 80 columns on the terminal too, ending in '>'. */
    @Test
    void aCutRowOfEightyColumnsStaysEightyColumns() {
        String from = Cells.fit("\u5c71\u7530 \u592a\u90ce <taro@example.jp>", 25);
        String row = "      1 N    2024-11-30 20:53 " + from + " \u4f1a\u8b70\u306e\u8b70\u4e8b\u9332 (meeting minutes) (289)";
        String cut = Cells.truncate(row, 79) + "\u2026";
        assertEquals(80, Cells.width(cut));
        String shown = printed(ASCII, cut + "\n");
        assertEquals("      1 N    2024-11-30 20:53 ???? ???? <taro@example.j ???????????? (meeting m>\n", shown);
        assertEquals(81, shown.length());
    }
}

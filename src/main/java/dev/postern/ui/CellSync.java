package dev.postern.ui;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import org.jline.utils.WCWidth;

/**
 * Keeps the terminal's cursor where Lanterna's screen counts it. The screen writes its changed cells one after
 * another and moves the cursor only where it skips, counting each cell as 1 column, or 2 for a CJK character or a
 * character outside the BMP. A terminal advances by the character's own width (wcwidth), which differs for a
 * combining mark or a zero-width joiner (0), a mathematical letter outside the BMP (1) and some wide symbols in
 * it (2): the rest of the row then landed a column off, over or beside other text, and a bare joiner glued itself
 * to the next character drawn (hunt E, F6). Here a cell the terminal draws narrower than counted is followed by
 * spaces (an invisible format character, such as a joiner, is not sent at all), and after one it draws wider the
 * cursor is put back where the screen counts it. Widths are JLine's {@link WCWidth}, the table terminals follow.
 * A terminal whose charset cannot show a cell (LANG=C, a Latin-1 locale) gets postern's own glyphs as ASCII, its
 * character alone when it can show that, else one '?' a column the screen counts ({@link TerminalText#standIn}): the
 * charset's own '?' for each char, a mark or a joiner too, ran rows of Thai, Zalgo or joined emoji past the right
 * edge (hunt 37-G5), and drew the sidebar's rule and every cut mark as '?' (hunt 39-I, I9).
 */
final class CellSync {
    /** Where the screen's cursor is, as it counts it; -1 when a write it cannot count left it unknown. */
    private int col = -1;
    private int row = -1;

    /** How the terminal writes text, as its bytes. */
    interface Text {
        void put(String s) throws IOException;
    }

    /** How the terminal moves its cursor. */
    interface Move {
        void to(int col, int row) throws IOException;
    }

    private final Text text;
    private final Move move;
    /** The terminal's charset's encoder; null when it shows every character (UTF-8). */
    private final CharsetEncoder encoder;

    CellSync(Text text, Move move, Charset charset) {
        this.text = text;
        this.move = move;
        this.encoder = TerminalText.encoderOf(charset);
    }

    /** The screen put the cursor at {@code col}, {@code row}. */
    void movedTo(int col, int row) {
        this.col = col;
        this.row = row;
    }

    /**
     * Writes {@code s}, the string of one screen cell (a character and the marks joining it, {@link Cells#joins}), or
     * other text, as described above.
     */
    void put(String s) throws IOException {
        if (s.isEmpty()) return;
        int first = s.codePointAt(0);
        if (Cells.cellEnd(s, 0) != s.length()) { // not one cell: written as it is, counted by no one
            text.put(s);
            col = -1;
            return;
        }
        int counted = Cells.cellCols(s, 0, s.length());
        if (Character.getType(first) == Character.FORMAT) { // invisible: its marks would land on the character before
            text.put(" ".repeat(counted));
            if (col >= 0) col += counted;
            return;
        }
        if (encoder != null && !encoder.canEncode(s)) { // the charset's own '?' would be one a char, marks included
            text.put(TerminalText.standIn(s, counted, encoder));
            if (col >= 0) col += counted;
            return;
        }
        int drawn = 0;
        StringBuilder sent = null; // when an invisible format character is left out
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            if (Character.getType(cp) == Character.FORMAT || Cells.skinTone(cp)) { // not sent: see Cells.skinTone
                if (sent == null) sent = new StringBuilder(s.substring(0, i));
            } else {
                if (sent != null) sent.appendCodePoint(cp);
                drawn += Cells.regional(cp) ? 1 : Math.max(0, WCWidth.wcwidth(cp));
            }
            i += n;
        }
        String out = sent == null ? s : sent.toString();
        int next = col < 0 ? -1 : col + counted;
        if (drawn <= counted) {
            text.put(drawn == counted ? out : out + " ".repeat(counted - drawn));
        } else {
            text.put(out);
            if (next >= 0) move.to(next, row);
        }
        col = next;
    }
}

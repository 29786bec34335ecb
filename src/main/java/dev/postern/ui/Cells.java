package dev.postern.ui;

import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.postern.render.Sanitizer;

/**
 * Text measured in terminal columns, not chars: a CJK character takes two columns, so truncating by
 * {@code String.length()} would push a row's last column off the screen or misalign the next one.
 */
public final class Cells {
    private Cells() {}

    /** Below this every char takes one column of its own (the first combining marks start at U+0300). */
    private static final char FIRST_SPECIAL = '\u0300';

    /**
     * Columns of {@code s} as the screen lays it out: each cell is a character and the marks that join it
     * ({@link #joins}); a cell takes {@link #cellWidth} of its character.
     */
    public static int width(String s) {
        int w = 0;
        int n = s.length();
        for (int i = 0; i < n; ) {
            char c = s.charAt(i);
            if (c < FIRST_SPECIAL) {
                if (c == '\t') return TerminalTextUtils.getColumnWidth(s);
                w++;
                i++;
                continue;
            }
            int cp = s.codePointAt(i);
            if (i > 0 && joins(cp)) { // a mark after a plain character: joins its cell
                i += Character.charCount(cp);
                continue;
            }
            int end = cellEnd(s, i);
            w += cellCols(s, i, end);
            i = end;
        }
        return w;
    }

    /**
     * A regional indicator (U+1F1E6..U+1F1FF): two of them make a flag, drawn in 2 columns by every terminal (glibc,
     * xterm, VTE and tmux give each 1, kitty and wezterm the pair 2), so a pair is one cell of 2 columns
     * ({@link #cellEnd}); a lone one is 1 column, as glibc's wcwidth (and so tmux) counts it (hunt 37-G9).
     */
    static boolean regional(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    /** Columns of the cell {@code s[i..end)} ({@link #cellEnd}): its character's, or 2 for a flag. */
    static int cellCols(String s, int i, int end) {
        int cp = s.codePointAt(i);
        if (regional(cp) && end >= i + 4 && regional(s.codePointAt(i + 2))) return 2;
        return cellWidth(cp);
    }

    /**
     * Columns of a cell whose character is {@code cp}: 2 for a CJK character (Lanterna's count) and for one outside the
     * BMP that terminals draw wide (an emoji, CJK Extension B), else 1 (a mathematical letter such as 𝐀 is narrow).
     */
    static int cellWidth(int cp) {
        if (cp < 0x1100 || regional(cp)) return 1; // below Hangul Jamo no block is CJK: no lookup (a binary search)
        int w = org.jline.utils.WCWidth.wcwidth(cp);
        if (Character.isSupplementaryCodePoint(cp)) return w == 1 ? 1 : 2;
        // The terminal's width where it has one: Bopomofo, Yi, U+2329 are wide and a half-fill space narrow, though
        // not in Lanterna's CJK blocks; such a character is drawn as a cell of its own width (putCells).
        return w == 2 || w != 1 && lanternaWide(cp) ? 2 : 1;
    }

    /** Lanterna's own count of a character in the BMP: 2 columns for one in its CJK blocks. */
    private static boolean lanternaWide(int cp) {
        return TerminalTextUtils.isCharCJK((char) cp);
    }

    /** Whether Lanterna would count the lone BMP character {@code cp} otherwise than the terminal draws it. */
    private static boolean miscounted(int cp) {
        return cp >= 0x1100 && !Character.isSupplementaryCodePoint(cp) && (cellWidth(cp) == 2) != lanternaWide(cp);
    }

    /**
     * Whether {@code cp} joins the character before it in one cell: a combining or enclosing mark (an accent that
     * does not compose, Thai vowels, Arabic harakat, a virama) or a zero-width joiner; so text in those scripts stays
     * whole on the screen (hunt 29-J). A variation selector is left a cell of its own: terminals differ on the width
     * it gives an emoji, and the blank after it (CellSync) fits both.
     */
    static boolean joins(int cp) {
        if (cp < FIRST_SPECIAL || (cp >= 0xFE00 && cp <= 0xFE0F)) return false;
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK || cp == 0x200D || skinTone(cp);
    }

    /**
     * An emoji skin-tone modifier (U+1F3FB..U+1F3FF): terminals disagree on it (one draws 👍🏽 in two columns, tmux
     * draws the modifier as two more), so it joins its emoji's cell and is not sent (CellSync): the thumb shows in
     * its own colour, and the row keeps its columns on every terminal (hunt 30-Q, 2).
     */
    static boolean skinTone(int cp) {
        return cp >= 0x1F3FB && cp <= 0x1F3FF;
    }

    /**
     * The end of the cell that starts at {@code i}: its character and the marks joining it; a regional indicator and
     * the one after it (a flag: {@link #regional}) are one cell.
     */
    static int cellEnd(String s, int i) {
        int cp = s.codePointAt(i);
        int end = i + Character.charCount(cp);
        if (regional(cp) && end < s.length() && regional(s.codePointAt(end))) end += 2;
        while (end < s.length() && joins(s.codePointAt(end))) end += Character.charCount(s.codePointAt(end));
        return end;
    }

    /**
     * The longest prefix of {@code s} that fits in {@code cols} columns (never splits a cell). Looks at
     * no more of {@code s} than fits: a 100 KB subject cut to a row costs a row, not 100 KB.
     */
    public static String truncate(String s, int cols) {
        if (cols <= 0) return "";
        int end = fits(s, 0, cols);
        return end == s.length() ? s : s.substring(0, end);
    }

    /**
     * The end index of the longest run of {@code s} from {@code from} that fits in {@code cols} columns,
     * never splitting a cell; reads at most that run (plus one cell).
     */
    public static int fits(String s, int from, int cols) {
        int used = 0;
        int i = from;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int end;
            int w;
            if (c < FIRST_SPECIAL && (i + 1 >= n || s.charAt(i + 1) < FIRST_SPECIAL)) {
                end = i + 1;
                w = 1;
            } else {
                end = cellEnd(s, i);
                w = cellCols(s, i, end);
            }
            if (used + w > cols) break;
            used += w;
            i = end;
        }
        return i;
    }

    /**
     * Where the longest end of {@code s} that fits in {@code cols} columns starts (a cell boundary, as {@link #width}
     * counts the text from there: its first character counts even when it is a mark). One backward walk over that
     * end only; cutting a character at a time from the front and measuring the rest each time was the text's length
     * squared (a sidebar row of a server's 1 MB folder name, at every frame). A text with a tab is measured as
     * Lanterna does, from the front.
     */
    static int tailFrom(String s, int cols) {
        if (s.indexOf('\t') >= 0) {
            int from = 0;
            while (from < s.length() && width(s.substring(from)) > cols) from += Character.charCount(s.codePointAt(from));
            return from;
        }
        int from = s.length();
        int rest = 0; // width(s[from..]) but for its first character's own count
        int flags = -1; // where the run of regional indicators before from starts, once looked for
        while (from > 0) {
            int cp = s.codePointBefore(from);
            int at = from - Character.charCount(cp);
            int first = cellWidth(cp); // s[at..] counts its first character whatever it is
            if (regional(cp)) { // pairs are counted from the run's start: the second of a pair takes the first along
                if (flags < 0 || flags > at) {
                    flags = at;
                    while (flags >= 2 && regional(s.codePointBefore(flags))) flags -= 2;
                }
                if ((at - flags) / 2 % 2 == 1) {
                    at -= 2;
                    first = 2;
                }
            }
            if (rest + first > cols) break;
            rest += cp >= FIRST_SPECIAL && joins(cp) ? 0 : first;
            from = at;
        }
        return from;
    }

    /** Exactly {@code cols} columns: truncated, then padded with spaces (also when a wide char did not fit). */
    public static String fit(String s, int cols) {
        if (cols <= 0) return "";
        String t = truncate(s, cols);
        return t + " ".repeat(Math.max(0, cols - width(t)));
    }

    /**
     * {@code s} and spaces up to {@code cols} terminal columns, never cut: what "%-Ns" does by chars, by columns, so
     * a column of CJK names (two columns a char) lines up in command output.
     */
    public static String pad(String s, int cols) {
        return s + " ".repeat(Math.max(0, cols - width(s)));
    }

    /** Right-aligned in exactly {@code cols} columns. */
    static String fitRight(String s, int cols) {
        if (cols <= 0) return "";
        String t = truncate(s, cols);
        return " ".repeat(Math.max(0, cols - width(t))) + t;
    }

    /**
     * The only way views put text on the screen. Sanitising here too is deliberate: callers already pass
     * sanitised text, and Sanitizer is idempotent, but Lanterna throws on a raw control character, so one
     * missed call elsewhere must not take the whole client down.
     */
    static void put(TextGraphics g, int col, int row, String s, int cols) {
        if (cols <= 0) return;
        putCells(g, col, row, fit(Sanitizer.line(head(s, cols)), cols));
    }

    /** Chars of a text looked at for each column a row has for it ({@link #head}): a character and its marks. */
    static final int CHARS_A_COLUMN = 32;

    /**
     * The start of {@code s} that can fill {@code cols} columns, at most {@value #CHARS_A_COLUMN} chars a column (a
     * character and 30 combining marks: a cell shows no more), never a surrogate pair split: what is sanitised
     * for a row of the screen. The UI thread's work for a row is then bounded by the row, not by the text: a 2 MB
     * subject was sanitised whole for its row at every frame (hunt 34-E4).
     */
    static String head(String s, int cols) {
        long most = (long) Math.max(0, cols) * CHARS_A_COLUMN + CHARS_A_COLUMN;
        if (s == null || s.length() <= most) return s;
        int end = (int) most;
        if (Character.isHighSurrogate(s.charAt(end - 1)) && Character.isLowSurrogate(s.charAt(end))) end--;
        return s.substring(0, end);
    }

    /**
     * Lanterna's putString draws each char in a cell of its own: a character outside the BMP came out as two '?'
     * cells, and a combining mark took a cell of its own, apart from its letter. Runs of plain BMP text still go
     * through putString; a character outside the BMP, one with marks joining it, or one Lanterna counts otherwise than
     * the terminal draws it (Bopomofo, Yi), is drawn as one cell ({@link Cluster}) as wide as {@link #cellWidth} counts it.
     */
    static void putCells(TextGraphics g, int col, int row, String t) {
        int at = col;
        int run = 0;
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            int end = cellEnd(t, i);
            if (end - i == 1 && !miscounted(cp)) {
                i = end;
                continue;
            }
            if (i > run) {
                String text = t.substring(run, i);
                g.putString(at, row, text);
                at += width(text);
            }
            boolean wide = cellCols(t, i, end) == 2;
            g.setCharacter(at, row, new Cluster(t.substring(i, end), wide, g.getForegroundColor(), g.getBackgroundColor(),
                    g.getActiveModifiers()));
            at += wide ? 2 : 1;
            run = i = end;
        }
        if (run < t.length()) g.putString(at, row, run == 0 ? t : t.substring(run));
    }

    /**
     * One cell holding a character and the marks joining it, a character outside the BMP, or one whose width Lanterna
     * counts otherwise than terminals draw it (its {@code wide} is the terminal's): Lanterna's own cell of
     * several chars always counts two columns (TextCharacter.isDoubleWidth), which only an emoji or a wide character is.
     */
    static final class Cluster extends TextCharacter {
        private final String text;
        private final boolean wide;

        @SuppressWarnings("deprecation")
        Cluster(String text, boolean wide, com.googlecode.lanterna.TextColor fg, com.googlecode.lanterna.TextColor bg,
                java.util.EnumSet<com.googlecode.lanterna.SGR> modifiers) {
            super(text.charAt(0), fg, bg, modifiers);
            this.text = text;
            this.wide = wide;
        }

        @Override
        public String getCharacterString() { return text; }

        @Override
        public boolean isDoubleWidth() { return wide; }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cluster c && c.text.equals(text) && c.wide == wide && super.equals(o);
        }

        @Override
        public int hashCode() { return 31 * super.hashCode() + text.hashCode(); }
    }
}

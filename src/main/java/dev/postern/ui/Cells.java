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

    /**
     * Below this no char is one Lanterna counts as wide: the first block it names is Hangul Jamo (U+1100). Its test
     * looks up each char's Unicode block (a binary search over the block table), a twentieth of the CPU of
     * printing a search's rows; text below it is counted here, one column a char.
     */
    private static final char FIRST_WIDE = '\u1100';

    public static int width(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= FIRST_WIDE || c == '\t') return TerminalTextUtils.getColumnWidth(s);
        }
        return s.length();
    }

    /** Columns of one char as {@link #width(String)} counts them: 2 for CJK, 1 for anything else. */
    static int width(char c) {
        if (c == '\t') return width(String.valueOf(c));
        return c < FIRST_WIDE ? 1 : TerminalTextUtils.isCharCJK(c) ? 2 : 1;
    }

    /**
     * The longest prefix of {@code s} that fits in {@code cols} columns (never splits a code point). Looks at
     * no more of {@code s} than fits: a 100 KB subject cut to a row costs a row, not 100 KB.
     */
    public static String truncate(String s, int cols) {
        if (cols <= 0) return "";
        int end = fits(s, 0, cols);
        return end == s.length() ? s : s.substring(0, end);
    }

    /**
     * The end index of the longest run of {@code s} from {@code from} that fits in {@code cols} columns,
     * never splitting a surrogate pair; reads at most that run (plus one code point).
     */
    static int fits(String s, int from, int cols) {
        int used = 0;
        int i = from;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int len = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1)) ? 2 : 1;
            int w = width(c) + (len == 2 ? width(s.charAt(i + 1)) : 0);
            if (used + w > cols) break;
            used += w;
            i += len;
        }
        return i;
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
        putCells(g, col, row, fit(Sanitizer.line(s), cols));
    }

    /**
     * Lanterna's putString draws each char on its own, so a character outside the Basic Multilingual Plane
     * (an emoji, CJK Extension B) came out as two '?' cells. Runs of BMP text still go through putString;
     * each supplementary code point is drawn as one double-width cell of its own, as {@link #width} counts it.
     */
    static void putCells(TextGraphics g, int col, int row, String t) {
        int at = col;
        int run = 0;
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            int len = Character.charCount(cp);
            if (len == 2) {
                if (i > run) {
                    String text = t.substring(run, i);
                    g.putString(at, row, text);
                    at += width(text);
                }
                TextCharacter[] one = TextCharacter.fromString(t.substring(i, i + 2), g.getForegroundColor(),
                        g.getBackgroundColor(), g.getActiveModifiers());
                if (one.length == 1) g.setCharacter(at, row, one[0]);
                at += width(t.substring(i, i + 2));
                run = i + 2;
            }
            i += len;
        }
        if (run < t.length()) g.putString(at, row, run == 0 ? t : t.substring(run));
    }
}

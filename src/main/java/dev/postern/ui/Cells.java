package dev.postern.ui;

import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.postern.render.Sanitizer;

/**
 * Text measured in terminal columns, not chars: a CJK character takes two columns, so truncating by
 * {@code String.length()} would push a row's last column off the screen or misalign the next one.
 */
public final class Cells {
    private Cells() {}

    public static int width(String s) {
        return TerminalTextUtils.getColumnWidth(s);
    }

    /** The longest prefix of {@code s} that fits in {@code cols} columns (never splits a code point). */
    public static String truncate(String s, int cols) {
        if (cols <= 0) return "";
        if (width(s) <= cols) return s;
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            int w = width(ch);
            if (used + w > cols) break;
            out.append(ch);
            used += w;
            i += ch.length();
        }
        return out.toString();
    }

    /** Exactly {@code cols} columns: truncated, then padded with spaces (also when a wide char did not fit). */
    public static String fit(String s, int cols) {
        if (cols <= 0) return "";
        String t = truncate(s, cols);
        return t + " ".repeat(Math.max(0, cols - width(t)));
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
        g.putString(col, row, fit(Sanitizer.line(s), cols));
    }
}

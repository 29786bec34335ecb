package dev.postern.render;

/**
 * Soft-wraps long lines at spaces for narrow terminals, keeping a quote prefix ("> > ") on the
 * continuation lines. A word longer than the width is cut hard, so no line exceeds the width
 * (counted in chars; wide CJK glyphs are the terminal layer's business).
 */
final class TextWrap {
    private TextWrap() {}

    static String wrap(String text, int width) {
        if (width <= 0) return text;
        StringBuilder out = new StringBuilder(text.length() + text.length() / Math.max(1, width));
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) out.append('\n');
            wrapLine(out, lines[i], width);
        }
        return out.toString();
    }

    /**
     * Works on indexes into {@code line}, never on copies of the rest of it, and looks back for a space only
     * within the row being cut: linear in the line's length (a 10 MB line without a space is 10 MB of work).
     */
    private static void wrapLine(StringBuilder out, String line, int width) {
        int n = line.length();
        if (n <= width) {
            out.append(line);
            return;
        }
        int p = 0;
        while (p < n && (line.charAt(p) == '>' || line.charAt(p) == ' ') && p < width / 2) p++;
        String prefix = line.substring(0, p);
        int room = Math.max(1, width - p);
        int start = p;
        boolean first = true;
        while (start < n) {
            if (!first) out.append('\n');
            out.append(prefix);
            first = false;
            int left = n - start;
            if (left <= room) {
                out.append(line, start, n);
                break;
            }
            int cut = room;
            while (cut > 0 && line.charAt(start + cut) != ' ') cut--; // the last space at or before the width
            if (cut <= 0) cut = room;
            if (Character.isHighSurrogate(line.charAt(start + cut - 1))) cut--;
            if (cut <= 0) cut = Math.min(left, 2);
            out.append(line, start, start + cut);
            start += cut;
            while (start < n && Character.isWhitespace(line.charAt(start))) start++;
        }
    }
}

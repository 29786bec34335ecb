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

    private static void wrapLine(StringBuilder out, String line, int width) {
        if (line.length() <= width) {
            out.append(line);
            return;
        }
        int p = 0;
        while (p < line.length() && (line.charAt(p) == '>' || line.charAt(p) == ' ') && p < width / 2) p++;
        String prefix = line.substring(0, p);
        String rest = line.substring(p);
        int room = Math.max(1, width - prefix.length());
        boolean first = true;
        while (!rest.isEmpty()) {
            if (!first) out.append('\n');
            out.append(prefix);
            first = false;
            if (rest.length() <= room) {
                out.append(rest);
                break;
            }
            int cut = rest.lastIndexOf(' ', room);
            if (cut <= 0) cut = room;
            if (Character.isHighSurrogate(rest.charAt(cut - 1))) cut--;
            if (cut <= 0) cut = Math.min(rest.length(), 2);
            out.append(rest, 0, cut);
            rest = rest.substring(cut).stripLeading();
        }
    }
}

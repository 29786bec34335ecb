package dev.postern.render;

/**
 * HTML with its tables nested at most {@link #MAX} deep before jsoup sees it. jsoup 1.22 is quadratic on tables
 * nested in table cells: each cell puts a marker on its list of active formatting elements, and past its stack depth
 * limit (512) every new element prunes one from the stack and scans that list, whose markers are never taken off:
 * {@code <table><td>} 130,000 times (1.9 MB, within the body's budget) took 103 s to read (hunt 34-E, E5). A table
 * deeper than {@link #MAX} (mail nests a dozen or two for layout) is made a {@code div}, its end tag too: its rows and
 * cells then end the cell they are in, as in a table that is not nested, and its text stays where it was.
 */
final class TableNesting {
    /** Tables in tables: 4 of jsoup's stack entries each (table, tbody, tr, td), well within its 512. */
    static final int MAX = 50;

    private TableNesting() {}

    /** {@code html} itself when no table is nested deeper than {@link #MAX}; one pass over it. */
    static String bound(String html) {
        StringBuilder out = null;
        int depth = 0;
        int flattened = 0; // start tags made divs whose end tags have not come
        int copied = 0;
        for (int at = html.indexOf('<'); at >= 0; at = html.indexOf('<', at + 1)) {
            boolean end = at + 1 < html.length() && html.charAt(at + 1) == '/';
            int name = at + (end ? 2 : 1);
            if (!named(html, name, "table")) continue;
            boolean rename;
            if (!end) {
                rename = depth >= MAX;
                if (rename) flattened++;
                else depth++;
            } else if (flattened > 0) {
                rename = true;
                flattened--;
            } else {
                rename = false;
                depth = Math.max(0, depth - 1);
            }
            if (!rename) continue;
            if (out == null) out = new StringBuilder(html.length());
            out.append(html, copied, name).append("div");
            copied = name + "table".length();
        }
        if (out == null) return html;
        return out.append(html, copied, html.length()).toString();
    }

    /** Whether the tag name at {@code from} is {@code tag} (any case), ended as jsoup ends a tag name. */
    private static boolean named(String s, int from, String tag) {
        int end = from + tag.length();
        if (end > s.length() || !s.regionMatches(true, from, tag, 0, tag.length())) return false;
        if (end == s.length()) return true;
        char c = s.charAt(end);
        return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }
}

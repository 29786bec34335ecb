package dev.postern.ui;

import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.List;
import java.util.Map;

/** The '?' screen: generated from the key map, so it cannot drift from the real bindings. */
final class HelpView {
    private final KeyMap keys;

    private int skip;

    HelpView(KeyMap keys) { this.keys = keys; }

    /** Scrolls the list (it is longer than 24 rows); clamped when drawn. */
    void scroll(int delta) { skip = Math.max(0, skip + delta); }

    void draw(TextGraphics g, Palette palette, int row0, int width, int height) {
        palette.apply(g, Palette.PAGER_HEADER);
        Cells.put(g, 0, row0, "postern keys (q, i or ? to close; j/k scroll)", width);
        int r = row0 + 2;
        int shown = 0;
        int described = 0;
        for (String command : KeyMap.DESCRIPTIONS.keySet()) if (!keys.keysFor(command).isEmpty()) described++;
        skip = Math.max(0, Math.min(skip, described - (height - 2)));
        for (Map.Entry<String, String> d : KeyMap.DESCRIPTIONS.entrySet()) {
            if (r >= row0 + height) break;
            List<String> bound = keys.keysFor(d.getKey());
            if (bound.isEmpty()) continue;
            if (shown++ < skip) continue;
            palette.apply(g, Palette.NORMAL);
            Cells.put(g, 0, r++, "  " + Cells.fit(String.join(" ", bound), 22) + " " + Cells.fit(d.getKey(), 15)
                    + " " + d.getValue(), width);
        }
        // Bindings to command lines (a batch command, or a command with an argument) are listed as written.
        for (Map.Entry<String, List<String>> b : keys.effective(KeyMap.INDEX).entrySet()) {
            if (r >= row0 + height) break;
            List<String> line = b.getValue();
            if (line.size() == 1 && KeyMap.DESCRIPTIONS.containsKey(line.get(0))) continue;
            palette.apply(g, Palette.NORMAL);
            Cells.put(g, 0, r++, "  " + Cells.fit(b.getKey(), 22) + " "
                    + dev.postern.render.Sanitizer.oneLine(String.join(" ", line)), width);
        }
    }
}

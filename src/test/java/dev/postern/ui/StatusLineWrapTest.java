package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An error is wrapped onto the rows above the status bar at every frame; a word longer than a row is split. */
class StatusLineWrapTest {
    /** The way a long word was split before: cut a row off, measure the rest again. */
    private static List<String> old(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ", -1)) {
            String w = word;
            if (line.length() > 0 && Cells.width(line + " " + w) <= width) {
                line.append(' ').append(w);
                continue;
            }
            if (line.length() > 0 || !out.isEmpty() && w.isEmpty()) {
                out.add(line.toString());
                line.setLength(0);
            }
            while (Cells.width(w) > width) {
                String head = Cells.truncate(w, width);
                if (head.isEmpty()) break;
                out.add(head);
                w = w.substring(head.length());
            }
            line.append(w);
        }
        if (line.length() > 0 || out.isEmpty()) out.add(line.toString());
        return out;
    }

    @Test
    void rowsAreThoseOfBefore() {
        String[] pieces = {"a", "bb", " ", "\u4e2d", "e\u0301", "\ud83d\ude00", "longword", "  "};
        Random random = new Random(34);
        for (int k = 0; k < 20_000; k++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(12);
            for (int i = 0; i < n; i++) sb.append(pieces[random.nextInt(pieces.length)]);
            String s = sb.toString();
            int width = 1 + random.nextInt(9);
            assertEquals(old(s, width), StatusLine.wrap(s, width), "'" + s + "' at " + width);
        }
    }

    /** A word of 2,000,000 chars: 25,000 rows of 80, each cut off the rest before (a minute); now at once. */
    @Test
    void aLongWordIsSplitInLinearTime() {
        String word = "x".repeat(2_000_000);
        List<String> rows = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> StatusLine.wrap("error: " + word, 80));
        assertEquals(25_001, rows.size());
        assertEquals("error:", rows.get(0));
    }
}

package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.render.Sanitizer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The prompt's row shows the end of the answer. It used to cut one char at a time off the front of the whole answer,
 * measuring and copying it each time: a pasted line of 20,000 chars froze the reader for minutes, Ctrl-C unread
 * behind it (hunt E, F2). With the cursor at the end (LineEdit.row; the row's last column is the cursor's) it shows
 * what the old way showed.
 */
class PromptTailTest {
    /** The old way (but never splitting a surrogate pair, which it did): quadratic in the answer's length. */
    private static String slow(String label, String text, int cols) {
        String shown = label + Sanitizer.oneLine(text.replace('\t', ' ')); // a tab is one space in the prompt
        while (Cells.width(shown) > cols && shown.codePointCount(0, shown.length()) > 1) {
            shown = shown.substring(Character.charCount(shown.codePointAt(0)));
        }
        return shown;
    }

    private static String escaped(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        return b.toString();
    }

    @Test
    void showsWhatTheOldWayShowedOnRandomAnswers() {
        Random r = new Random(7);
        String[] pieces = {"a", "Z", "9", " ", "\u00e9", "\u6f22", "\uff21", "\ud83d\ude00", "\t", "\u0007", "\u001b[31m",
            "\u202e", "\u200b", "<", "\\"};
        for (int i = 0; i < 2000; i++) {
            StringBuilder t = new StringBuilder();
            int n = r.nextInt(i % 10 == 0 ? 600 : 120);
            for (int k = 0; k < n; k++) t.append(pieces[r.nextInt(pieces.length)]);
            int cols = 1 + r.nextInt(120);
            String label = r.nextBoolean() ? "Search: " : ":";
            String text = t.toString();
            assertEquals(escaped(slow(label, text, cols)), escaped(LineEdit.row(label, text, text.length(), cols + 1).shown()), "answer " + i + " in " + cols + " columns");
        }
    }

    @Test
    @Timeout(20)
    void aPastedLineOfAMillionCharsDrawsAtOnce() {
        StringBuilder t = new StringBuilder("x".repeat(1_000_000)).append("the end");
        for (int i = 0; i < 1000; i++) { // a frame for every 64 keys of a 64,000-key paste, each the whole answer
            String shown = LineEdit.row("Search: ", t, t.length(), 80).shown();
            assertTrue(shown.endsWith("the end") && Cells.width(shown) <= 79, shown);
        }
    }
}

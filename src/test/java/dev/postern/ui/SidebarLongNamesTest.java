package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Folder;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A server names its folders as it likes: the folder list is drawn on the UI thread at every frame, and a long name
 * cut from the left was measured again after each character cut, and looked up at each of its separators (hunt 34-E).
 */
class SidebarLongNamesTest {
    /** The end that fits, found from the back, is where cutting from the front one character at a time stopped. */
    @Test
    void theEndThatFitsIsWhereTheCutFromTheFrontStopped() {
        String[] cells = {"a", "b", "\u00e9", "\u4e2d", "\u0301", "\ud83d\ude00", "\u200d", " ", "e\u0301\u0316"};
        Random random = new Random(34);
        for (int k = 0; k < 20_000; k++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(12);
            for (int i = 0; i < n; i++) sb.append(cells[random.nextInt(cells.length)]);
            String s = sb.toString();
            int cols = random.nextInt(8);
            int from = 0;
            while (from < s.length() && Cells.width(s.substring(from)) > cols) from += Character.charCount(s.codePointAt(from));
            assertEquals(from, Cells.tailFrom(s, cols), "'" + s + "' in " + cols);
        }
    }

    @Test
    void aMegabyteNameOfHalfAMillionSeparatorsIsDrawnAtOnce() {
        Sidebar s = new Sidebar(null, null);
        String nested = "x" + ".a".repeat(500_000) + ".end";
        String flat = "y".repeat(1_000_000) + "z";
        List<Sidebar.Entry> list = List.of(new Sidebar.Entry("t", null),
                new Sidebar.Entry("t", new Folder("t", "x", '.', 0, 0, Set.of())),
                new Sidebar.Entry("t", new Folder("t", nested, '.', 0, 0, Set.of())),
                new Sidebar.Entry("t", new Folder("t", flat, '.', 2, 1, Set.of())));
        s.apply(list);
        String first = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> s.label(list.get(2)));
        assertTrue(first.contains("…") && first.contains("a.a.end") && first.endsWith("0/0"), first);
        assertEquals(Sidebar.DEFAULT_WIDTH, Cells.width(first), first);
        String second = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> s.label(list.get(3)));
        assertTrue(second.contains("…yyy") && second.contains("yyz") && second.endsWith("1/2"), second);
    }
}

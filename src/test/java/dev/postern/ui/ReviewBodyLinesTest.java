package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.postern.render.Sanitizer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The review screen's body rows: what fits, made at each frame from the draft's start only (hunt 34-E9). */
class ReviewBodyLinesTest {
    /** What the screen showed before: the whole body sanitised, split at '\n', each line sanitised again. */
    private static List<String> whole(String body, int rows, int width) {
        List<String> all = Arrays.stream(Sanitizer.text(body).split("\n", -1)).map(Sanitizer::oneLine).toList();
        return all.subList(0, Math.min(rows, all.size())).stream().map(l -> Cells.truncate(l, width)).toList();
    }

    @Test
    void theRowsShownAreThoseTheWholeBodyGave() {
        String alphabet = "ab>\r\n\t\u0301\u4e2d\u001b ";
        Random random = new Random(34);
        for (int k = 0; k < 20_000; k++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(24);
            for (int i = 0; i < n; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String body = sb.toString();
            int rows = random.nextInt(6);
            List<String> got = ReviewFields.bodyLines(body, rows, 8).stream().map(l -> Cells.truncate(l, 8)).toList();
            assertEquals(whole(body, rows, 8), got, () -> "for " + body.replace("\r", "\\r").replace("\n", "\\n"));
        }
    }

    /** A quoted 2,000,000-char original: 10,000 frames of 24 rows take what 10,000 screens take, not 10,000 bodies. */
    @Test
    void aFrameCostsTheScreenNotTheDraft() {
        String body = "> a quoted line of the original, long enough to fill a good part of the row.\n".repeat(26_000);
        assertEquals(2_002_000, body.length());
        List<String> rows = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            List<String> last = null;
            for (int frame = 0; frame < 10_000; frame++) last = ReviewFields.bodyLines(body, 23, 80);
            return last;
        });
        assertEquals(23, rows.size());
        assertEquals("> a quoted line of the original, long enough to fill a good part of the row.", rows.get(22));
    }
}

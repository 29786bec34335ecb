package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * RFC 2231 continuations are joined only as sections 0, 1, 2... Hunt C's message named its attachment
 * {@code yutf-8''../../etc/passwd}: a section "*-1" was taken and put first, and the charset prefix of "*0*" was then
 * shown as text, not read.
 */
class HeaderParamsTest {
    @Test
    void sectionsWithASignOrOutOfRangeAreIgnored() {
        HeaderParams p = HeaderParams.parse("attachment; filename*4294967296=\"x\"; filename*-1=\"y\";"
                + " filename*0*=utf-8''%2e%2e%2fetc%2fpasswd");
        assertEquals("../etc/passwd", p.param("filename"));
    }

    @Test
    void onlySectionsInARowFromZeroAreJoined() {
        assertEquals("ab", HeaderParams.parse("attachment; filename*0=a; filename*1=b; filename*3=d").param("filename"));
        assertEquals("plain.txt", HeaderParams.parse("attachment; filename=plain.txt; filename*1=b").param("filename"));
        assertEquals("Ärger.pdf", HeaderParams.parse("attachment; filename*0*=utf-8''%C3%84rger; filename*1=.pdf")
                .param("filename"));
    }

    /** The one-pass removal of comments leaves what {@code replaceAll("\\(.*?\\)", "")} left, on every string tried. */
    @Test
    void commentsAreRemovedAsThePatternRemovedThem() {
        String alphabet = "(()) a;\r\n\u2028\u0085x";
        Random random = new Random(34);
        for (int k = 0; k < 20_000; k++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(16);
            for (int i = 0; i < n; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String v = sb.toString();
            assertEquals(v.replaceAll("\\(.*?\\)", ""), HeaderParams.withoutComments(v), () -> "for " + v.replace("\n", "\\n").replace("\r", "\\r"));
        }
        assertEquals("text/plain", HeaderParams.parse("text/plain (a comment); charset=utf-8").value());
        assertEquals("utf-8", HeaderParams.parse("text/plain (a comment); charset=utf-8").param("charset"));
    }

    /**
     * Hunt 34-E2: a type of many '(' and no ')' (no ';' before them) took the pattern from every '(' to the end: 100,000
     * took 21 s, a million minutes, at every render and in the index worker. One pass takes milliseconds; the bound,
     * 20 s, is far above that on a loaded machine and far below the old way.
     */
    @Test
    void aTypeOfAMillionOpeningParenthesesParsesInLinearTime() {
        String open = "(".repeat(1_000_000);
        HeaderParams p = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> HeaderParams.parse("text/plain " + open));
        assertEquals("text/plain", p.value());
        String folded = "text/plain;\r\n " + "((((((((((\r\n ".repeat(100_000);
        assertEquals("text/plain", assertTimeoutPreemptively(Duration.ofSeconds(20), () -> HeaderParams.parse(folded)).value());
        String opened = "multipart/mixed " + "(".repeat(500_000) + ")".repeat(500_000) + "; boundary=b";
        assertEquals("b", assertTimeoutPreemptively(Duration.ofSeconds(20), () -> HeaderParams.parse(opened)).param("boundary"));
    }
}

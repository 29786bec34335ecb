package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}

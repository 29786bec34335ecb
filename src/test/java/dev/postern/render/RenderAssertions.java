package dev.postern.render;

import static org.junit.jupiter.api.Assertions.fail;

import dev.postern.model.Part;

/** Checks shared by the renderer tests. */
public final class RenderAssertions {
    private RenderAssertions() {}

    /** Nothing a terminal would act on: no char below U+0020 except '\n', no DEL, no C1, no bidi controls. */
    public static void assertTerminalSafe(RenderedMessage m) {
        for (RenderedMessage.Header h : m.headers()) {
            assertSafe(h.name(), false);
            assertSafe(h.value(), false);
        }
        assertSafe(m.body(), true);
        for (Part p : m.parts()) {
            assertSafe(p.path(), false);
            assertSafe(p.contentType(), false);
            if (p.filename() != null) assertSafe(p.filename(), false);
        }
        for (String link : m.links()) assertSafe(link, false);
    }

    static void assertSafe(String s, boolean newlineAllowed) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = (c < 0x20 && !(newlineAllowed && c == '\n')) || c == 0x7f || (c >= 0x80 && c <= 0x9f)
                    || Sanitizer.isInvisibleFormat(c) || Character.isSurrogate(c) && !validPair(s, i);
            if (bad) {
                fail("unsafe char U+" + Integer.toHexString(c) + " at " + i + " in: "
                        + s.substring(Math.max(0, i - 40), Math.min(s.length(), i + 40)));
            }
        }
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** A plain-text dump of everything rendered: what the golden files hold. */
    static String dump(RenderedMessage m) {
        StringBuilder sb = new StringBuilder();
        for (RenderedMessage.Header h : m.headers()) sb.append(h.name()).append(": ").append(h.value()).append('\n');
        sb.append('\n').append(m.body()).append('\n');
        if (!m.parts().isEmpty()) {
            sb.append("\n=== parts ===\n");
            for (Part p : m.parts()) {
                sb.append(p.index()).append(" [").append(p.path()).append("] ").append(p.contentType())
                        .append(" name=").append(p.filename()).append(" size=").append(p.size())
                        .append(p.fetched() ? "" : " NOT FETCHED").append('\n');
            }
        }
        return sb.toString();
    }
}

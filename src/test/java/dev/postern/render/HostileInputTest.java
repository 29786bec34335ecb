package dev.postern.render;

import static dev.postern.render.RenderAssertions.assertTerminalSafe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Part;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Messages built to attack a terminal or the parser. Each must render, safely, and say what it is. */
class HostileInputTest {
    private final MessageRenderer renderer = new MessageRenderer();

    private RenderedMessage render(String raw) {
        return render(raw.getBytes(StandardCharsets.UTF_8));
    }

    private RenderedMessage render(byte[] raw) {
        RenderedMessage m = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> renderer.render(raw));
        assertTerminalSafe(m);
        return m;
    }

    private static String header(RenderedMessage m, String name) {
        return m.headers().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow().value();
    }

    @Test
    void rawEscapeSequencesInHeadersAndBodyAreShownNotExecuted() {
        RenderedMessage m = render("From: \u001b[31mEvil\u001b[0m <e@x>\r\nSubject: hi \u001b]0;pwned\u0007 there\r\n\r\n"
                + "clear\u001b[2J\u001b[Hscreen\u009b31m\r\n");
        assertEquals("^[[31mEvil^[[0m <e@x>", header(m, "From"));
        assertEquals("hi ^[]0;pwned^G there", header(m, "Subject"));
        assertEquals("clear^[[2J^[[Hscreen<U+009B>31m", m.body());
    }

    @Test
    void encodedWordEscapeSequencesAreDecodedThenNeutralised() {
        RenderedMessage m = render("From: =?utf-8?q?=1B]0;pwned=07?= <a@b>\r\nSubject: =?utf-8?q?=1B]0;pwned=07?=\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "body =1B[31mred=1B[0m\r\n");
        assertEquals("^[]0;pwned^G", header(m, "Subject"));
        assertEquals("^[]0;pwned^G <a@b>", header(m, "From"));
        assertEquals("body ^[[31mred^[[0m", m.body());
    }

    @Test
    void bidiOverrideInAttachmentNameIsVisible() {
        RenderedMessage m = render("Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nsee attached\r\n"
                + "--b\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Disposition: attachment; filename*=utf-8''invoice%E2%80%AEfdp.exe\r\n\r\nMZ\r\n--b--\r\n");
        Part p = m.parts().get(0);
        assertEquals("invoice<U+202E>fdp.exe", p.filename());
        assertEquals("2", p.path());
        assertEquals("see attached", m.body());
    }

    @Test
    void nulBytesInHeadersAndBodyBecomeCaretAt() {
        RenderedMessage m = render("Subject: a\u0000b\r\n\r\nx\u0000y\r\n");
        assertEquals("a^@b", header(m, "Subject"));
        assertEquals("x^@y", m.body());
    }

    @Test
    void twoHundredLevelsOfNestingStopAtTheCapWithANote() {
        StringBuilder sb = new StringBuilder("Subject: deep\r\n");
        for (int i = 0; i < 200; i++) {
            sb.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b").append(i).append("\r\n");
        }
        sb.append("Content-Type: text/plain\r\n\r\nbottom\r\n");
        for (int i = 199; i >= 0; i--) sb.append("--b").append(i).append("--\r\n");
        RenderedMessage m = render(sb.toString());
        assertEquals("[message nesting deeper than 50 levels: the rest is not shown]", m.body());
        assertFalse(m.body().contains("bottom"));
    }

    @Test
    void shallowNestingStillRendersTheInnermostText() {
        StringBuilder sb = new StringBuilder("Subject: deep\r\n");
        for (int i = 0; i < 10; i++) {
            sb.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b").append(i).append("\r\n");
        }
        sb.append("Content-Type: text/plain\r\n\r\nbottom\r\n");
        for (int i = 9; i >= 0; i--) sb.append("--b").append(i).append("--\r\n");
        assertEquals("bottom", render(sb.toString()).body());
    }

    @Test
    void twoMegabyteSingleLineIsTruncatedWithANote() {
        String line = "x".repeat(2 * 1024 * 1024 + 5);
        RenderedMessage m = render("Subject: big\r\n\r\n" + line);
        assertTrue(m.body().startsWith("xxxx"));
        assertTrue(m.body().endsWith("\n[truncated: " + (line.length() - RenderOptions.DEFAULT_MAX_BODY_CHARS)
                + " more characters not shown]"), m.body().substring(m.body().length() - 80));
        assertEquals(RenderOptions.DEFAULT_MAX_BODY_CHARS, m.body().indexOf('\n'));
    }

    @Test
    void hundredKilobyteSubjectIsCutForDisplay() {
        String subject = "s".repeat(100_000);
        RenderedMessage m = render("Subject: " + subject + "\r\n\r\nbody");
        assertEquals("s".repeat(DisplayHeaders.MAX_VALUE_CHARS) + " [truncated: 92000 more characters]", header(m, "Subject"));
        assertEquals("body", m.body());
    }

    @Test
    void htmlScriptAndStyleNeverReachTheText() {
        RenderedMessage m = render("Content-Type: text/html\r\n\r\n<html><head><title>T</title><style>p{}</style>"
                + "<script>alert('x')</script></head><body><p>Hello</p><script>document.write('evil')</script>"
                + "<noscript>ns</noscript></body></html>");
        assertEquals("Hello", m.body());
    }

    @Test
    void garbageInBase64IsSkippedNotFatal() {
        RenderedMessage m = render("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "SGVs!!bG8g\r\n***d29y\u00ffbGQ=\r\n=trailing junk");
        assertTrue(m.body().startsWith("Hello world"), m.body());
    }

    @Test
    void truncatedBase64AttachmentStillListedWithDecodedSize() {
        RenderedMessage m = render("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\ntext\r\n--b\r\n"
                + "Content-Type: image/png; name=a.png\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA%%%AAA");
        assertEquals(new Part(1, "2", "image/png", "a.png", 5, true), m.parts().get(0));
    }

    @Test
    void unknownCharsetFallsBackToUtf8ThenWindows1252() {
        RenderedMessage utf8 = render("Content-Type: text/plain; charset=\"x-unknown\"\r\n\r\ncaf\u00e9 \u20ac");
        assertEquals("caf\u00e9 \u20ac", utf8.body());
        byte[] cp1252 = "Content-Type: text/plain; charset=x-unknown\r\n\r\ncaf\u00e9 \u0080".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("caf\u00e9 \u20ac", render(cp1252).body());
    }

    @Test
    void unknownCharsetInEncodedWordFallsBack() {
        RenderedMessage m = render("Subject: =?x-bogus?q?caf=C3=A9?= and =?x-bogus?q?caf=E9?=\r\n\r\n.");
        assertEquals("caf\u00e9 and caf\u00e9", header(m, "Subject"));
    }

    @Test
    void malformedEncodedWordsStayAsWritten() {
        RenderedMessage m = render("Subject: =?utf-8?x?abc?= =?utf-8?q?unterminated\r\n\r\n.");
        assertEquals("=?utf-8?x?abc?= =?utf-8?q?unterminated", header(m, "Subject"));
    }

    @Test
    void noHeaderBlockShowsEverythingAsBody() {
        RenderedMessage m = render("just some text\nwith no headers\n");
        assertTrue(m.headers().isEmpty());
        assertEquals("just some text\nwith no headers", m.body());
    }

    @Test
    void emptyAndNullInputRenderEmpty() {
        // An empty message says so, nothing more (hunt35-E E7: a blank page looked like a display fault).
        assertEquals("[this message is empty: the server holds 0 bytes for it]", render(new byte[0]).body());
        RenderedMessage m = renderer.render(null);
        assertEquals("[this message is empty: the server holds 0 bytes for it]", m.body());
        assertTrue(m.parts().isEmpty() && m.links().isEmpty());
        assertTrue(m.headers().isEmpty());
    }

    @Test
    void binaryNoiseNeverThrows() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] noise = new byte[random.nextInt(4000)];
            random.nextBytes(noise);
            render(noise);
        }
    }

    @Test
    void missingEndBoundaryKeepsTheLastPart() {
        RenderedMessage m = render("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n--b\r\n\r\ntwo");
        assertEquals("one\n\ntwo", m.body());
    }
}

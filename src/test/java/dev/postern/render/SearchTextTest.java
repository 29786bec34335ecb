package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The text a body search looks in: decoded, bounded, and never an exception, whatever the message. */
class SearchTextTest {
    private static final String HEAD = "From: a@example.org\r\nSubject: s\r\nMIME-Version: 1.0\r\n";

    private static String of(String raw) {
        return SearchText.of(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPlainMessageIsItsBodyWithoutItsHeaders() {
        assertEquals("Hello there.\r\n", of(HEAD + "\r\nHello there.\r\n"));
        assertEquals("no headers at all", of("no headers at all"));
        assertNull(SearchText.of(null));
        assertEquals("", SearchText.of(new byte[0]));
    }

    @Test
    void htmlIsSearchedAsTheTextItShows() {
        String t = of(HEAD + "Content-Type: text/html; charset=utf-8\r\n\r\n<html><head><title>T1</title><style>p{x:y}</style>"
                + "</head><body><p>Caf&eacute; <b>ver</b>y <a href=\"https://x.example/track\">here</a><img src=x alt=\"logo\"></p>"
                + "<script>var secret=1</script></body></html>");
        assertTrue(t.contains("Café very here"), t);
        assertTrue(t.contains("logo"), t);
        for (String gone : List.of("<", "href", "track", "style", "secret", "[1]", "image", "T1")) assertFalse(t.contains(gone), gone + " in " + t);
    }

    /** A 50 MB base64 attachment beside a small text: the attachment is never decoded, the work is the split's. */
    @Test
    void aHugeAttachmentIsNotDecoded() {
        byte[] head = (HEAD + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
                + "small text\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVpBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWkFC\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "--b--\r\n".getBytes(StandardCharsets.US_ASCII);
        int lines = 50_000_000 / line.length;
        byte[] raw = new byte[head.length + lines * line.length + tail.length];
        System.arraycopy(head, 0, raw, 0, head.length);
        for (int i = 0; i < lines; i++) System.arraycopy(line, 0, raw, head.length + i * line.length, line.length);
        System.arraycopy(tail, 0, raw, raw.length - tail.length, tail.length);
        String t = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> SearchText.of(raw));
        assertEquals("small text", t);
    }

    /** A 50 MB text part: at most MAX_CHARS of it, in bounded time, base64 or not. */
    @Test
    void aHugeTextPartIsCutAtTheBudget() {
        StringBuilder body = new StringBuilder(HEAD).append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        String line = java.util.Base64.getEncoder().encodeToString("grüße aus köln, grüße aus köln, grüße aus köln!!\n".getBytes(StandardCharsets.UTF_8));
        int n = 50_000_000 / (line.length() + 2);
        body.ensureCapacity(50_100_000);
        for (int i = 0; i < n; i++) body.append(line).append("\r\n");
        byte[] raw = body.toString().getBytes(StandardCharsets.US_ASCII);
        String t = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> SearchText.of(raw));
        assertTrue(t.length() <= SearchText.MAX_CHARS && t.length() > SearchText.MAX_CHARS / 2, "length " + t.length());
        assertTrue(t.startsWith("grüße aus köln"), t.substring(0, 40));
    }

    @Test
    void brokenMimeGivesWhatCanBeRead() {
        assertEquals("soft break", of(HEAD + "Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nsoft =\r\nbreak"));
        assertTrue(of(HEAD + "Content-Type: text/plain; charset=\"\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%%aGVsbG8=@@@").contains("hello"));
        assertTrue(of(HEAD + "Content-Type: multipart/mixed; boundary=\r\n\r\nno delimiter, just text").contains("no delimiter"));
        assertTrue(of(HEAD + "Content-Type: multipart/alternative; boundary=q\r\n\r\n--q\r\nContent-Type: text/plain\r\n\r\nunclosed")
                .contains("unclosed"));
        assertTrue(of(HEAD + "Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + java.util.Base64.getEncoder().encodeToString("Subject: inner\r\n\r\ninner body".getBytes(StandardCharsets.US_ASCII)))
                .equals("inner body"));
        assertEquals("", of(HEAD + "Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo="));
    }

    @Test
    void deepNestingAndManyPartsStayBounded() {
        StringBuilder m = new StringBuilder(HEAD);
        for (int i = 0; i < 1000; i++) m.append("Content-Type: message/rfc822\r\n\r\nSubject: level ").append(i).append("\r\n");
        m.append("Content-Type: text/plain\r\n\r\nbottom\r\n");
        String deep = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> of(m.toString()));
        assertFalse(deep.contains("level"), "no header of an attached message is body text");
        StringBuilder nested = new StringBuilder(HEAD);
        for (int i = 0; i < 1000; i++) nested.append("Content-Type: multipart/mixed; boundary=n").append(i).append("\r\n\r\n--n").append(i).append("\r\n");
        nested.append("\r\nleaf\r\n");
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> of(nested.toString()));
        byte[] many = HugeMessages.manyPartMessage("many", 100_000);
        String t = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> SearchText.of(many));
        assertTrue(t.length() <= SearchText.MAX_CHARS);
        StringBuilder divs = new StringBuilder(HEAD).append("Content-Type: text/html\r\n\r\n");
        for (int i = 0; i < 30_000; i++) divs.append("<div>"); // jsoup's time, linear in the HTML (cut at MAX_CHARS)
        divs.append("deepword");
        assertTrue(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> of(divs.toString())).contains("deepword"));
    }

    /** The same bytes give the same text every time (the index and the scan must agree). */
    @Test
    void theTextIsAFunctionOfTheBytes() throws IOException {
        for (Path p : corpus()) {
            byte[] raw = Files.readAllBytes(p);
            assertEquals(SearchText.of(raw), SearchText.of(raw.clone()), p.toString());
        }
    }

    /** Every corpus message (src/test/resources/corpora, the copy of /work/shared/corpora), and mutations of each. */
    @Test
    void theCorporaGiveTextQuicklyAndNeverThrow() throws IOException {
        List<Path> files = corpus();
        assertTrue(files.size() >= 198, "the corpora are there: " + files.size());
        Random random = new Random(42);
        int withText = 0;
        for (Path p : files) {
            byte[] raw = Files.readAllBytes(p);
            // A guard against runaway parsing (minutes), not a speed test: 10 s as MutatedCorpusTest's PER_RENDER.
            String t = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> SearchText.of(raw), p.toString());
            assertTrue(t.length() <= SearchText.MAX_CHARS, p.toString());
            if (!t.isBlank()) withText++;
            for (int k = 0; k < 5; k++) {
                byte[] mutated = MutatedCorpusTest.mutate(raw, k, random);
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> SearchText.of(mutated), p + " mutation " + k);
            }
        }
        assertTrue(withText > files.size() * 9 / 10, withText + " of " + files.size() + " have text");
    }

    @Test
    void aCorpusMessageInQuotedPrintableIsDecoded() throws IOException {
        // Every corpus message whose text part is quoted-printable: no soft line break is left in its text.
        int checked = 0;
        for (Path p : corpus()) {
            String raw = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            if (!raw.contains("content-transfer-encoding: quoted-printable") || raw.contains("multipart/")) continue;
            String t = SearchText.of(Files.readAllBytes(p));
            assertFalse(t.contains("=\n") || t.contains("=\r\n"), p + ": " + t);
            checked++;
        }
        assertTrue(checked > 0);
    }

    static List<Path> corpus() throws IOException {
        try (Stream<Path> s = CorpusRenderTest.messages()) {
            return s.toList();
        }
    }
}

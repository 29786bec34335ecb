package dev.postern.render.tika;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.render.AttachmentSections;
import dev.postern.render.Attachments;
import dev.postern.render.MessageRenderer;
import dev.postern.render.RenderOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A text or HTML attachment is read in the charset its part declares, not by the parser's guess (hunt 38-A, A6):
 * Latin-1 "Grüße, Jürgen" was shown "Grьяe, Jьrgen" (guessed Cyrillic), ISO-8859-15 "300 €" as "300 ¤". Through
 * the real forked Tika worker, in `read` (the rendered body) and `attachment show`.
 */
class DeclaredCharsetTest {
    static ForkedExtractor tika;

    @BeforeAll
    static void start() {
        tika = new ForkedExtractor(new ForkedExtractor.Limits(Duration.ofSeconds(20), Duration.ofSeconds(60), 50_000,
                32L << 20, 192), null);
    }

    @AfterAll
    static void stop() {
        tika.close();
    }

    private static byte[] message() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("From: a@example.org\r\nTo: b@example.org\r\nSubject: charsets\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        part(out, "text/plain; charset=iso-8859-1", "short.txt", "Grüße, Jürgen", StandardCharsets.ISO_8859_1);
        part(out, "text/plain; charset=iso-8859-15", "de.txt",
                "Sehr geehrte Damen und Herren, die Überweisung über 300 € folgt.", Charset.forName("ISO-8859-15"));
        part(out, "text/html; charset=iso-8859-15", "page.html",
                "<html><body><p>Grüße, Jürgen: 300 €</p></body></html>", Charset.forName("ISO-8859-15"));
        out.writeBytes("--XX--\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void part(ByteArrayOutputStream out, String type, String name, String text, Charset cs) {
        out.writeBytes(("--XX\r\nContent-Type: " + type + "\r\nContent-Disposition: attachment; filename=" + name
                + "\r\nContent-Transfer-Encoding: 8bit\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(text.getBytes(cs));
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void attachmentShowReadsTheDeclaredCharset() {
        List<Attachments.Attachment> all = Attachments.of(message());
        String one = AttachmentSections.show(all.get(0), tika).text();
        String two = AttachmentSections.show(all.get(1), tika).text();
        String three = AttachmentSections.show(all.get(2), tika).text();
        assertTrue(one.contains("Grüße, Jürgen"), one);
        assertTrue(two.contains("über 300 € folgt"), two);
        assertTrue(three.contains("Grüße, Jürgen: 300 €"), three);
    }

    @Test
    void readShowsTheDeclaredCharset() {
        String body = new MessageRenderer(RenderOptions.defaults(), tika).render(message()).body();
        assertTrue(body.contains("Grüße, Jürgen\n"), body);
        assertTrue(body.contains("über 300 € folgt"), body);
        assertTrue(body.contains("Grüße, Jürgen: 300 €"), body);
    }

    @Test
    void theCacheKeepsOneTextPerDeclaredCharset() {
        java.util.Map<String, byte[]> store = new java.util.HashMap<>();
        CachingExtractor cached = new CachingExtractor(tika, new CachingExtractor.Cache() {
            @Override public java.util.Optional<byte[]> get(String key) { return java.util.Optional.ofNullable(store.get(key)); }

            @Override public void put(String key, byte[] value) { store.put(key, value); }
        }, "t");
        byte[] latin1 = message();
        byte[] koi8 = new String(latin1, StandardCharsets.ISO_8859_1).replace("charset=iso-8859-1", "charset=koi8-r")
                .getBytes(StandardCharsets.ISO_8859_1);
        String asLatin1 = AttachmentSections.show(Attachments.of(latin1).get(0), cached).text();
        String asKoi8 = AttachmentSections.show(Attachments.of(koi8).get(0), cached).text();
        assertTrue(asLatin1.contains("Grüße, Jürgen"), asLatin1);
        assertTrue(!asKoi8.contains("Grüße"), "the same bytes declared KOI8-R are read as KOI8-R: " + asKoi8);
    }
}

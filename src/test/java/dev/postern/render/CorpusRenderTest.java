package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message of the public test corpora renders quickly, safely, and shows what it has. */
class CorpusRenderTest {
    static final Path CORPORA = Path.of(System.getProperty("postern.corpora", "src/test/resources/corpora"));

    static Stream<Path> messages() throws IOException {
        try (Stream<Path> files = Files.walk(CORPORA)) {
            List<Path> list = files.filter(Files::isRegularFile).filter(CorpusRenderTest::isMessage).sorted().toList();
            return list.stream();
        }
    }

    private static boolean isMessage(Path p) {
        String rel = CORPORA.relativize(p).toString().replace('\\', '/');
        String name = p.getFileName().toString();
        if (name.endsWith(".msg") || name.endsWith(".eml")) return true;
        return rel.startsWith("mimekit/messages/") && name.endsWith(".txt");
    }

    @Test
    void corpusIsCompleteAndByteExact() throws IOException {
        assertTrue(messages().count() >= 198, "all corpus messages present");
        byte[] crlf = Files.readAllBytes(CORPORA.resolve("mime4j/testmsgs/basic-plain.msg"));
        assertTrue(new String(crlf, java.nio.charset.StandardCharsets.ISO_8859_1).contains("\r\n"), "CRLF kept");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void rendersSafelyWithinTimeLimit(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        RenderedMessage m = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> new MessageRenderer().render(raw));
        RenderAssertions.assertTerminalSafe(m);
        String text = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
        boolean hasDisplayHeader = Stream.of("From:", "Subject:", "To:", "Date:")
                .anyMatch(h -> text.startsWith(h) || text.contains("\n" + h));
        if (hasDisplayHeader && !text.startsWith("\uFEFF") && hasHeaderBlock(text)) {
            assertFalse(m.headers().isEmpty(), "headers shown");
        }
        assertFalse(m.headers().isEmpty() && m.body().isBlank() && m.parts().isEmpty() && hasBodyText(text),
                "a message with body text shows a body or parts");
    }

    private static boolean hasHeaderBlock(String text) {
        return text.matches("(?s)^[!-9;-~]+[ \t]*:.*");
    }

    private static boolean hasBodyText(String text) {
        int sep = text.indexOf("\r\n\r\n");
        if (sep < 0) sep = text.indexOf("\n\n");
        return sep >= 0 && text.substring(sep).chars().anyMatch(Character::isLetterOrDigit);
    }
}

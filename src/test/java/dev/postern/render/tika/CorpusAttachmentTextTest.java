package dev.postern.render.tika;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.render.AttachmentTextExtractor;
import dev.postern.render.MessageRenderer;
import dev.postern.render.RenderAssertions;
import dev.postern.render.RenderOptions;
import dev.postern.render.RenderedMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every corpus message rendered with attachment text from the real forked Tika: safe for a terminal,
 * the same body as without attachment text, and every renderable attachment gets a section.
 */
class CorpusAttachmentTextTest {
    static final Path CORPORA = Path.of(System.getProperty("postern.corpora", "src/test/resources/corpora"));

    @Test
    void everyCorpusMessageRendersWithAttachmentText() throws Exception {
        List<Path> files;
        try (Stream<Path> all = Files.walk(CORPORA)) {
            files = all.filter(Files::isRegularFile).filter(p -> {
                String rel = CORPORA.relativize(p).toString().replace('\\', '/');
                String n = p.getFileName().toString();
                return n.endsWith(".msg") || n.endsWith(".eml") || (rel.startsWith("mimekit/messages/") && n.endsWith(".txt"));
            }).sorted().toList();
        }
        assertTrue(files.size() >= 198);
        AtomicInteger extracted = new AtomicInteger();
        List<String> statuses = new ArrayList<>();
        try (ForkedExtractor tika = new ForkedExtractor(new ForkedExtractor.Limits(Duration.ofSeconds(20),
                Duration.ofSeconds(60), 200_000, 64L << 20, 256), null)) {
            MessageRenderer plain = new MessageRenderer(RenderOptions.defaults());
            MessageRenderer withText = new MessageRenderer(RenderOptions.defaults(), (content, type) -> {
                AttachmentTextExtractor.Extraction x = tika.extract(content, type);
                extracted.incrementAndGet();
                statuses.add(type + " " + x.status() + (x.status() == AttachmentTextExtractor.Status.FAILED ? " (" + x.text() + ")" : ""));
                return x;
            });
            for (Path f : files) {
                byte[] raw = Files.readAllBytes(f);
                RenderedMessage a = plain.render(raw);
                RenderedMessage b = withText.render(raw);
                RenderAssertions.assertTerminalSafe(b);
                assertTrue(b.body().startsWith(a.body().split("\n\nLinks:")[0]), f + ": the message's own text comes first");
                assertEquals(a.parts(), b.parts(), f.toString());
                long sections = b.body().lines().filter(l -> l.startsWith("--- Attachment [")).count();
                assertTrue(sections <= b.parts().size(), f.toString());
            }
            assertEquals(1, tika.starts(), "no corpus attachment killed the worker: " + statuses);
        }
        assertTrue(extracted.get() >= 20, "corpus attachments read: " + statuses);
        assertFalse(statuses.stream().anyMatch(s -> s.endsWith("TIMEOUT")), statuses.toString());
        System.err.println("corpus attachment statuses: " + statuses);
    }
}

package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.render.tika.ForkedExtractor;
import dev.postern.render.tika.HostileWorkerMain;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Several looping attachments cost one message at most its budget, not one time-out each. */
class AttachmentBudgetTest {
    @Test
    void aMessageOfLoopingAttachmentsStopsReadingThemOnceItsBudgetIsSpent() {
        StringBuilder mime = new StringBuilder("From: a@example.org\r\nSubject: loops\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nbody\r\n");
        for (int i = 1; i <= 4; i++) {
            mime.append("--b\r\nContent-Type: text/plain; name=loop").append(i)
                    .append(".txt\r\nContent-Disposition: attachment; filename=loop").append(i).append(".txt\r\n\r\nloop\r\n");
        }
        mime.append("--b--\r\n");
        byte[] raw = mime.toString().getBytes(StandardCharsets.US_ASCII);
        try (ForkedExtractor hostile = new ForkedExtractor(new ForkedExtractor.Limits(Duration.ofSeconds(2),
                Duration.ofSeconds(60), 10_000, 1 << 20, 64), null, HostileWorkerMain.class.getName())) {
            MimeWalker walker = new MimeWalker(RenderOptions.defaults(), new BodyBuilder());
            walker.message(MimeParser.parse(raw));
            hostile.extract("warm".getBytes(StandardCharsets.US_ASCII), "text/plain"); // worker start is not the point here
            BodyBuilder body = new BodyBuilder();
            long t0 = System.nanoTime();
            AttachmentSections.append(body, walker, hostile, 3_000_000_000L);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String text = body.text();
            int stopped = text.split("took too long", -1).length - 1;
            int skipped = text.split("\\[not read: this message's attachments already took 3 s", -1).length - 1;
            // Each looping attachment costs its 2 s time-out, so the 3 s budget is spent after one or two.
            assertTrue(stopped >= 1 && stopped <= 2, text);
            assertEquals(4, stopped + skipped, text);
            assertTrue(ms < 15_000, "at most two time-outs and restarts, then nothing: " + ms + " ms");
        }
    }
}

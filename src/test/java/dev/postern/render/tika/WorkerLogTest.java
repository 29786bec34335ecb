package dev.postern.render.tika;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.postern.app.FileLogging;
import dev.postern.render.AttachmentTextExtractor.Status;
import dev.postern.render.AttachmentTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt35-C, C4: every start of the attachment worker wrote SLF4J's own bare notice ({@code SLF4J(I): Attempting to load
 * provider ...}) into the owner's log, where the worker's stderr goes. A normal start now leaves nothing there.
 */
class WorkerLogTest {
    @TempDir
    Path dir;

    @Test
    void aWorkersNormalStartWritesNothingIntoTheLog() throws Exception {
        Path log = dir.resolve("postern.log");
        Files.writeString(log, "");
        ForkedExtractor tika = new ForkedExtractor(new ForkedExtractor.Limits(Duration.ofSeconds(30), Duration.ofSeconds(60),
                50_000, 32L << 20, 192), log, FileLogging.workerOptions());
        try {
            // A PDF: its parser's loggers start SLF4J in the worker.
            assertEquals(Status.OK, tika.extract(TestDocuments.pdf("Quarterly report"), AttachmentTypes.PDF).status());
        } finally {
            tika.close();
        }
        String written = Files.readString(log);
        assertFalse(written.contains("SLF4J"), written);
    }
}

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

    /**
     * Hunt36-S, S6: what a parser prints itself (its stdout and stderr, a stack trace quoting the document) is appended
     * to the owner's log; its ESC, BEL and C1 arrive visible ({@code ^[}, {@code ^G}, {@code <U+009B>}), never raw.
     */
    @Test
    void whatAParserPrintsItselfReachesTheLogSanitised() throws Exception {
        Path log = dir.resolve("postern.log");
        Files.writeString(log, "");
        try (ForkedExtractor hostile = new ForkedExtractor(new ForkedExtractor.Limits(Duration.ofSeconds(60),
                Duration.ofSeconds(60), 10_000, 1 << 20, 64), log, HostileWorkerMain.class.getName())) {
            assertEquals(Status.OK, hostile.extract("print".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    AttachmentTypes.PDF).status());
        }
        String written = Files.readString(log);
        for (String want : java.util.List.of("stdout ^[]0;OWNED^G<U+009B>2J", "stderr ^[]0;OWNED^G<U+009B>2J",
                "java.lang.IllegalStateException: trace ^[]0;OWNED^G<U+009B>2J")) {
            org.junit.jupiter.api.Assertions.assertTrue(written.contains(want), want + " in:\n" + written);
        }
        org.junit.jupiter.api.Assertions.assertTrue(written.contains("\n\tat "), "the trace keeps its tabs:\n" + written);
        assertFalse(written.chars().anyMatch(c -> (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)), written);
    }

    /**
     * Hunt36-S, S8's sibling: the worker's stderr is appended to the log by name, and the JVM's open follows a link. A
     * link (or another user's file) at the log's name since postern chose it (the /tmp fallback's name, taken after a
     * rotation) gets nothing.
     */
    @Test
    void aLinkAtTheLogsNameGetsNothingFromTheWorker() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "keep\n");
        Path log = Files.createSymbolicLink(dir.resolve("postern.log"), victim);
        try (ForkedExtractor hostile = new ForkedExtractor(new ForkedExtractor.Limits(Duration.ofSeconds(60),
                Duration.ofSeconds(60), 10_000, 1 << 20, 64), log, HostileWorkerMain.class.getName())) {
            assertEquals(Status.OK, hostile.extract("print".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    AttachmentTypes.PDF).status());
        }
        assertEquals("keep\n", Files.readString(victim));
    }
}

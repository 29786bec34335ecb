package dev.postern.backup;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archive far bigger than the heap imports: the reader holds one message at a time. A 160 MB mbox is
 * read in a child JVM limited to 32 MB of heap (reading it whole, as import once did, fails there with
 * OutOfMemoryError), and a broken From line in the middle is listed while every other message is read.
 */
class StreamingImportTest {
    @TempDir Path dir;

    @Test
    void aHugeMboxStreamsThroughASmallHeapAndListsTheBrokenFromLine() throws Exception {
        Path mbox = dir.resolve("big.mbox");
        int messages = 2_000;
        String line = "x".repeat(75) + "\n";
        String body = line.repeat(1_050); // ~80 KB a message
        int brokenLine = -1;
        int lineNo = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(mbox), 1 << 16)) {
            for (int i = 1; i <= messages; i++) {
                String from = i == 1_000 ? "From garbage\n" : "From a@x Mon Jan  1 10:00:00 2024\n";
                if (i == 1_000) brokenLine = lineNo + 1;
                String m = from + "Subject: message " + i + "\nStatus: RO\n\n" + body + "\n";
                out.write(m.getBytes(UTF_8));
                lineNo += (int) m.chars().filter(c -> c == '\n').count();
            }
        }
        assertTrue(Files.size(mbox) > 150_000_000L, "the archive is several times the child's heap");

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), ArchiveCount.class.getName(), mbox.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("mbox messages=" + (messages - 1) + " "), out);
        assertTrue(out.contains("skipped=[big.mbox:" + brokenLine + ": broken From line]"), out);
    }
}

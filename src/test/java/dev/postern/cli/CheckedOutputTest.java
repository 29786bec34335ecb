package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.OutputFailed;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command's output stops at its first failed write (a long listing does not go on for nobody) and is reported once. */
class CheckedOutputTest {
    @Test
    void theFirstFailedWriteStopsTheWriterAndEveryLaterOneFailsAlike() {
        int[] writes = {0};
        OutputStream broken = new OutputStream() {
            @Override public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

            @Override public void write(byte[] b, int off, int len) throws IOException {
                writes[0]++;
                throw new IOException("Broken pipe");
            }
        };
        CheckedOutput out = CheckedOutput.toClient(broken);
        PrintWriter rows = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        OutputFailed f = assertThrows(OutputFailed.class, () -> {
            for (int i = 0; i < 100_000; i++) rows.println("row " + i); // a PrintWriter alone would swallow each failure
        });
        assertEquals(1, writes[0]);
        assertSame(f, assertThrows(OutputFailed.class, () -> out.write(1)));
        assertTrue(f.readerGone());
        StringWriter said = new StringWriter();
        assertEquals(141, CheckedOutput.settled(out, 0, new PrintWriter(said)));
        assertEquals("", said.toString(), "a reader gone is not told");
        assertEquals(141, CommandErrors.failed(new java.util.concurrent.CompletionException(f), new PrintWriter(said)));
        assertEquals("", said.toString());
    }

    @Test
    void aFullDiskIsSaidOnceWithItsCause() {
        OutputFailed f = new OutputFailed(new IOException("No space left on device"), false);
        StringWriter said = new StringWriter();
        assertEquals(74, CommandErrors.failed(f, new PrintWriter(said)));
        assertEquals(74, CommandErrors.failed(f, new PrintWriter(said)));
        assertEquals("postern: cannot write to standard output (No space left on device)." + System.lineSeparator(), said.toString());
    }
}

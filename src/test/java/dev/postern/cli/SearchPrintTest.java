package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code search} prints its rows exactly as {@code list} does (a row per match, JSON or text cut to the terminal),
 * (its JSON written straight, with no map per row, must equal {@code Json.write(ListCommand.jsonOf(e))}), but in blocks: a search that matches thousands of messages writes a few times, not once (and one flush) per row.
 */
class SearchPrintTest {
    /** Counts the writes that reach the stream under the writer (each flush of an autoflush writer is one). */
    private static final class Counting extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writes;

        @Override public void write(int b) { writes++; bytes.write(b); }
        @Override public void write(byte[] b, int off, int len) { writes++; bytes.write(b, off, len); }
    }

    private static List<Envelope> envelopes(int n) {
        List<Envelope> out = new ArrayList<>();
        String[] subjects = {"weekly report", "日本語の件名がとても長い場合にはどうなるでしょうか", "tab\there \"quoted\" \\ back",
                "bidi \u202e override", "x".repeat(300)};
        for (int i = 1; i <= n; i++) {
            out.add(new Envelope(new MessageRef("a", i % 17 == 0 ? "Ordner/\"ü\"" : "INBOX", 7, i), i % 13 == 0 ? null : "<m" + i + "@x>", i % 11 == 0 ? null : Instant.ofEpochSecond(1_700_000_000L + i * 97L),
                    "Sender " + i + " <s" + i + "@example.org>", List.of("r@x"), List.of(), subjects[i % subjects.length], 1000L * i,
                    i % 7 == 0 ? new Flags(java.util.EnumSet.of(Flag.SEEN), java.util.Set.of("$Label1", "we\"ird")) : i % 3 == 0 ? Flags.of(Flag.SEEN) : i % 5 == 0 ? Flags.of(Flag.FLAGGED, Flag.ANSWERED) : Flags.NONE, null, List.of(),
                    i % 2 == 0 ? "h" + i : null));
        }
        return out;
    }

    /** What printing row by row through {@link Rows} (as {@code list} prints) gives. */
    private static String rowByRow(List<Envelope> found, boolean json, int width) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);
        Rows rows = new Rows(out, width);
        for (Envelope e : found) rows.println(json ? Json.write(ListCommand.jsonOf(e)) : ListCommand.line(e));
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theRowsAreListsRowsWrittenInBlocks() {
        List<Envelope> found = envelopes(3000);
        for (boolean json : new boolean[] {true, false}) {
            for (int width : new int[] {0, 40, 120}) {
                if (json && width != 0) continue; // JSON is never cut
                Counting sink = new Counting();
                PrintWriter out = new PrintWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), true); // as Main's
                SearchCommand.print(out, found, e -> false, json, width);
                String printed = sink.bytes.toString(StandardCharsets.UTF_8);
                assertEquals(rowByRow(found, json, width), printed, "json " + json + ", width " + width);
                long blocks = printed.getBytes(StandardCharsets.UTF_8).length / 8192 + 2; // the writer's encoder hands on 8 KB at a time
                assertTrue(sink.writes <= blocks, sink.writes + " writes for " + found.size() + " rows (at most " + blocks + ")");
            }
        }
    }

    @Test
    void noMatchPrintsNothing() {
        Counting sink = new Counting();
        SearchCommand.print(new PrintWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), true), List.of(), e -> false, true, 0);
        assertEquals("", sink.bytes.toString(StandardCharsets.UTF_8));
    }
}

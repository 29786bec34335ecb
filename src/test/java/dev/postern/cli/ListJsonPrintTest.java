package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.command.ListCommand.Listed;
import dev.postern.command.ListCommand.Row;
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
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code list --json} writes each row straight into blocks of about 64 KB ({@link ListCommand#printJson}): the same
 * bytes as {@code Json.write} of the row's map ({@link ListCommand#jsonOf}, with the thread fields of
 * {@code --threads}) printed a line at a time, in a few writes instead of a flush per row.
 */
class ListJsonPrintTest {
    /** Counts the writes that reach the stream under the writer (each flush of an autoflush writer is one). */
    private static final class Counting extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writes;

        @Override public void write(int b) { writes++; bytes.write(b); }
        @Override public void write(byte[] b, int off, int len) { writes++; bytes.write(b, off, len); }
    }

    private static List<Row> rows(int n) {
        List<Row> out = new ArrayList<>();
        String[] subjects = {"weekly report", "日本語の件名", "tab\there \"quoted\" \\ back", "bidi \u202e override",
                "lone \ud800 surrogate", "pair \ud83d\ude00 ok", "bell \u0007 and del \u007f", "x".repeat(300)};
        for (int i = 1; i <= n; i++) {
            Envelope e = new Envelope(new MessageRef(i % 5 == 0 ? "work" : "a", i % 17 == 0 ? "Ordner/\"ü\"" : "INBOX", 7, i),
                    i % 13 == 0 ? null : "<m" + i + "@x>", i % 11 == 0 ? null : Instant.ofEpochSecond(1_700_000_000L + i * 97L),
                    "Sender " + i + " <s" + i + "@example.org>", List.of("r@x"), List.of(), subjects[i % subjects.length], 1000L * i,
                    i % 7 == 0 ? new Flags(java.util.EnumSet.of(Flag.SEEN), java.util.Set.of("$Label1", "we\"ird"))
                            : i % 3 == 0 ? Flags.of(Flag.SEEN) : Flags.NONE, null, List.of(), i % 2 == 0 ? "h" + i : null);
            String prefix = i % 4 == 0 ? "" : i % 4 == 1 ? "`->" : i % 8 == 2 ? "|*>" : "  |->";
            out.add(new Row(e, i % 9 == 0, prefix, new MessageRef(i % 3 == 0 ? "work" : "a", "INBOX", 7, i - i % 4), prefix.endsWith("*>")));
        }
        return out;
    }

    /** What the command printed before: one {@code println(Json.write(map))} per row. */
    private static String rowByRow(List<Row> rows, boolean threads, boolean allInboxes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);
        for (Row row : rows) {
            Map<String, Object> o = ListCommand.jsonOf(row.envelope(), row.localOnly());
            if (threads) {
                o.put("thread", row.thread().uid());
                if (allInboxes) o.put("thread_account", row.thread().account());
                o.put("depth", ListCommand.depth(row.prefix()));
                o.put("parent_missing", row.parentMissing());
            }
            out.println(Json.write(o));
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theSameBytesInBlocks() {
        List<Row> rows = rows(3000);
        for (boolean threads : new boolean[] {false, true}) {
            for (boolean allInboxes : new boolean[] {false, true}) {
                Listed l = new Listed(null, "a", "INBOX", allInboxes, rows, null, null);
                Counting sink = new Counting();
                ListCommand.printJson(new PrintWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), true), l, threads);
                String printed = sink.bytes.toString(StandardCharsets.UTF_8);
                assertEquals(rowByRow(rows, threads, allInboxes), printed, "threads " + threads + ", all inboxes " + allInboxes);
                long blocks = printed.getBytes(StandardCharsets.UTF_8).length / 8192 + 2; // the encoder hands on 8 KB at a time
                assertTrue(sink.writes <= blocks, sink.writes + " writes for " + rows.size() + " rows (at most " + blocks + ")");
            }
        }
    }

    @Test
    void noRowsPrintNothing() {
        Counting sink = new Counting();
        ListCommand.printJson(new PrintWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), true),
                new Listed(null, "a", "INBOX", false, List.of(), null, null), false);
        assertEquals("", sink.bytes.toString(StandardCharsets.UTF_8));
    }
}

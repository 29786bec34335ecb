package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.postern.ui.Cells;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Batch rows on a terminal are cut to its width in columns; elsewhere (width 0) they are left alone. */
class RowsTest {
    @Test
    void cutToTheWidthInColumnsWithAnEllipsis() {
        String subject = "x".repeat(100_000);
        String row = "     12 N    2026-01-01 10:00 Bob  " + subject;
        String cut = Rows.fit(row, 80);
        assertEquals(80, Cells.width(cut));
        assertEquals(row.substring(0, 79) + "…", cut);
        assertEquals("short", Rows.fit("short", 80));
        assertEquals("x".repeat(80), Rows.fit("x".repeat(80), 80), "a row that fits exactly is not cut");
    }

    @Test
    void wideCharactersCountTwoColumns() {
        String row = "漢字".repeat(50); // 100 chars, 200 columns
        String cut = Rows.fit(row, 21);
        assertEquals("漢字".repeat(5) + "…", cut, "ten wide chars fill 20 columns, the ellipsis the 21st");
        assertEquals(21, Cells.width(cut));
        // odd width: a wide char that would straddle the edge is left out, never half-drawn
        assertEquals("漢字".repeat(4) + "漢…", Rows.fit(row, 20));
        assertEquals(19, Cells.width(Rows.fit(row, 20)));
    }

    @Test
    void notATerminalLeavesRowsUntouched() {
        StringWriter w = new StringWriter();
        Rows rows = new Rows(new PrintWriter(w), 0);
        String long1 = "y".repeat(5000);
        rows.println(long1);
        new Rows(new PrintWriter(w, true), 10).println("0123456789abc");
        assertEquals(long1 + System.lineSeparator() + "012345678…" + System.lineSeparator(), w.toString());
    }

    @Test
    void columnsComeFromColumnsThenTheTerminalThenEighty() {
        assertEquals(132, Terminals.columns("132", () -> 50));
        assertEquals(50, Terminals.columns(null, () -> 50));
        assertEquals(50, Terminals.columns("wide", () -> 50), "an unusable COLUMNS is ignored, as by ls");
        assertEquals(50, Terminals.columns("0", () -> 50));
        assertEquals(80, Terminals.columns(null, () -> 0));
    }
}

package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * HTML whose tables nest in each other's cells is converted in time near linear in it, and a render for the screen
 * stops inside jsoup when its thread is interrupted: jsoup 1.22 is quadratic on nested cells, {@code <table><td>}
 * 130,000 times (1.9 MB) took 103 s to read, and nothing could stop it (hunt 34-E, E5).
 */
class HtmlTableNestingTest {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private static long cpuMillis(Runnable r) {
        long t0 = CPU.getCurrentThreadCpuTime();
        r.run();
        return (CPU.getCurrentThreadCpuTime() - t0) / 1_000_000;
    }

    @Test
    void nestedTablesCostAboutWhatAsMuchOtherHtmlDoes() {
        int n = 180_000; // 1.98 MB: within the body's budget of 2,000,000 chars
        String nested = "<table><td>".repeat(n) + "end";
        String flat = "<p>x".repeat(2 * n) + "end"; // as many elements, no table
        for (int i = 0; i < 3; i++) { // jsoup's code compiled before either is measured
            HtmlToText.convert("<table><td>".repeat(2000) + "<p>x".repeat(4000), new ArrayList<>(), 1000);
        }
        long flatMs = cpuMillis(() -> HtmlToText.convert(flat, new ArrayList<>(), 2_000_000));
        String[] text = new String[1];
        long nestedMs = cpuMillis(() -> text[0] = HtmlToText.convert(nested, new ArrayList<>(), 2_000_000));
        assertTrue(text[0].strip().endsWith("end"), text[0].length() + " chars");
        System.out.println("HtmlTableNestingTest: nested " + nestedMs + " ms CPU, flat " + flatMs + " ms");
        // Before: 20 times the flat HTML's CPU time and more (quadratic: 10 s for 160,000 cells, idle); now about the same.
        assertTrue(nestedMs < 5 * flatMs + 2000, "nested " + nestedMs + " ms CPU, flat " + flatMs + " ms");
    }

    @Test
    void tablesNestedUpToTheBoundStayTables() {
        String legit = "<table><tr><td>".repeat(TableNesting.MAX) + "x" + "</td></tr></table>".repeat(TableNesting.MAX);
        assertSame(legit, TableNesting.bound(legit));
        String deeper = "<TABLE border=1><td>".repeat(TableNesting.MAX + 3) + "x" + "</table >".repeat(TableNesting.MAX + 3);
        String bounded = TableNesting.bound(deeper);
        assertEquals(TableNesting.MAX, bounded.split("<TABLE", -1).length - 1);
        assertEquals(3, bounded.split("<div border=1>", -1).length - 1);
        assertEquals(3, bounded.split("</div >", -1).length - 1);
        assertEquals(TableNesting.MAX, bounded.split("</table >", -1).length - 1);
        assertSame("<tablex><table-ish>", TableNesting.bound("<tablex><table-ish>"));
    }

    @Test
    void anInterruptedRenderStopsInsideTheParse() {
        String html = "<p>".repeat(100_000) + "end";
        Thread.currentThread().interrupt();
        try {
            assertThrows(CancellationException.class, () -> HtmlToText.convert(html, new ArrayList<>(), 2_000_000));
        } finally {
            Thread.interrupted();
        }
        // The search text (no links) is never cut half-way: the index would keep half a body.
        Thread.currentThread().interrupt();
        try {
            assertTrue(HtmlToText.convert(html, null, 2_000_000).strip().endsWith("end"));
        } finally {
            Thread.interrupted();
        }
    }
}

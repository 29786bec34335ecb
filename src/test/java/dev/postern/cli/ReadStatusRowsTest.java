package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.render.RenderedMessage;
import dev.postern.render.StatusImitation;
import dev.postern.ui.Cells;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * hunt34-B B2: `read` does not wrap, the terminal does; to a terminal, a row the terminal would start with
 * something that reads like a status line is marked as the message's, in the body and in the headers.
 */
class ReadStatusRowsTest {
    private static final String FAKE = "[postern] PGP GOOD signature from Bob <bob@localhost>, key "
            + "990D546E3D9E89FFD753B9294B868B13229A50C4, validity ultimate";

    /** The rows a terminal {@code columns} wide shows {@code text} in. */
    private static List<String> terminalRows(String text, int columns) {
        List<String> rows = new java.util.ArrayList<>();
        for (String line : text.split("\n", -1)) {
            int start = 0;
            do {
                int end = Cells.fits(line, start, columns);
                rows.add(line.substring(start, end));
                start = end;
            } while (start < line.length());
        }
        return rows;
    }

    private static String printed(RenderedMessage m, int columns) {
        StringWriter w = new StringWriter();
        ReadCommand.print(new PrintWriter(w), m, columns);
        return w.toString();
    }

    @Test
    void noTerminalRowPassesForAStatusLine() {
        RenderedMessage m = new RenderedMessage(List.of(new RenderedMessage.Header("Subject", "x".repeat(71) + FAKE)),
                "\u2500".repeat(79) + " " + FAKE + "\n\nPlease pay.", List.of(), List.of());
        for (int columns : new int[] {60, 80, 81, 100}) {
            for (String row : terminalRows(printed(m, columns), columns)) {
                assertFalse(StatusImitation.at(row, 0), columns + ": " + row);
            }
        }
        assertTrue(printed(m, 80).contains("\u2500 (message text) [postern] PGP GOOD"), printed(m, 80));
    }

    @Test
    void notATerminalOrPosternsOwnLineIsPrintedAsItIs() {
        RenderedMessage m = new RenderedMessage(List.of(), "\u2500".repeat(79) + " " + FAKE + "\n" + FAKE, List.of(), List.of());
        assertEquals("\n" + m.body() + "\n", printed(m, 0));
        assertTrue(printed(m, 80).endsWith("\n" + FAKE + "\n"), printed(m, 80));
    }
}

package dev.postern.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** The pure parts of postern's SLF4J binding: hand-written UTC timestamps and per-logger thresholds. */
class FileLoggingTest {
    @Test
    void timestampsAreUtcWithMillisecondsAndZeroPadded() {
        assertEquals("1970-01-01T00:00:00.000Z", FileLogging.timestamp(0));
        assertEquals("2026-11-22T16:37:49.123Z", FileLogging.timestamp(1_795_365_469_123L));
        assertEquals("2026-03-05T07:08:09.007Z", FileLogging.timestamp(1_772_694_489_007L));
        assertEquals("1969-12-31T23:59:59.999Z", FileLogging.timestamp(-1));
    }

    @Test
    void chattyLibrariesLogWarningsOnlyWhateverTheLevelAndTheLevelIsReadFromItsProperty() {
        String before = System.getProperty(FileLogging.LEVEL);
        try {
            System.setProperty(FileLogging.LEVEL, "debug");
            assertEquals(Level.DEBUG.toInt(), FileLogging.threshold("dev.postern.backend.imap.ImapSession"));
            assertEquals(Level.WARN.toInt(), FileLogging.threshold("org.apache.pdfbox.pdmodel.PDDocument"));
            assertEquals(Level.WARN.toInt(), FileLogging.threshold("com.icegreen.greenmail.imap.ImapHandler"));
            System.setProperty(FileLogging.LEVEL, "ERROR");
            assertEquals(Level.ERROR.toInt(), FileLogging.threshold("org.apache.poi.POIDocument"));
            System.setProperty(FileLogging.LEVEL, "off");
            assertEquals(Integer.MAX_VALUE, FileLogging.threshold("dev.postern.app.Main"));
            System.setProperty(FileLogging.LEVEL, "nonsense");
            assertEquals(Level.INFO.toInt(), FileLogging.threshold("dev.postern.app.Main"));
        } finally {
            if (before == null) System.clearProperty(FileLogging.LEVEL);
            else System.setProperty(FileLogging.LEVEL, before);
        }
    }

    /**
     * Hunt36-S, S6: a server's greeting, an [ALERT], an exception's message and PDFBox's warning about a hostile PDF's
     * xref reached postern.log with their raw ESC, BEL and C1 bytes, and {@code tail postern.log} set the terminal's
     * title and (OSC 52) its clipboard. Every line of the event is shown as the terminal shows it; lines stay lines, a trace's tabs stay tabs.
     */
    @Test
    void escapesFromServersMailAndExceptionsReachTheLogVisibleNotRaw() {
        String hostile = "\u001b]0;OWNED\u0007\u001b]52;c;ZWNobyBoaQ==\u0007\u001b[31mred\u009b2J\u202eevil";
        Exception cause = new IllegalStateException("[ALERT] your account " + hostile);
        Exception e = new RuntimeException("command failed: " + hostile + "\r\nsecond line", cause);
        String event = FileLogging.event(0, "main", Level.WARN, "org.apache.pdfbox.pdfparser.COSParser",
                "XRefTable: invalid number of objects: " + hostile, e);
        for (char c : event.toCharArray()) {
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\u202e';
            org.junit.jupiter.api.Assertions.assertFalse(control, "raw U+" + Integer.toHexString(c) + " in:\n" + event);
        }
        String[] lines = event.split("\n", -1);
        assertEquals("", lines[lines.length - 1], "the event ends with its line end");
        assertEquals("1970-01-01T00:00:00.000Z " + ProcessHandle.current().pid() + " [main] WARN org.apache.pdfbox.pdfparser.COSParser"
                + " - XRefTable: invalid number of objects: ^[]0;OWNED^G^[]52;c;ZWNobyBoaQ==^G^[[31mred<U+009B>2J<U+202E>evil", lines[0]);
        assertEquals("java.lang.RuntimeException: command failed: ^[]0;OWNED^G^[]52;c;ZWNobyBoaQ==^G^[[31mred<U+009B>2J<U+202E>evil",
                lines[1]);
        assertEquals("second line", lines[2]);
        org.junit.jupiter.api.Assertions.assertTrue(event.contains("Caused by: java.lang.IllegalStateException: [ALERT] your account ^[]0;OWNED^G"),
                event);
        org.junit.jupiter.api.Assertions.assertTrue(lines[3].startsWith("\tat "), "a stack trace keeps its tab: " + lines[3]);
    }
}

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
}

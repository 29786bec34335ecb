package dev.postern.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Under LANG=C the launcher keeps the terminal's charset for the terminal: ASCII, '?' for a letter it lacks. */
class TerminalCharsetTest {
    @Test
    void aTerminalGetsTheLocalesCharsetAndEverythingElseUtf8() {
        Map<String, String> c = Map.of("POSTERN_TERMINAL_CHARSET", "ANSI_X3.4-1968");
        assertEquals(StandardCharsets.US_ASCII, TerminalCharset.output(c, true));
        assertEquals(StandardCharsets.UTF_8, TerminalCharset.output(c, false));
        assertEquals("B?lk", new String("Bülk".getBytes(TerminalCharset.of(c)), StandardCharsets.US_ASCII));
        assertEquals(Charset.defaultCharset(), TerminalCharset.of(Map.of()));
        assertEquals(Charset.defaultCharset(), TerminalCharset.of(Map.of("POSTERN_TERMINAL_CHARSET", "no-such-charset")));
        // postern reads UTF-7 mail but cannot write it: a terminal said to be UTF-7 gets the JVM's own.
        assertEquals(Charset.defaultCharset(), TerminalCharset.of(Map.of("POSTERN_TERMINAL_CHARSET", "UTF-7")));
    }
}

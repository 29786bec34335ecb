package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** What the reader's terminal writes for one character: its charset's bytes, never the encoder's unused tail. */
class ExactUnixTerminalTest {
    /** Lanterna 3.1.5's own translation (StreamBasedTerminal.convertToCharset). */
    private static byte[] lanterna(Charset cs, char c) {
        return cs.encode(String.valueOf(c)).array();
    }

    @Test
    void everyCharacterIsWrittenAsExactlyItsUtf8Bytes() {
        int padded = 0;
        for (char c = 1; c < Character.MIN_SURROGATE; c++) {
            byte[] lanterna = lanterna(StandardCharsets.UTF_8, c);
            if (lanterna.length > String.valueOf(c).getBytes(StandardCharsets.UTF_8).length) padded++;
            assertArrayEquals(String.valueOf(c).getBytes(StandardCharsets.UTF_8),
                    ExactUnixTerminal.exact(lanterna, StandardCharsets.UTF_8, c), "U+" + Integer.toHexString(c));
        }
        // Every two-byte character (U+0080..U+07FF) came with a NUL: the fault this class exists for.
        assertEquals(0x800 - 0x80, padded);
        assertArrayEquals(new byte[] {(byte) 0xc3, (byte) 0xa9}, ExactUnixTerminal.exact(lanterna(StandardCharsets.UTF_8, 'é'),
                StandardCharsets.UTF_8, 'é'));
    }

    @Test
    void aLineDrawingSequenceIsLeftAsItIs() {
        // Lanterna draws box characters as VT100 line drawing (ESC ( 0 q ESC ( B) where the charset has none.
        byte[] vt100 = {0x1b, '(', '0', 'q', 0x1b, '(', 'B'};
        assertArrayEquals(vt100, ExactUnixTerminal.exact(vt100, StandardCharsets.US_ASCII, '\u2500'));
        ByteBuffer latin = StandardCharsets.ISO_8859_1.encode("é");
        assertEquals(1, latin.remaining());
        assertArrayEquals(new byte[] {(byte) 0xe9}, ExactUnixTerminal.exact(new byte[] {(byte) 0xe9, 0, 0},
                StandardCharsets.ISO_8859_1, 'é'));
    }

    /** Issue 18: a surrogate pair is written as the one character it is, not as two '?'. */
    @Test
    void aCharacterOutsideTheBmpIsWrittenWhole() {
        String rocket = "\uD83D\uDE80";
        assertArrayEquals(rocket.getBytes(StandardCharsets.UTF_8),
                ExactUnixTerminal.pair(rocket.charAt(0), rocket.charAt(1), StandardCharsets.UTF_8));
        assertArrayEquals(new byte[] {(byte) 0xf0, (byte) 0xa0, (byte) 0x80, (byte) 0x8b},
                ExactUnixTerminal.pair('\uD840', '\uDC0B', StandardCharsets.UTF_8)); // U+2000B, CJK Extension B
        // Where the locale's charset has no such character it keeps the two cells the screen counted.
        assertArrayEquals("??".getBytes(StandardCharsets.US_ASCII),
                ExactUnixTerminal.pair(rocket.charAt(0), rocket.charAt(1), StandardCharsets.US_ASCII));
        assertArrayEquals("??".getBytes(StandardCharsets.UTF_8), ExactUnixTerminal.pair(rocket.charAt(0), 'x', StandardCharsets.UTF_8));
    }

    /**
     * On SIGTERM Lanterna's own hook and the reader's run at once; Lanterna's left the alternate screen under the UI
     * thread's next frame (hunt 37-G, G1). Once the reader's hook is in place, Lanterna's (by its thread's name, as
     * Lanterna 3.1.5 names it) leaves the terminal to it; any other thread, or before the hand-over, goes on as before.
     */
    @Test
    void lanternasShutdownHookLeavesTheTerminalToTheReadersOwn() throws Exception {
        Thread lanterna = new Thread(() -> {}, ExactUnixTerminal.LANTERNA_HOOK);
        assertTrue(ExactUnixTerminal.leftToTheReader(true, lanterna));
        assertFalse(ExactUnixTerminal.leftToTheReader(false, lanterna));
        assertFalse(ExactUnixTerminal.leftToTheReader(true, new Thread(() -> {}, "postern-terminal-restore")));
        assertFalse(ExactUnixTerminal.leftToTheReader(true, Thread.currentThread()));
    }
}

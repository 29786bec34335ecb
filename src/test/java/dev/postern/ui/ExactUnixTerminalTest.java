package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /** Lanterna's putCharacter as this terminal translates it: Lanterna's encoding, cut to the exact bytes. */
    private static byte[] perChar(char c) {
        return ExactUnixTerminal.exact(lanterna(StandardCharsets.UTF_8, c), StandardCharsets.UTF_8, c);
    }

    @Test
    void anEmojiIsWrittenWholeNotAsTwoQuestionMarks() {
        String cell = "Zo\u00eb's \ud83c\udf89 \ud840\udc0b";
        assertArrayEquals(cell.getBytes(StandardCharsets.UTF_8),
                ExactUnixTerminal.translate(cell, StandardCharsets.UTF_8, ExactUnixTerminalTest::perChar));
        // What Lanterna's own putString wrote: each half of the pair alone, each a '?'.
        java.io.ByteArrayOutputStream halves = new java.io.ByteArrayOutputStream();
        for (char c : "\ud83c\udf89".toCharArray()) halves.writeBytes(perChar(c));
        assertArrayEquals("??".getBytes(StandardCharsets.US_ASCII), halves.toByteArray());
        // A lone half stays what it was; a control character is dropped as Lanterna drops it.
        assertArrayEquals("a?b".getBytes(StandardCharsets.US_ASCII),
                ExactUnixTerminal.translate("a\ud83cb\u0007", StandardCharsets.UTF_8, ExactUnixTerminalTest::perChar));
    }
}

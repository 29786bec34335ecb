package dev.postern.backend.pop3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The head of RETR for a server without TOP: the header as TOP n 0 sends it, and never more than its cap held. */
class Pop3HeadTest {
    private static Pop3Head read(byte[] message) {
        Pop3Head h = new Pop3Head();
        for (byte b : message) h.write(b);
        return h;
    }

    @Test
    void keepsTheHeaderWithItsEmptyLineAsPop3KeysFindsIt() {
        for (String m : new String[] {"A: 1\r\nB: 2\r\n\r\nbody\r\n.x\r\n", "A: 1\nB: 2\n\nbody\n", "A: 1\r\n\r\n", "no header end"}) {
            byte[] b = m.getBytes(StandardCharsets.US_ASCII);
            Pop3Head h = read(b);
            assertArrayEquals(java.util.Arrays.copyOf(b, Pop3Keys.headerEnd(b)), h.head(), m);
            assertEquals(b.length, h.length());
            assertEquals(Pop3Faults.lines(b), h.crlf());
            assertEquals(Pop3Faults.stuffed(b), h.dots());
        }
    }

    @Test
    void aLargeMessageIsCountedNotHeld() {
        Pop3Head h = new Pop3Head();
        byte[] header = "Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (byte b : header) h.write(b);
        for (int i = 0; i < 8 << 20; i++) h.write(i % 80 == 79 ? '\n' : 'x');
        assertArrayEquals(header, h.head());
        assertEquals(header.length + (8L << 20), h.length());

        Pop3Head endless = new Pop3Head();
        for (int i = 0; i < 4 << 20; i++) endless.write('y');
        assertEquals(Pop3Head.MAX_HEAD, endless.head().length);
    }
}

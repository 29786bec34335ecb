package dev.postern.backup;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** What import takes for a message: what servers hold and export writes, but not empty, binary or plain files. */
class LineEndsTest {
    private static String why(String s) {
        return LineEnds.notMail(s.getBytes(ISO_8859_1));
    }

    @Test
    void messagesThatServersHoldLookLikeMail() {
        assertNull(why("Subject: ok\r\n\r\nbody\r\n"));
        assertNull(why("Subject :obsolete syntax, space before the colon\nFrom: a@x\n\nx\n"), "RFC 5322 obs-optional");
        assertNull(why("Subject\t: tab before the colon\n\nx\n"));
        assertNull(LineEnds.notMail("\uFEFFFrom: bom@x.org\r\n\r\nx\r\n".getBytes(UTF_8)), "a UTF-8 byte-order mark first");
        assertNull(why("From bob@x.org Mon Jan  1 00:00:00 2024\nFrom: bob@x.org\n\nx\n"), "an mbox From line first");
        assertNull(why("From : a@x\n\nobsolete From header, not a From line\n"));
        assertNull(why("F\u00e9\u00e8ld: 8-bit bytes in the name\n\nx\n"));
        assertNull(why("Subject:\n folded at once\n\nx\n"));
    }

    @Test
    void whatIsClearlyNotMailIsRefusedWithAReason() {
        assertEquals("is empty", why(""));
        assertEquals("holds binary data (a NUL byte), not mail", why("Subject: x\n\n\u0000\u0001\u0002"));
        assertEquals("does not start with a message header", why("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n"));
        assertEquals("does not start with a message header", why("this is not mail, just notes\n"));
        assertEquals("does not start with a message header", why("these are notes: with a colon\n"));
        assertEquals("does not start with a message header", why("From bob@x.org Mon Jan  1 00:00:00 2024\n\nno header\n"));
        assertEquals("does not start with a message header", why(": no name\n\nx\n"));
        assertEquals("does not start with a message header", why(" Subject: a continuation first\n\nx\n"));
        assertEquals("does not start with a message header", why("Sub\u001bject: an escape in the name\n"));
    }
}

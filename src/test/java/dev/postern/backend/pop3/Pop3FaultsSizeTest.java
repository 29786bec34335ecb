package dev.postern.backend.pop3;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A RETR's message is taken at once when LIST's size is one a server gives for it (no NOOP round trip): Dovecot counts
 * the message's CRLF octets and no dot-stuffing, so a message with a line starting with "." must match as it is (hunt
 * 33-R, R2: every such message cost a NOOP, 500 in a 500-message fetch); a message cut short matches none.
 */
class Pop3FaultsSizeTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aMessageWithALineStartingWithADotMatchesItsListSize() {
        byte[] got = bytes("Subject: x\r\n\r\n.hidden line\r\n..two dots\r\nend\r\n");
        assertTrue(Pop3Faults.matches(got, got.length), "Dovecot: CRLF octets, no stuffing");
        assertTrue(Pop3Faults.matches(got, got.length + 2), "a server that counts the wire's stuffing");
        assertTrue(Pop3Faults.matches(got, got.length - 5), "a server that counts bare LF line ends");
        assertTrue(Pop3Faults.matches(got, got.length - 5 + 2), "bare LF with the stuffing");
    }

    @Test
    void aMessageCutShortMatchesNoneOfThem() {
        byte[] whole = bytes("Subject: x\r\n\r\nfirst\r\n.\r\nthe rest after a stray dot\r\n");
        byte[] cut = bytes("Subject: x\r\n\r\nfirst\r\n");
        assertFalse(Pop3Faults.matches(cut, whole.length));
        assertFalse(Pop3Faults.matches(cut, whole.length - 5));
    }
}

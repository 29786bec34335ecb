package dev.postern.compose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Sent copy's Bcc line (hunt 37-P, P3), worked out from the bytes and the envelope as a flushed message has them. */
class SentCopyTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theEnvelopeRecipientsToAndCcDoNotNameGoInABccLineInFront() {
        byte[] raw = b("From: a@x\r\nTo: \"Doe, J\" <Bob@X>, team: carol@x;\r\nCc: dave@x\r\nSubject: s\r\n\r\nbody\r\n");
        byte[] copy = SentCopy.of(raw, List.of("bob@x", "carol@x", "dave@x", "eve@x", "frank@x", "EVE@x"));
        assertEquals("Bcc: eve@x, frank@x\r\n" + new String(raw, StandardCharsets.UTF_8), new String(copy, StandardCharsets.UTF_8));
    }

    @Test
    void noBlindCopyAnExistingBccOrAnUnreadableToLeavesTheBytesAsTheyWent() {
        byte[] raw = b("From: a@x\r\nTo: bob@x\r\n\r\nbody\r\n");
        assertArrayEquals(raw, SentCopy.of(raw, List.of("bob@x")));
        byte[] withBcc = b("From: a@x\r\nTo: bob@x\r\nBcc: eve@x\r\n\r\nbody\r\n");
        assertArrayEquals(withBcc, SentCopy.of(withBcc, List.of("bob@x", "eve@x")));
        byte[] broken = b("From: a@x\r\nTo: bob@x, \"unclosed <c@x>\r\n\r\nbody\r\n");
        assertArrayEquals(broken, SentCopy.of(broken, List.of("bob@x", "c@x")), "a To recipient is never shown as blind-copied");
    }
}

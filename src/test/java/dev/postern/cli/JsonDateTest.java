package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.pop3.Pop3Mapper;
import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * JSON dates are UTC to the second, as IMAP's (a Date header's) are: a POP3 message with no usable Date took its fetch
 * time, and list --json showed it with nanoseconds (hunt 33-Z, Z18).
 */
class JsonDateTest {
    private static final Instant FETCHED = Instant.parse("2026-12-06T17:35:36.282116881Z");

    @Test
    void aPop3MessageWithoutADateIsDatedToTheSecondItWasFetched() {
        byte[] raw = "From: a@example.org\r\nSubject: no date\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        Envelope e = Pop3Mapper.envelope(new MessageRef("home", "INBOX", 1, 1), raw, raw.length, FETCHED);
        assertEquals(Instant.parse("2026-12-06T17:35:36Z"), e.date());
    }

    @Test
    void aStoredDateWithNanosecondsIsWrittenToTheSecond() {
        Envelope e = new Envelope(new MessageRef("home", "INBOX", 1, 1), null, FETCHED, "a@example.org", null, null, "s", 10,
                Flags.NONE, null, null, null);
        assertEquals("2026-12-06T17:35:36Z", ListCommand.jsonOf(e).get("date"));
        StringBuilder sb = new StringBuilder();
        ListCommand.appendJson(sb, e, false);
        assertTrue(sb.toString().contains("\"date\":\"2026-12-06T17:35:36Z\""), sb.toString());
    }
}

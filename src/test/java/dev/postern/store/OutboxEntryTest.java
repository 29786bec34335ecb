package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outbox record counts failed attempts, and still reads records written before it did. */
class OutboxEntryTest {
    private final OutboxEntry queued = new OutboxEntry(0, "work", "a@x", List.of("b@x", "c@x"),
            "Subject: s\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII), 1234L, "refused");

    @Test
    void aQueuedMessageHasFailedOnceAndEveryRecordedFailureCounts() {
        assertEquals(1, queued.attempts());
        OutboxEntry again = queued.withLastError("time-out").withLastError("refused again");
        assertEquals(3, again.attempts());
        assertEquals("refused again", again.lastError());
        OutboxEntry back = OutboxEntry.decode(7, "work", again.withId(7).encode());
        assertEquals(3, back.attempts());
        assertEquals(List.of("b@x", "c@x"), back.recipients());
        assertArrayEquals(queued.raw(), back.raw());
        assertEquals(1234L, back.queuedAtMillis());
    }

    @Test
    void aVersionOneRecordReadsAsOneAttempt() {
        byte[] v2 = queued.withLastError("x").encode();
        byte[] v1 = Arrays.copyOf(v2, v2.length - 4); // version 1 ended with the message bytes
        v1[0] = 1;
        OutboxEntry old = OutboxEntry.decode(3, "work", v1);
        assertEquals(1, old.attempts());
        assertEquals("x", old.lastError());
        assertArrayEquals(queued.raw(), old.raw());
    }
}

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
        byte[] v3 = queued.withLastError("x").encode();
        byte[] v1 = Arrays.copyOf(v3, v3.length - 5); // version 1 ended with the message bytes
        v1[0] = 1;
        OutboxEntry old = OutboxEntry.decode(3, "work", v1);
        assertEquals(1, old.attempts());
        assertEquals("x", old.lastError());
        assertArrayEquals(queued.raw(), old.raw());
    }

    @Test
    void aMessageSetAsideKeepsItsStateAndAVersionTwoRecordWaits() {
        OutboxEntry refused = queued.withLastError("550 no").withState(OutboxEntry.State.REFUSED);
        assertEquals(OutboxEntry.State.REFUSED, OutboxEntry.decode(4, "work", refused.encode()).state());
        assertEquals(OutboxEntry.State.UNCONFIRMED, OutboxEntry.decode(4, "work",
                queued.withState(OutboxEntry.State.UNCONFIRMED).encode()).state());
        byte[] v3 = refused.encode();
        byte[] v2 = Arrays.copyOf(v3, v3.length - 1); // version 2 ended with the attempts
        v2[0] = 2;
        OutboxEntry old = OutboxEntry.decode(5, "work", v2);
        assertEquals(OutboxEntry.State.WAITING, old.state());
        assertEquals(2, old.attempts());
    }
}

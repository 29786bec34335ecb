package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {
    final MessageRef ref = new MessageRef("a", "INBOX", 1, 42);
    final Envelope envelope = TestEnvelopes.envelope(ref, Instant.ofEpochSecond(1_700_000_000L), false);

    @Test
    void recordStartsWithTheFormatVersionAndHoldsNoJavaSerialization() {
        byte[] record = EnvelopeCodec.encode(envelope);
        assertEquals(EnvelopeCodec.VERSION, record[0]);
        assertTrue(record.length < 120, "record is " + record.length + " bytes");
        assertEquals(envelope, EnvelopeCodec.decode(ref, record));
    }

    @Test
    void aRecordFromAnUnknownVersionIsADataError() {
        byte[] record = EnvelopeCodec.encode(envelope);
        record[0] = 9;
        PosternException e = assertThrows(PosternException.class, () -> EnvelopeCodec.decode(ref, record));
        assertEquals(ExitCode.DATAERR, e.exitCode());
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    }

    @Test
    void aTruncatedRecordIsADataError() {
        byte[] record = EnvelopeCodec.encode(envelope);
        byte[] cut = Arrays.copyOf(record, record.length / 2);
        assertEquals(ExitCode.DATAERR,
                assertThrows(PosternException.class, () -> EnvelopeCodec.decode(ref, cut)).exitCode());
    }
}

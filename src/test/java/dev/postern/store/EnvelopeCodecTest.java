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

    /** The arrival (version 2) comes back as it went; a version 1 record, written before postern kept it, reads without one. */
    @Test
    void theArrivalComesBackAndAVersionOneRecordReadsWithoutIt() {
        Envelope arrived = envelope.withArrived(Instant.ofEpochSecond(1_790_000_000L));
        assertEquals(arrived, EnvelopeCodec.decode(ref, EnvelopeCodec.encode(arrived)));
        assertEquals(2, EnvelopeCodec.VERSION);
        assertEquals(envelope, EnvelopeCodec.decode(ref, versionOne(envelope)));
        assertEquals(null, EnvelopeCodec.decode(ref, versionOne(envelope)).arrived());
    }

    /** {@code e} as postern wrote it before version 2: the same fields, no arrival at the end. */
    static byte[] versionOne(Envelope e) {
        if (e.arrived() != null) throw new IllegalArgumentException("a version 1 record has no arrival");
        byte[] v2 = EnvelopeCodec.encode(e);
        byte[] v1 = Arrays.copyOf(v2, v2.length - 1); // the arrival's "none" marker
        v1[0] = 1;
        return v1;
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

    @Test
    void textOfEveryKindAndLengthComesBackAsItWent() {
        StringBuilder long_ = new StringBuilder();
        for (int i = 0; i < 3_000; i++) long_.append("ab\u00e9\u4e2d\ud83d\ude00 ".charAt(i % 7));
        String lone = "x\ud800y\udc00z"; // lone surrogates: kept, not turned into '?'
        java.util.List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) many.add("r" + i + "@\u00e9xample.org");
        Envelope e = new Envelope(ref, lone, Instant.ofEpochSecond(1_700_000_000L, 123), "\u00c9ric <e@x.org>", many,
                java.util.List.of("", lone), long_.toString(), Long.MAX_VALUE,
                new dev.postern.model.Flags(java.util.EnumSet.of(dev.postern.model.Flag.FLAGGED), java.util.Set.of("$Label1", "\u00e9t\u00e9")),
                "<r@x>", many, "ab".repeat(32));
        byte[] record = EnvelopeCodec.encode(e);
        assertEquals(e, EnvelopeCodec.decode(ref, record));
        for (int cut = 1; cut < record.length; cut += 997) { // every prefix is damage, never a wrong envelope
            byte[] part = Arrays.copyOf(record, cut);
            assertEquals(ExitCode.DATAERR, assertThrows(PosternException.class, () -> EnvelopeCodec.decode(ref, part)).exitCode());
        }
    }
}

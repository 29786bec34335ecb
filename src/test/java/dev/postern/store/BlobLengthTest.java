package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** blobLength reads a body's raw length from its header, compressed or stored as is, without unpacking it. */
class BlobLengthTest {
    @TempDir Path dir;

    @Test
    void rawLengthOfCompressedAndStoredBlobsAndNothingForAnUnknownHash() {
        try (MapDbStore store = MapDbStore.open(dir)) {
            store.putEnvelopes(List.of(TestEnvelopes.envelope("a", "F", 1, 1, 1_000, false),
                    TestEnvelopes.envelope("a", "F", 1, 2, 2_000, false)));
            byte[] text = "Subject: x\r\n\r\n".concat("hello world ".repeat(1000)).getBytes(StandardCharsets.US_ASCII);
            byte[] noise = new byte[777];
            new Random(7).nextBytes(noise);
            String h1 = store.attachBody(TestEnvelopes.ref("a", "F", 1, 1), text);
            String h2 = store.attachBody(TestEnvelopes.ref("a", "F", 1, 2), noise);
            store.commit();
            assertEquals(OptionalLong.of(text.length), store.blobLength(h1));
            assertEquals(OptionalLong.of(noise.length), store.blobLength(h2));
            assertTrue(store.blobLength("0".repeat(64)).isEmpty());
        }
    }
}

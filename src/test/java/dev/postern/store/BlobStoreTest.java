package dev.postern.store;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The blob format on its own, over plain maps, so that damage can be injected byte by byte. */
class BlobStoreTest {
    final Map<String, BlobRecord.Slice> packed = new HashMap<>();
    final BlobStore blobs = new BlobStore(packed, new HashMap<>());

    @Test
    void compressibleBodiesAreDeflatedAndIncompressibleOnesStoredWithOneMarkerByte() {
        byte[] text = "Subject: hello\r\n\r\nsame line again\r\n".repeat(100).getBytes(US_ASCII);
        byte[] noise = new byte[10_000];
        new Random(3).nextBytes(noise);

        String textHash = blobs.acquire(text);
        String noiseHash = blobs.acquire(noise);

        assertEquals(1, packed.get(textHash).array()[0], "deflated marker");
        assertTrue(packed.get(textHash).length() < text.length / 5, "deflated size " + packed.get(textHash).length());
        assertEquals(0, packed.get(noiseHash).array()[0], "stored marker");
        assertEquals(noise.length + 1, packed.get(noiseHash).length());
        assertArrayEquals(text, blobs.get(textHash).orElseThrow());
        assertArrayEquals(noise, blobs.get(noiseHash).orElseThrow());
    }

    @Test
    void aDamagedBlobIsReportedNotReturned() {
        byte[] text = "From: a@x\r\n\r\nbody\r\n".repeat(50).getBytes(US_ASCII);
        String hash = blobs.acquire(text);
        packed.get(hash).array()[packed.get(hash).length() / 2] ^= 0x55;

        PosternException e = assertThrows(PosternException.class, () -> blobs.get(hash));
        assertEquals(ExitCode.DATAERR, e.exitCode());
        assertTrue(e.getMessage().contains(hash), e.getMessage());
    }

    @Test
    void aStoredBlobWithAFlippedBitFailsItsHashCheck() {
        byte[] noise = new byte[4096];
        new Random(5).nextBytes(noise);
        String hash = blobs.acquire(noise);
        packed.get(hash).array()[100] ^= 1;

        assertEquals(ExitCode.DATAERR, assertThrows(PosternException.class, () -> blobs.get(hash)).exitCode());
    }

    @Test
    void downloadingADamagedBodyAgainRepairsIt() {
        byte[] text = "From: a@x\r\n\r\nbody\r\n".repeat(50).getBytes(US_ASCII);
        String hash = blobs.acquire(text);
        packed.put(hash, BlobRecord.Slice.of(new byte[] {1, 2}));

        blobs.acquire(text);

        assertArrayEquals(text, blobs.get(hash).orElseThrow());
        assertEquals(2, blobs.refCount(hash));
    }
}

package dev.postern.store;

import static dev.postern.store.TestEnvelopes.envelope;
import static dev.postern.store.TestEnvelopes.ref;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbStoreBlobTest {
    private static final byte[] MESSAGE = ("From: a@x\r\nMessage-ID: <same@x>\r\nSubject: caf\u00e9\r\n\r\n"
            + "line one\r\nbare LF\nnul:\u0000 high:\u00ff\u0080\r\n").repeat(20).getBytes(ISO_8859_1);

    @TempDir Path dir;
    MapDbStore store;
    final MessageRef inbox = ref("work", "INBOX", 1, 10);
    final MessageRef archive = ref("work", "Archive", 3, 20);
    final MessageRef otherAccount = ref("home", "INBOX", 1, 10);

    @BeforeEach
    void open() {
        store = MapDbStore.open(dir);
        store.putEnvelopes(List.of(envelope(inbox, null, false), envelope(archive, null, false), envelope(otherAccount, null, false)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void sameBytesUnderTwoRefsAreOneBlobWithTwoReferences() throws Exception {
        String h1 = store.attachBody(inbox, MESSAGE);
        String h2 = store.attachBody(otherAccount, MESSAGE.clone());

        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(MESSAGE)), h1);
        assertEquals(h1, h2);
        assertEquals(1, store.blobCount());
        assertEquals(2, store.blobRefCount(h1));
        assertEquals(h1, store.envelope(inbox).orElseThrow().bodyHash());
        assertEquals(h1, store.envelope(otherAccount).orElseThrow().bodyHash());
    }

    @Test
    void attachingTheSameBodyTwiceToOneEnvelopeCountsOnce() {
        String h = store.attachBody(inbox, MESSAGE);
        store.attachBody(inbox, MESSAGE);
        assertEquals(1, store.blobRefCount(h));
    }

    @Test
    void blobLivesUntilItsLastReferenceIsRemoved() {
        String h = store.attachBody(inbox, MESSAGE);
        store.attachBody(archive, MESSAGE);

        store.removeEnvelopes(List.of(inbox));
        assertEquals(1, store.blobRefCount(h));
        assertArrayEquals(MESSAGE, store.blob(h).orElseThrow());
        assertArrayEquals(MESSAGE, store.body(archive).orElseThrow());

        store.removeEnvelopes(List.of(archive));
        assertEquals(0, store.blobRefCount(h));
        assertEquals(0, store.blobCount());
        assertEquals(Optional.empty(), store.blob(h));
    }

    @Test
    void removeFolderReleasesTheBodiesOfItsEnvelopes() {
        String shared = store.attachBody(inbox, MESSAGE);
        store.attachBody(archive, MESSAGE);
        byte[] only = "only in archive\r\n".getBytes(ISO_8859_1);
        MessageRef archived2 = ref("work", "Archive", 3, 21);
        store.putEnvelopes(List.of(envelope(archived2, null, true)));
        String onlyHash = store.attachBody(archived2, only);

        store.removeFolder("work", "Archive");

        assertEquals(1, store.blobRefCount(shared));
        assertEquals(0, store.blobRefCount(onlyHash));
        assertEquals(Optional.empty(), store.blob(onlyHash));
        assertArrayEquals(MESSAGE, store.body(inbox).orElseThrow());
    }

    @Test
    void differentBytesWithTheSameMessageIdAreTwoBlobs() {
        byte[] other = new String(MESSAGE, ISO_8859_1).replace("line one", "line 1!!").getBytes(ISO_8859_1);
        String h1 = store.attachBody(inbox, MESSAGE);
        String h2 = store.attachBody(archive, other);

        assertNotEquals(h1, h2);
        assertEquals(2, store.blobCount());
        assertArrayEquals(MESSAGE, store.body(inbox).orElseThrow());
        assertArrayEquals(other, store.body(archive).orElseThrow());
    }

    @Test
    void bodiesComeBackBitForBitAfterReopen() {
        byte[] incompressible = new byte[200_000];
        new Random(42).nextBytes(incompressible);
        byte[] empty = new byte[0];
        MessageRef third = ref("work", "INBOX", 1, 11);
        store.putEnvelopes(List.of(envelope(third, null, false)));
        store.attachBody(inbox, MESSAGE);
        store.attachBody(archive, incompressible);
        store.attachBody(third, empty);
        store.commit();
        store.close();
        store = MapDbStore.open(dir);

        assertArrayEquals(MESSAGE, store.body(inbox).orElseThrow());
        assertArrayEquals(incompressible, store.body(archive).orElseThrow());
        assertArrayEquals(empty, store.body(third).orElseThrow());
        assertEquals(Optional.empty(), store.body(otherAccount));
        assertEquals(Optional.empty(), store.body(ref("work", "INBOX", 1, 999)));
    }

    @Test
    void compressibleBodiesTakeLessSpaceThanTheirBytes() {
        byte[] big = "0123456789 abcdefghij\r\n".repeat(200_000).getBytes(ISO_8859_1); // ~4.6 MB
        store.attachBody(inbox, big);
        store.commit();
        long fileSize = store.file().toFile().length();
        assertTrue(fileSize < big.length / 2, "store file is " + fileSize + " bytes for a " + big.length + "-byte body");
        assertArrayEquals(big, store.body(inbox).orElseThrow());
    }

    @Test
    void replacingABodyReleasesTheOldOne() {
        String old = store.attachBody(inbox, MESSAGE);
        String fresh = store.attachBody(inbox, "new\r\n".getBytes(ISO_8859_1));
        assertEquals(0, store.blobRefCount(old));
        assertEquals(1, store.blobRefCount(fresh));
        assertEquals(1, store.blobCount());
    }

    @Test
    void envelopeNamingAStoredBodyTakesAReferenceAndKeepsItOnReplace() {
        String h = store.attachBody(inbox, MESSAGE);
        MessageRef moved = ref("work", "INBOX", 2, 1); // same message found under a new UIDVALIDITY
        store.putEnvelopes(List.of(envelope(moved, null, false).withBodyHash(h)));
        assertEquals(2, store.blobRefCount(h));

        store.putEnvelopes(List.of(envelope(inbox, null, true))); // refresh without a hash keeps the body
        assertEquals(h, store.envelope(inbox).orElseThrow().bodyHash());
        assertEquals(2, store.blobRefCount(h));

        store.removeEnvelopes(List.of(inbox));
        assertArrayEquals(MESSAGE, store.body(moved).orElseThrow());
    }

    @Test
    void aBatchThatMovesABodyBetweenEnvelopesKeepsIt() {
        String h = store.attachBody(inbox, MESSAGE);
        String other = store.attachBody(archive, "x\r\n".getBytes(ISO_8859_1));
        Envelope repointed = envelope(inbox, null, false).withBodyHash(other); // inbox drops h's last reference
        Envelope takesOver = envelope(archive, null, false).withBodyHash(h);
        store.putEnvelopes(List.of(repointed, takesOver));

        assertEquals(1, store.blobRefCount(h));
        assertEquals(1, store.blobRefCount(other));
        assertArrayEquals(MESSAGE, store.body(archive).orElseThrow());
    }

    @Test
    void envelopeNamingAnUnknownBodyIsRefused() {
        Envelope bogus = envelope(ref("work", "INBOX", 1, 50), null, false).withBodyHash("00".repeat(32));
        assertThrows(IllegalArgumentException.class, () -> store.putEnvelopes(List.of(bogus)));
        assertEquals(Optional.empty(), store.envelope(bogus.ref()));
    }

    @Test
    void attachingABodyToAnUncachedEnvelopeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> store.attachBody(ref("work", "INBOX", 1, 404), MESSAGE));
        assertEquals(0, store.blobCount());
    }
}

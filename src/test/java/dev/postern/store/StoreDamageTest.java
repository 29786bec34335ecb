package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real store damaged on disk: truncated, or bytes flipped in the middle. Truncation is caught at open;
 * flipped bytes inside a record (MapDB keeps no checksums, and reading everything at open would cost the
 * fast open) are caught when the record is read. Either way the message names the file and says what to
 * do, the file is left as it was, and {@code verify} lists the damage instead of stopping at it.
 */
class StoreDamageTest {
    @TempDir Path dir;

    private Path filledStore() {
        try (MapDbStore s = MapDbStore.open(dir)) {
            ScaleFolder.fill(s, 5_000, 1_000);
            s.attachBody(new MessageRef(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER, ScaleFolder.UID_VALIDITY, 7), new byte[200_000]);
            s.commit();
        }
        return dir.resolve(MapDbStore.FILE_NAME);
    }

    @Test
    void aStoreCutToHalfIsMovedAsideAtOpenWithItsNameAndKeptAsItWas() throws Exception {
        Path file = filledStore();
        byte[] bytes = Files.readAllBytes(file);
        // The store grows in whole MiB: half of it plus a little is not (half of a store of an even number of MiB
        // would be, and is then found damaged by MapDB, not by the cut-off check this test is about).
        byte[] half = Arrays.copyOf(bytes, bytes.length / 2 + 12_345);
        Files.write(file, half);

        List<String> notices = new java.util.ArrayList<>();
        try (MapDbStore s = MapDbStore.open(dir, () -> { }, notices::add)) {
            assertEquals(0, s.count(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER), "a new store");
        }
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).startsWith("the store " + file.toAbsolutePath() + " was damaged (it is cut off"), notices.get(0));
        Path aside;
        try (var files = Files.list(dir)) {
            aside = files.filter(p -> p.getFileName().toString().startsWith("store.db.damaged-")).findFirst().orElseThrow();
        }
        assertArrayEquals(half, Files.readAllBytes(aside), "never truncated further or rewritten");
    }

    @Test
    void bytesFlippedInTheMiddleAreReportedWithTheFileAndVerifyListsThem() throws Exception {
        Path file = filledStore();
        byte[] bytes = Files.readAllBytes(file);
        // The middle message's live envelope record (found by its subject), not the file's middle byte: where
        // that falls (free space, a freed older node) moves with any change to the file's layout.
        // (ISO-8859-1 reads one char a byte, so the char index is the byte offset.)
        int mid = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf(ScaleFolder.envelope(2_500, 5_000).subject()) - 32;
        assertTrue(mid > 0, "the middle message's envelope is in the file as written");
        for (int i = 0; i < 64; i++) bytes[mid + i] ^= (byte) 0x5A;
        Files.write(file, bytes);

        MapDbStore s;
        try {
            s = MapDbStore.open(dir);
        } catch (PosternException e) {
            throw new AssertionError("a store with a damaged record opens: " + e.getMessage(), e);
        }
        try (s) {
            PosternException e = null;
            try {
                for (int off = 0; off < 5_000; off += 500) s.page(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER, off, 500);
            } catch (PosternException found) {
                e = found;
            }
            assertTrue(e != null, "reading every envelope meets the damage");
            assertEquals(ExitCode.DATAERR, e.exitCode());
            assertTrue(e.getMessage().startsWith("the store " + file.toAbsolutePath() + " is damaged"), e.getMessage());
            assertTrue(e.getMessage().contains("postern store verify") && e.getMessage().contains("backup"), e.getMessage());

            List<BlobDamage> damage = s.verify();
            assertFalse(damage.isEmpty(), "verify reports the damage instead of stopping at it");
            assertTrue(damage.stream().anyMatch(d -> d.hash() == null && !d.messages().isEmpty()
                    && d.problem().startsWith("its envelope cannot be read")), damage.toString());
        }
    }
}

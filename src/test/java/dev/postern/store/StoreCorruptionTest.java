package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store whose bytes were damaged behind postern's back (a bad disk, a copy cut short, an older postern's
 * crash) is never a stack trace, an "internal error" or a walk without end: each read either answers or
 * fails as damage (65) or the system's (74), and {@code verify} ends and names what it found.
 */
class StoreCorruptionTest {
    @TempDir Path dir;

    @Test
    void randomlyDamagedPagesGiveDamageNeverACrashOrASpin() throws Exception {
        Path good = dir.resolve("good");
        try (MapDbStore store = MapDbStore.open(good)) {
            Random r = new Random(5);
            for (long uid = 1; uid <= 400; uid++) {
                MessageRef ref = new MessageRef("a", "INBOX", 1, uid);
                store.putEnvelopes(List.of(TestEnvelopes.envelope(ref, Instant.ofEpochSecond(uid), false)));
                byte[] body = new byte[200 + r.nextInt(6000)];
                r.nextBytes(body);
                store.attachBody(ref, body);
                if (uid % 50 == 0) store.commit();
            }
            store.commit();
        }
        long size = Files.size(good.resolve("store.db"));
        int outcomes = 0;
        int damageSeen = 0;
        for (int seed = 0; seed < 30; seed++) {
            Path data = dir.resolve("d" + seed);
            Files.createDirectories(data);
            Files.copy(good.resolve("store.db"), data.resolve("store.db"), StandardCopyOption.REPLACE_EXISTING);
            Random r = new Random(seed);
            try (FileChannel ch = FileChannel.open(data.resolve("store.db"), StandardOpenOption.WRITE)) {
                for (int i = 0; i < 3; i++) {
                    byte[] junk = new byte[16 + r.nextInt(512)];
                    r.nextBytes(junk);
                    // past MapDB's header page: damage to the header is the open's business (StoreRecoveryTest)
                    long at = 4096 + (long) (r.nextDouble() * (size - 4096 - junk.length));
                    ch.write(ByteBuffer.wrap(junk), at);
                }
            }
            List<String> notices = new ArrayList<>();
            int s = seed;
            boolean damaged = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> exercise(data, notices),
                    () -> "seed " + s + ": a read or verify of the damaged store did not end");
            outcomes++;
            if (damaged || !notices.isEmpty()) damageSeen++;
        }
        assertEquals(30, outcomes);
        assertTrue(damageSeen > 0, "some of the damage was found (else the test damaged nothing that is read)");
    }

    /** Reads everything; true when damage was reported. Any exception but a PosternException fails the test. */
    private static boolean exercise(Path data, List<String> notices) {
        boolean damaged = false;
        try (MapDbStore store = MapDbStore.open(data, () -> { }, notices::add)) {
            try {
                damaged |= !store.verify().isEmpty();
            } catch (PosternException e) {
                damaged = true;
                assertDamage(e);
            }
            for (long uid = 1; uid <= 400; uid++) {
                try {
                    store.envelope(new MessageRef("a", "INBOX", 1, uid));
                    store.body(new MessageRef("a", "INBOX", 1, uid));
                } catch (PosternException e) {
                    damaged = true;
                    assertDamage(e);
                }
            }
            try {
                store.page("a", "INBOX", 0, 500);
                store.uidls("a");
                store.folders("a");
            } catch (PosternException e) {
                damaged = true;
                assertDamage(e);
            }
        } catch (PosternException e) {
            assertDamage(e);
            damaged = true;
        }
        return damaged;
    }

    private static void assertDamage(PosternException e) {
        assertTrue(e.exitCode() == ExitCode.DATAERR || e.exitCode() == ExitCode.IOERR, e.exitCode() + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("\n\tat "), e.getMessage());
    }
}

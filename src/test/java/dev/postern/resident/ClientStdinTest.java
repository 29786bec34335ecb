package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a client keeps of the stdin it gave a sending command whose owner was lost (hunt 36-K; SendOwnerLostTest end to end). */
class ClientStdinTest {
    @TempDir Path dir;

    private Map<String, String> env() {
        return Map.of("XDG_STATE_HOME", dir.resolve("state").toString(), "HOME", dir.toString());
    }

    private Path drafts() {
        return dir.resolve("state/postern/drafts");
    }

    @Test
    void chunksPastWhatIsHeldInMemoryAndTheUnreadRestAreKeptOnceInOrder() throws Exception {
        byte[] all = new byte[ClientStdin.MEMORY + (ClientStdin.MEMORY >> 1) + 12345];
        for (int i = 0; i < all.length; i++) all[i] = (byte) (i * 31 + i / 7);
        ClientStdin given = new ClientStdin(env());
        int relayed = ClientStdin.MEMORY + 1000; // past the memory: a spool, unlinked
        for (int at = 0; at < relayed; at += 65536) given.relayed(all, at, Math.min(65536, relayed - at));
        assertTrue(Files.isDirectory(drafts()));
        try (var s = Files.list(drafts())) {
            assertEquals(0, s.count(), "the spool has no name");
        }
        ByteArrayInputStream rest = new ByteArrayInputStream(all, relayed, all.length - relayed);
        String said = given.keep(rest, true);
        Path kept;
        try (var s = Files.list(drafts())) {
            kept = s.findFirst().orElseThrow();
        }
        assertEquals(" The text given to it on standard input is kept in " + kept + "; it may or may not have gone out.", said);
        assertArrayEquals(all, Files.readAllBytes(kept));
        assertEquals(said, given.keep(rest, true), "asked again (an owner dead as it was given up): the same, no second file");
        try (var s = Files.list(drafts())) {
            assertEquals(1, s.count());
        }
        given.drop();
        assertTrue(Files.exists(kept), "dropped after it was kept: the file stays");
    }

    @Test
    void nothingGivenKeepsNothingAndMakesNoDirectory() {
        ClientStdin given = new ClientStdin(env());
        given.relayed(new byte[10], 0, 0);
        assertEquals("", given.keep(new ByteArrayInputStream(new byte[0]), true));
        assertFalse(Files.exists(dir.resolve("state")), "nothing made");
        ClientStdin small = new ClientStdin(env());
        small.relayed("hello\n".getBytes(), 0, 6);
        small.drop(); // the command ended
        assertFalse(Files.exists(dir.resolve("state")), "a command that ended writes nothing");
    }
}

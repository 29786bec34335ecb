package dev.postern.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A command's last output is still in the pipe when the JDK reports its end; the clean-up of what it left behind must
 * not close that pipe under the reader (it did: ci of 2026-12-06, "token_command ... could not be read (Stream
 * closed)"). 700 KB leaves up to a pipe's worth (64 KB) unread at every exit, so each run is exposed to the race.
 */
class ExternalCommandOutputTest {
    @Test
    void everyByteOfAnEndedCommandIsRead() {
        for (int i = 0; i < 15; i++) {
            byte[] out = ExternalCommand.run("a", "token_command", "head -c 700000 /dev/zero | tr '\\0' x", List.of(),
                    new byte[0], Duration.ofSeconds(20));
            assertEquals(700000, out.length, "run " + i);
        }
    }
}

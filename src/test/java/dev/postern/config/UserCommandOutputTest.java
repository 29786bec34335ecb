package dev.postern.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A helper command's last output is still in the pipe when the JDK reports its end; cleaning up what it left behind
 * must not close that pipe under the reader, which cut the output short without a word (a signature, an address
 * book). 700 KB leaves up to a pipe's worth unread at every exit, so each run is exposed to the race.
 */
class UserCommandOutputTest {
    @Test
    void everyByteOfAnEndedCommandIsRead() {
        for (int i = 0; i < 15; i++) {
            String out = UserCommand.shell("signature_command", "head -c 700000 /dev/zero | tr '\\0' x", List.of(),
                    Duration.ofSeconds(20));
            assertEquals(700000, out.length(), "run " + i);
        }
    }
}

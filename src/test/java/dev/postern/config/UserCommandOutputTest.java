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

    /** Hunt 43-R, R8: a command that names no program says so, and what to check, not Java's "error=2". */
    @Test
    void aCommandThatIsNotThereIsSaidInWords() {
        dev.postern.model.PosternException e = org.junit.jupiter.api.Assertions.assertThrows(dev.postern.model.PosternException.class,
                () -> UserCommand.run("new_mail_command", List.of("postern-no-such-hook-43"), java.util.Map.of(), Duration.ofSeconds(5)));
        assertEquals("new_mail_command (postern-no-such-hook-43) was not found; check new_mail_command in the config.", e.getMessage());
    }
}

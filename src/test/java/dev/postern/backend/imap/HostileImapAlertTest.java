package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 3501: the text of an untagged [ALERT] "MUST be presented to the user". Gmail and Exchange send them (a mailbox
 * near its quota, maintenance); postern logged nothing of them and showed nothing (hunt28 G10). A batch command now
 * prints each once on stderr at its end, sanitised, and the command's own outcome is unchanged.
 */
class HostileImapAlertTest {
    @TempDir Path dir;

    @Test
    void anAlertDuringACommandIsShownOnceOnStderr() throws Exception {
        try (HostileImap s = new HostileImap()) {
            HostileImap.Answer select = (c, tag, args) -> {
                c.say("* OK [ALERT] Your mailbox is 98% full: \u001b[31mdelete some mail");
                c.say("* NO [ALERT] Your mailbox is 98% full: \u001b[31mdelete some mail");
                s.plainly(c, tag, "SELECT", args);
            };
            s.on("SELECT", select).on("EXAMINE", select);
            Run r = HostileImapAnswersTest.run(dir, s, "", "list");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("hello"), r.toString());
            String said = "postern: account t: the server says: Your mailbox is 98% full: ^[[31mdelete some mail";
            assertEquals(1, r.err().lines().filter(l -> l.equals(said)).count(), r.toString());
        }
    }
}

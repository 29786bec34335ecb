package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder that only holds folders (LIST's {@code \Noselect}: Gmail's {@code [Gmail]}) has no counts: {@code folders}
 * showed it as an empty folder, {@code 0 0 [Gmail]} (hunt28-G G13). It shows "-" and says it only holds other folders; in
 * JSON its "selectable" is false and its counts are null.
 */
@Timeout(60)
class HostileImapContainerFolderTest {
    @TempDir Path dir;

    @Test
    void aNoselectFolderIsListedAsHoldingOnlyFoldersWithoutCounts() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.on("LIST", (c, tag, a) -> {
                if (a.contains("\"\" \"\"")) {
                    c.say("* LIST (\\Noselect) \"/\" \"\"");
                } else {
                    c.say("* LIST (\\HasNoChildren) \"/\" INBOX");
                    c.say("* LIST (\\HasChildren \\Noselect) \"/\" \"[Gmail]\"");
                    c.say("* LIST (\\HasNoChildren \\Sent) \"/\" \"[Gmail]/Sent Mail\"");
                }
                c.say(tag + " OK done");
            });
            Run text = HostileImapAnswersTest.run(dir, s, "", "folders");
            assertEquals(0, text.code(), text.toString());
            assertTrue(text.out().contains("     -      -  [Gmail]  (only holds other folders)"), text.toString());
            assertFalse(text.out().contains("0  [Gmail]\n"), text.toString());
            Run json = HostileImapAnswersTest.run(dir, s, "", "folders", "--json");
            assertEquals(0, json.code(), json.toString());
            String gmail = json.out().lines().filter(l -> l.contains("\"folder\":\"[Gmail]\"")).findFirst().orElseThrow();
            assertTrue(gmail.contains("\"total\":null,\"unread\":null,\"selectable\":false"), gmail);
            String inbox = json.out().lines().filter(l -> l.contains("\"folder\":\"INBOX\"")).findFirst().orElseThrow();
            assertTrue(inbox.contains("\"selectable\":true"), inbox);
        }
    }
}

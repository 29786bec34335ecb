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
 * A message is "no longer on the server" (66) only when the server says so (hunt33-X, X4): a SELECT whose
 * {@code * N EXISTS} line postern cannot read leaves no message number to place the FETCH answer at, and `read` and
 * `flag` said the message was gone, which a script takes as its own mistake. The server still lists it (UID SEARCH):
 * its answer is at fault, 75.
 */
@Timeout(60)
class HostileImapGarbledCountTest {
    @TempDir Path dir;

    @Test
    void aGarbledMessageCountIsTheServersFaultNotAMessageGone() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.uids = new long[] {3, 5, 9};
            assertEquals(0, HostileImapAnswersTest.run(dir, s, "", "list").code());
            s.on("SELECT", (c, tag, a) -> {
                c.say("* 3 EXI\u0000STS");
                c.say("* OK [UIDVALIDITY 42] ok");
                c.say("* OK [UIDNEXT 10] ok");
                c.say(tag + " OK [READ-WRITE] done");
            });
            for (String[] args : new String[][] {{"read", "INBOX", "5"}, {"flag", "INBOX", "5", "--set", "seen"}}) {
                Run r = HostileImapAnswersTest.run(dir, s, "", args);
                assertEquals(75, r.code(), String.join(" ", args) + ": " + r + " " + s.got);
                assertFalse(r.err().contains("no longer"), r.toString());
                assertTrue(r.err().contains("lists message 5 in 'INBOX'"), r.toString());
            }
        }
    }

    @Test
    void aMessageTheServerNoLongerListsIsStillGone() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.uids = new long[] {3, 5, 9};
            assertEquals(0, HostileImapAnswersTest.run(dir, s, "", "list").code());
            s.uids = new long[] {3, 9};
            Run r = HostileImapAnswersTest.run(dir, s, "", "flag", "INBOX", "5", "--set", "seen");
            assertEquals(66, r.code(), r + " " + s.got);
            assertTrue(r.err().contains("no longer in 'INBOX'"), r.toString());
        }
    }
}

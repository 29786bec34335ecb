package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** LIST answers a real server would not give, whose folders must still be usable. */
@Timeout(60)
class HostileImapListTest {
    @TempDir
    Path dir;

    private static HostileImap listing(String... lines) throws Exception {
        return new HostileImap().on("LIST", (c, tag, args) -> {
            if (args.contains("\"\" \"\"")) c.say("* LIST (\\Noselect) \"/\" \"\"");
            else for (String l : lines) c.say(l);
            c.say(tag + " OK done");
        });
    }

    /** RFC 3501 allows a one-character delimiter or NIL; "::" made every folder one named " ". */
    @Test
    void aDelimiterOfTwoCharactersKeepsEveryFolderWhole() throws Exception {
        try (HostileImap s = listing("* LIST () \"::\" INBOX", "* LIST () \"::\" \"Work::Sub\"", "* LIST () \"::\" Work")) {
            Run r = HostileImapAnswersTest.run(dir, s, "", "folders", "--json");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("\"folder\":\"Work::Sub\""), r.toString());
            assertTrue(r.out().contains("\"folder\":\"Work\""), r.toString());
            assertFalse(r.out().contains("\"folder\":\" \""), r.toString());
            Run list = HostileImapAnswersTest.run(dir, s, "", "list", "Work::Sub");
            assertEquals(0, list.code(), list.toString());
            assertTrue(s.got.stream().anyMatch(l -> l.endsWith("SELECT Work::Sub") || l.endsWith("SELECT \"Work::Sub\"")),
                    s.got.toString());
        }
    }

    /** Angus took "trail/" for a namespace and asked for "trail", which the server does not have. */
    @Test
    void aFolderNamedWithATrailingDelimiterIsAskedForAsListed() throws Exception {
        try (HostileImap s = listing("* LIST () \"/\" INBOX", "* LIST () \"/\" \"trail/\"")) {
            Run r = HostileImapAnswersTest.run(dir, s, "", "folders", "--json");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("\"folder\":\"trail/\""), r.toString());
            Run list = HostileImapAnswersTest.run(dir, s, "", "list", "trail/");
            assertEquals(0, list.code(), list.toString());
            assertTrue(s.got.stream().anyMatch(l -> l.endsWith("SELECT trail/") || l.endsWith("SELECT \"trail/\"")),
                    s.got.toString());
        }
    }

    @Test
    void flatDelimiterLeavesAOneCharacterOrNilDelimiterAlone() {
        assertEquals(null, MailboxNames.flatDelimiter("* LIST () \"/\" INBOX"));
        assertEquals(null, MailboxNames.flatDelimiter("* LIST () \"\\\\\" INBOX"));
        assertEquals(null, MailboxNames.flatDelimiter("* LIST () NIL INBOX"));
        assertEquals("* LIST (\\HasNoChildren) NIL \"a::b\"", MailboxNames.flatDelimiter("* LIST (\\HasNoChildren) \"::\" \"a::b\""));
    }
}

package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: CONDSTORE is enabled by the {@code SELECT ... (CONDSTORE)} that opens the folder (RFC 7162 3.1), so no
 * {@code ENABLE CONDSTORE} goes before it (a round trip between the login and the first rows of an empty store); and a
 * server that offers CONDSTORE without ENABLE (RFC 4551's) is synced with CONDSTORE, where Angus's ENABLE failed and
 * the folder was opened without it. A flag changed on the server is then asked for as a change since the last sync.
 */
@Timeout(60)
class CondstoreBySelectTest {
    @TempDir Path dir;

    /** A CONDSTORE server offering {@code capabilities}: SELECT with CONDSTORE answers HIGHESTMODSEQ {@code modseq[0]}. */
    private static HostileImap server(String capabilities, long[] modseq) throws Exception {
        HostileImap s = new HostileImap();
        s.capabilities = capabilities;
        s.on("SELECT", (c, tag, args) -> {
            c.say("* 1 EXISTS");
            c.say("* FLAGS (\\Seen \\Flagged)");
            c.say("* OK [UIDVALIDITY 42] ok");
            c.say("* OK [UIDNEXT 8] ok");
            if (args.toUpperCase(java.util.Locale.ROOT).contains("CONDSTORE")) c.say("* OK [HIGHESTMODSEQ " + modseq[0] + "] ok");
            c.say(tag + " OK [READ-WRITE] done");
        });
        s.on("ENABLE", (c, tag, args) -> c.say("* ENABLED " + args + "\r\n" + tag + " OK enabled"));
        return s;
    }

    private static long count(List<String> got, String what) {
        return got.stream().filter(l -> l.toUpperCase(java.util.Locale.ROOT).contains(what)).count();
    }

    @Test
    void theSelectEnablesCondstoreWithNoEnableBeforeIt() throws Exception {
        for (String caps : new String[] {"IMAP4rev1 UIDPLUS CONDSTORE ENABLE", "IMAP4rev1 UIDPLUS CONDSTORE"}) {
            long[] modseq = {5};
            Path home = java.nio.file.Files.createDirectories(dir.resolve(caps.contains("ENABLE") ? "enable" : "no-enable"));
            try (HostileImap s = server(caps, modseq)) {
                HostileImapAnswersTest.Run first = HostileImapAnswersTest.run(home, s, "", "list");
                assertEquals(0, first.code(), caps + ": " + first);
                assertTrue(first.out().contains("hello"), caps + ": " + first);
                s.flags = "(\\Flagged)";
                modseq[0] = 6;
                HostileImapAnswersTest.Run second = HostileImapAnswersTest.run(home, s, "", "list", "--json");
                assertEquals(0, second.code(), caps + ": " + second);
                assertTrue(second.out().contains("\"flagged\""), caps + ": " + second);
                assertEquals(0, count(s.got, " ENABLE "), caps + ": " + s.got);
                assertEquals(2, count(s.got, "SELECT INBOX (CONDSTORE)"), caps + ": " + s.got);
                assertTrue(count(s.got, "CHANGEDSINCE 5") > 0, caps + ": the change was not asked since the last sync: " + s.got);
            }
        }
    }
}

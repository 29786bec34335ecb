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
 * Folders the server refuses to open during {@code sync} (Gmail's {@code [THROTTLED]} and {@code [OVERQUOTA]},
 * Exchange's "User is authenticated but not connected.", NetEase's "Unsafe Login"): each is named as refused in the
 * server's words, never as "0 messages", and the run fails (75, or the refusal's code) when a refusal is temporary by
 * its response code or no folder could be synced; a forbidden folder among synced ones, or one deleted since it was
 * listed ([NONEXISTENT]), does not fail cron for ever. Found by hunt28-G (G2): every folder refused gave exit 0, ok:true.
 */
@Timeout(60)
class HostileImapSyncRefusalsTest {
    @TempDir Path dir;

    /** {@code sync} against a server listing INBOX and Archive (subscribed), each SELECT/EXAMINE answered by its rule. */
    private Run sync(String inbox, String archive, String... args) throws Exception {
        try (HostileImap s = new HostileImap()) {
            HostileImap.Answer list = (c, tag, a) -> {
                String verb = a.isEmpty() ? "LIST" : null;
                if (a.contains("\"\" \"\"")) {
                    c.say("* LIST (\\Noselect) \"/\" \"\"");
                } else {
                    c.say("* " + (verb == null ? "LIST" : verb) + " () \"/\" INBOX");
                    c.say("* LIST () \"/\" Archive");
                }
                c.say(tag + " OK done");
            };
            s.on("LIST", list);
            s.on("LSUB", (c, tag, a) -> {
                c.say("* LSUB () \"/\" Archive");
                c.say(tag + " OK done");
            });
            HostileImap.Answer open = (c, tag, a) -> {
                String rule = a.toUpperCase(java.util.Locale.ROOT).contains("ARCHIVE") ? archive : inbox;
                if (rule == null) s.plainly(c, tag, "SELECT", a);
                else c.say(tag + " " + rule);
            };
            s.on("SELECT", open);
            s.on("EXAMINE", open);
            String[] all = new String[args.length + 1];
            all[0] = "sync";
            System.arraycopy(args, 0, all, 1, args.length);
            return HostileImapAnswersTest.run(dir, s, "", all);
        }
    }

    @Test
    void aFolderRefusedForNowFailsTheRunTemporarilyAndSaysSoInItsRow() throws Exception {
        Run r = sync(null, "NO [THROTTLED] Account exceeded command or bandwidth limits. (Failure)");
        assertEquals(75, r.code(), r.toString());
        assertTrue(r.out().contains("INBOX") && r.out().contains("1 messages"), r.toString());
        assertTrue(r.out().contains("refused: NO [THROTTLED] Account exceeded"), r.toString());
        assertFalse(r.out().lines().anyMatch(l -> l.contains("Archive") && l.contains("messages")), r.toString());
        assertTrue(r.err().contains("the server refused 1 of 2 folders") && r.err().contains("try again later"), r.toString());
    }

    @Test
    void everyFolderRefusedFailsTheRunWithTheRefusalsCodeAndJsonSaysNotOk() throws Exception {
        Run r = sync("NO [OVERQUOTA] over quota", "NO [OVERQUOTA] over quota", "--json");
        assertEquals(77, r.code(), r.toString());
        assertTrue(r.out().contains("\"refused\":\"NO [OVERQUOTA] over quota\""), r.toString());
        assertTrue(r.out().contains("\"ok\":false") && r.out().contains("\"exit\":77"), r.toString());
        assertTrue(r.out().contains("no folder could be synced"), r.toString());
    }

    @Test
    void everyFolderRefusedWithoutACodeIsTemporary() throws Exception {
        Run r = sync("BAD User is authenticated but not connected.", "BAD User is authenticated but not connected.");
        assertEquals(75, r.code(), r.toString());
        assertTrue(r.out().contains("refused: BAD User is authenticated but not connected."), r.toString());
        assertFalse(r.out().contains("0 messages"), r.toString());
    }

    @Test
    void aForbiddenOrVanishedFolderAmongSyncedOnesDoesNotFailTheRun() throws Exception {
        Run forbidden = sync(null, "NO [NOPERM] not yours");
        assertEquals(0, forbidden.code(), forbidden.toString());
        assertTrue(forbidden.out().contains("refused: NO [NOPERM] not yours"), forbidden.toString());
        Run gone = sync(null, "NO [NONEXISTENT] no such mailbox", "--json");
        assertEquals(0, gone.code(), gone.toString());
        assertTrue(gone.out().contains("\"ok\":true") && gone.out().contains("\"refused\":\"NO [NONEXISTENT]"), gone.toString());
        Run plainNo = sync(null, "NO access denied");
        assertEquals(0, plainNo.code(), plainNo.toString());
    }
}

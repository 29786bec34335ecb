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
 * A body read the server refuses with a response code that says why (Gmail's {@code [THROTTLED]} rate limit,
 * {@code [OVERQUOTA]}) is told in the server's words with the code's exit (75 "try again later", 77), not as "answered NO
 * ...; the server is faulty"; and a BYE that ends a body read is quoted, not replaced by "the connection was lost"
 * (hunt28-G G11).
 */
@Timeout(60)
class HostileImapBodyRefusalsTest {
    @TempDir Path dir;

    private Run readWithBodyAnswered(HostileImap.Answer body) throws Exception {
        try (HostileImap s = new HostileImap()) {
            assertEquals(0, HostileImapAnswersTest.run(dir, s, "", "list").code());
            s.on("UID FETCH", (c, tag, args) -> {
                if (args.toUpperCase(java.util.Locale.ROOT).contains("BODY")) body.answer(c, tag, args);
                else s.plainly(c, tag, "UID FETCH", args);
            });
            return HostileImapAnswersTest.run(dir, s, "", "read", "INBOX", "7");
        }
    }

    @Test
    void aThrottledBodyReadIsATemporaryLimitInTheServersWords() throws Exception {
        Run r = readWithBodyAnswered((c, tag, args) -> c.say(tag + " NO [THROTTLED] Account exceeded command or bandwidth limits."));
        assertEquals(75, r.code(), r.toString());
        assertTrue(r.err().contains("refused to send message 7 in 'INBOX' for now (server said: NO [THROTTLED] Account exceeded"),
                r.toString());
        assertTrue(r.err().contains("try again later"), r.toString());
        assertFalse(r.err().contains("faulty"), r.toString());
    }

    @Test
    void anOverQuotaBodyReadStands() throws Exception {
        Run r = readWithBodyAnswered((c, tag, args) -> c.say(tag + " NO [OVERQUOTA] over quota"));
        assertEquals(77, r.code(), r.toString());
        assertTrue(r.err().contains("(server said: NO [OVERQUOTA] over quota)"), r.toString());
    }

    @Test
    void aByeEndingABodyReadIsQuoted() throws Exception {
        Run r = readWithBodyAnswered((c, tag, args) -> {
            c.say("* BYE Connection is closed. 13");
            throw new java.io.EOFException("closed");
        });
        assertEquals(75, r.code(), r.toString());
        assertTrue(r.err().contains("ended the connection (server said: BYE Connection is closed. 13)"), r.toString());
    }

    /** {@code sync} against a server with messages 1..3 whose every body read (the bulk one, then one by one) is {@code body}. */
    private Run syncWithBodiesAnswered(HostileImap.Answer body) throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.uids = new long[] {1, 2, 3};
            s.on("UID FETCH", (c, tag, args) -> {
                String up = args.toUpperCase(java.util.Locale.ROOT);
                if (up.contains("BODY.PEEK[]")) body.answer(c, tag, args);
                else s.plainly(c, tag, "UID FETCH", args.replace("RFC822.SIZE", ""));
            });
            return HostileImapAnswersTest.run(dir, s, "", "sync");
        }
    }

    /** sync's bulk body fetch said "answered NO ...; the server is faulty" where read said "for now ... try again later". */
    @Test
    void aThrottledBodyDownloadInSyncIsATemporaryLimitAsInRead() throws Exception {
        Run r = syncWithBodiesAnswered((c, tag, args) -> c.say(tag + " NO [THROTTLED] Account exceeded command or bandwidth limits."));
        assertEquals(75, r.code(), r.toString());
        assertTrue(r.err().contains("for now (server said: NO [THROTTLED] Account exceeded command or bandwidth limits.)"),
                r.toString());
        assertTrue(r.err().contains("temporary limit of the server: try again later"), r.toString());
        assertFalse(r.err().contains("faulty"), r.toString());
    }

    @Test
    void anOverQuotaBodyDownloadInSyncStands() throws Exception {
        Run r = syncWithBodiesAnswered((c, tag, args) -> c.say(tag + " NO [OVERQUOTA] over quota"));
        assertEquals(77, r.code(), r.toString());
        assertTrue(r.err().contains("(server said: NO [OVERQUOTA] over quota)"), r.toString());
        assertFalse(r.err().contains("faulty"), r.toString());
    }
}

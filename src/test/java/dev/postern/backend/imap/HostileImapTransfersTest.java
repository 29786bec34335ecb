package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moves and copies against servers that answer the target's STATUS (which a transfer asks first, for the mark a
 * later try needs: see {@code ChangeTry}) in ways a sane server does not.
 */
@Timeout(60)
class HostileImapTransfersTest {
    @TempDir Path dir;

    private static HostileImap withArchive(HostileImap s) {
        return HostileImapGuardsTest.withArchive(s, "TAG OK [COPYUID 9 7 1] copied");
    }

    @Test
    void aServerThatRefusesStatusOnTheTargetStillGetsTheCopy() throws Exception {
        try (HostileImap s = withArchive(new HostileImap())) {
            s.on("STATUS", (c, tag, args) -> c.say(tag + " NO [CANNOT] no status here"));
            HostileImapAnswersTest.Run r = HostileImapAnswersTest.run(dir, s, "", "copy", "INBOX", "7", "--to", "Archive");
            assertEquals(0, r.code(), r.toString());
            assertTrue(s.got.stream().anyMatch(l -> l.matches("\\S+ COPY 1 Archive")), s.got.toString());
        }
    }

    @Test
    void aStatusWithoutUidnextOrValidityStillGetsTheCopy() throws Exception {
        try (HostileImap s = withArchive(new HostileImap())) {
            s.on("STATUS", (c, tag, args) -> {
                c.say("* STATUS Archive (MESSAGES 0)");
                c.say(tag + " OK done");
            });
            HostileImapAnswersTest.Run r = HostileImapAnswersTest.run(dir, s, "", "copy", "INBOX", "7", "--to", "Archive");
            assertEquals(0, r.code(), r.toString());
            assertTrue(s.got.stream().anyMatch(l -> l.matches("\\S+ COPY 1 Archive")), s.got.toString());
        }
    }

    @Test
    void aTargetTheServerDoesNotHaveIsNamedNotRetried() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.on("STATUS", (c, tag, args) -> c.say(tag + " NO [NONEXISTENT] no such mailbox"));
            s.on("LIST", (c, tag, args) -> {
                if (!args.contains("Archive")) c.say("* LIST () \"/\" INBOX");
                c.say(tag + " OK done");
            });
            HostileImapAnswersTest.Run r = HostileImapAnswersTest.run(dir, s, "", "copy", "INBOX", "7", "--to", "Archive");
            assertEquals(66, r.code(), r.toString());
            assertTrue(r.err().contains("no folder 'Archive'") || r.err().contains("no folder \"Archive\""), r.toString());
            assertTrue(s.got.stream().noneMatch(l -> l.contains(" COPY ")), s.got.toString());
        }
    }

    /**
     * A MOVE answered OK that moved nothing (no EXPUNGE, no COPYUID): the message is still in the server's INBOX, so
     * the move fails (75, naming what stayed) and the next listing brings it back, though it is below the UIDNEXT the
     * store had saved.
     */
    @Test
    void aMoveAnsweredOkThatMovedNothingIsListedAgain() throws Exception {
        try (HostileImap s = withArchive(new HostileImap())) {
            s.capabilities = "IMAP4rev1 UIDPLUS MOVE";
            HostileImap.Answer lie = (c, tag, args) -> c.say(tag + " OK moved");
            s.on("MOVE", lie).on("UID MOVE", lie);
            HostileImapAnswersTest.Run first = HostileImapAnswersTest.run(dir, s, "", "list");
            assertTrue(first.out().contains("hello"), first.toString());
            HostileImapAnswersTest.Run moved = HostileImapAnswersTest.run(dir, s, "", "move", "INBOX", "7", "--to", "Archive");
            // Nothing of what was asked moved: told on stderr, naming the UIDs, and not exit 0 (hunt 27).
            assertEquals(75, moved.code(), moved.toString());
            assertTrue(moved.err().contains("OK but did not move any of the 1 message(s) (UID 7): they are still in 'INBOX'"),
                    moved.toString());
            assertTrue(!moved.out().contains("moved 0"), moved.toString());
            HostileImapAnswersTest.Run again = HostileImapAnswersTest.run(dir, s, "", "list");
            assertEquals(0, again.code(), again.toString());
            assertTrue(again.out().contains("hello"), again + " " + s.got);
        }
    }

    /** A MOVE of two that moved one: the count is of the one, exit 0, and stderr names the one that stayed. */
    @Test
    void aMoveThatLeftSomeBehindSaysWhichOnStderr() throws Exception {
        try (HostileImap s = withArchive(new HostileImap())) {
            s.capabilities = "IMAP4rev1 UIDPLUS MOVE";
            s.uids = new long[] {7, 8};
            HostileImap.Answer half = (c, tag, args) -> {
                c.say("* OK [COPYUID 9 7 1] moved");
                c.say("* 1 EXPUNGE");
                c.say(tag + " OK moved");
            };
            s.on("MOVE", half).on("UID MOVE", half);
            HostileImapAnswersTest.Run first = HostileImapAnswersTest.run(dir, s, "", "list");
            assertEquals(0, first.code(), first.toString());
            HostileImapAnswersTest.Run moved = HostileImapAnswersTest.run(dir, s, "", "move", "INBOX", "7:8", "--to", "Archive");
            assertEquals(0, moved.code(), moved + " " + s.got);
            assertTrue(moved.out().contains("moved 1 message(s)"), moved.toString());
            assertTrue(moved.err().contains("did not move 1 of the 2 message(s) (UID 8): they are still in 'INBOX'"),
                    moved.toString());
        }
    }

    /** MOVE offered and answered BAD: the move is made by COPY, STORE \\Deleted and UID EXPUNGE, not failed for ever. */
    @Test
    void aMoveAnsweredBadFallsBackToCopyAndExpunge() throws Exception {
        try (HostileImap s = withArchive(new HostileImap())) {
            s.capabilities = "IMAP4rev1 UIDPLUS MOVE";
            HostileImap.Answer bad = (c, tag, args) -> c.say(tag + " BAD unknown command MOVE");
            HostileImap.Answer store = (c, tag, args) -> {
                c.say("* 1 FETCH (UID 7 FLAGS (\\Deleted))");
                c.say(tag + " OK stored");
            };
            s.on("MOVE", bad).on("UID MOVE", bad).on("STORE", store).on("UID STORE", store)
                    .on("UID EXPUNGE", (c, tag, args) -> {
                        c.say("* 1 EXPUNGE");
                        c.say(tag + " OK expunged");
                    });
            HostileImapAnswersTest.Run moved = HostileImapAnswersTest.run(dir, s, "", "move", "INBOX", "7", "--to", "Archive");
            assertEquals(0, moved.code(), moved + " " + s.got);
            assertTrue(moved.out().contains("moved 1 message"), moved.toString());
            assertTrue(s.got.stream().anyMatch(l -> l.matches("\\S+ COPY 1 Archive")), s.got.toString());
            assertTrue(s.got.stream().anyMatch(l -> l.matches("\\S+ UID EXPUNGE 7")), s.got.toString());
        }
    }
}

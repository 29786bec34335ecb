package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listing the server cuts midway (a BYE after some of its answers, hunt 27): the command still fails (75, one
 * sentence), but the envelopes that came whole before the cut are kept in the store, so `list --cached` shows them
 * and the next listing has them already.
 */
@Timeout(60)
class ListingCutShortTest {
    @TempDir Path dir;

    /** A listing row as a server sends it, with the References header the listing asks for. */
    private static void row(HostileImap.Conn c, long uid) throws java.io.IOException {
        c.raw(("* " + uid + " FETCH (UID " + uid + " FLAGS () RFC822.SIZE 100 INTERNALDATE \"01-Jan-2024 10:00:00 +0000\""
                + " ENVELOPE (\"Mon, 1 Jan 2024 10:00:00 +0000\" \"hello\" ((NIL NIL \"a\" \"localhost\"))"
                + " ((NIL NIL \"a\" \"localhost\")) ((NIL NIL \"a\" \"localhost\")) ((NIL NIL \"b\" \"localhost\"))"
                + " NIL NIL NIL \"<m" + uid + "@x>\") BODY[HEADER.FIELDS (References)] {2}\r\n\r\n)\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void whatAListingCutByAByeGotBeforeItIsKept() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.uids = new long[] {1, 2, 3, 4, 5};
            HostileImap.Answer cut = (c, tag, args) -> {
                if (!args.toUpperCase(java.util.Locale.ROOT).contains("ENVELOPE")) {
                    s.plainly(c, tag, "UID FETCH", args);
                    return;
                }
                row(c, 1);
                row(c, 2);
                c.say("* BYE shutting down");
                throw new java.io.EOFException("cut"); // the server closes the connection
            };
            s.on("UID FETCH", cut);
            HostileImapAnswersTest.Run first = HostileImapAnswersTest.run(dir, s, "", "list");
            assertEquals(75, first.code(), first.toString());
            assertTrue(first.err().contains("ended the connection"), first.toString());
            // The rows it got are shown with the failure, as for any listing that fails with rows in the store.
            assertEquals(2, first.out().lines().filter(l -> l.contains("hello")).count(), first + " " + s.got);

            HostileImapAnswersTest.Run cached = HostileImapAnswersTest.run(dir, s, "", "list", "--cached");
            assertEquals(0, cached.code(), cached.toString());
            assertEquals(2, cached.out().lines().filter(l -> l.contains("hello")).count(), cached.toString());

            s.overrides.clear();
            HostileImapAnswersTest.Run again = HostileImapAnswersTest.run(dir, s, "", "list");
            assertEquals(0, again.code(), again.toString());
            assertEquals(5, again.out().lines().filter(l -> l.contains("hello")).count(), again.toString());
        }
    }
}

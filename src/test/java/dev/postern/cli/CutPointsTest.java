package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The cut tests leave out a lost answer only where the command changes nothing on the server. */
class CutPointsTest {
    @Test
    void onlyCommandsKnownToChangeNothingAreReadOnly() {
        for (String read : new String[] {"A1 CAPABILITY", "A2 LOGIN u p", "A3 SELECT INBOX", "A4 STATUS Archive (UIDNEXT)",
                "A5 UID FETCH 1:3 (UID RFC822.SIZE BODY.PEEK[HEADER.FIELDS (Message-ID)])", "A6 LIST \"\" *", "A7 LOGOUT",
                "A8 UID SEARCH ALL", "USER bob", "PASS x", "STAT", "UIDL", "RETR 1", "TOP 1 0", "LIST 2"}) {
            assertFalse(CutPoints.changesServer(read), read);
        }
        for (String change : new String[] {"A1 UID COPY 1:3 Archive", "A2 UID MOVE 1 Archive", "A3 UID STORE 1 +FLAGS (\\Deleted)",
                "A4 EXPUNGE", "A5 UID EXPUNGE 1:3", "A6 CREATE Trash", "A7 RENAME A B", "A8 DELETE A", "A9 APPEND Drafts {12}",
                "B1 CLOSE", "B2 UID FETCH 1 (BODY[])", "B3 FETCH 1 RFC822", "B4 XUNKNOWN", "DELE 1", "QUIT", "RSET"}) {
            assertTrue(CutPoints.changesServer(change), change);
        }
    }
}

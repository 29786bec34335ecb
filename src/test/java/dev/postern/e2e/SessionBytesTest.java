package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The log meter, pinned on lines copied from a real Dovecot 2.3.19 log. */
class SessionBytesTest {

    @Test
    void readsImapAndPop3SessionEndsAndIgnoresOtherLines() {
        List<SessionBytes> sessions = SessionBytes.parse(List.of(
                "Nov 22 11:06:11 master: Info: Dovecot v2.3.19.1 (9b53102964) starting up for imap, pop3",
                "Nov 22 11:06:21 imap-login: Info: Login: user=<alice>, method=PLAIN, rip=127.0.0.1, "
                        + "lip=127.0.0.1, mpid=7196, TLS, session=<1tSld9tgcKR/AAAB>",
                "Nov 22 11:06:21 imap(alice)<7196><1tSld9tgcKR/AAAB>: Info: Disconnected: Logged out "
                        + "in=61273 out=17700754 deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0",
                "Nov 22 11:06:21 imap(bob)<7198><50+md9tgSIV/AAAB>: Info: Disconnected: Connection closed "
                        + "(No commands sent) in=0 out=438 deleted=0 expunged=0 trashed=0",
                "Nov 22 11:06:26 pop3(alice)<7285><u6nyd9tgFtN/AAAB>: Info: Disconnected: Logged out "
                        + "in=6 out=34 top=0/0 retr=0/0 del=0/0 size=0"));

        assertEquals(3, sessions.size());
        SessionBytes imap = sessions.get(0);
        assertEquals("imap", imap.protocol());
        assertEquals("alice", imap.user());
        assertEquals("1tSld9tgcKR/AAAB", imap.session());
        assertEquals(61273, imap.in());
        assertEquals(17700754, imap.out());
        assertTrue(imap.loggedOut());

        SessionBytes hungUp = sessions.get(1);
        assertEquals("bob", hungUp.user());
        assertEquals("Connection closed (No commands sent)", hungUp.reason());
        assertFalse(hungUp.loggedOut());

        SessionBytes pop3 = sessions.get(2);
        assertEquals("pop3", pop3.protocol());
        assertEquals(6, pop3.in());
        assertEquals(34, pop3.out());
    }
}

package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import dev.postern.e2e.PosternConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused LOGIN, COMPRESS or STARTTLS is worded by its response code (RFC 5530): a server unavailable for now is
 * 75 "try again later", never "the server rejected user ... or its password" (78) that sends a cron job's owner to
 * fix a config that is right; a refused COMPRESS (NO or BAD) is not fatal at all: postern goes on uncompressed.
 */
@Timeout(60)
class HostileImapLoginRefusalsTest {
    @TempDir Path dir;

    private Run list(HostileImap s) throws Exception {
        return HostileImapAnswersTest.run(dir, s, "", "list");
    }

    private Run loginAnswered(String answer) throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.on("LOGIN", (c, tag, args) -> c.say(tag + " " + answer));
            return list(s);
        }
    }

    @Test
    void aLoginRefusedAsUnavailableIsTemporary() throws Exception {
        for (String code : new String[] {"UNAVAILABLE", "SERVERBUG", "LIMIT", "INUSE"}) {
            Run r = loginAnswered("NO [" + code + "] backend down");
            assertEquals(75, r.code(), r.toString());
            assertTrue(r.err().contains("says it is unavailable now"), r.toString());
            assertTrue(r.err().contains("[" + code + "] backend down"), r.toString());
            assertFalse(r.err().contains("password"), r.toString());
        }
    }

    @Test
    void aLoginRefusedForTheCredentialsIsTheConfigsEachInItsWords() throws Exception {
        Run wrong = loginAnswered("NO [AUTHENTICATIONFAILED] nope");
        assertEquals(78, wrong.code(), wrong.toString());
        assertTrue(wrong.err().contains("rejected user 'alice' or its password"), wrong.toString());
        Run expired = loginAnswered("NO [EXPIRED] too old");
        assertEquals(78, expired.code(), expired.toString());
        assertTrue(expired.err().contains("password of user 'alice' has expired"), expired.toString());
        Run privacy = loginAnswered("NO [PRIVACYREQUIRED] use TLS");
        assertEquals(78, privacy.code(), privacy.toString());
        assertTrue(privacy.err().contains("security = \"tls\""), privacy.toString());
        Run authz = loginAnswered("NO [AUTHORIZATIONFAILED] not you");
        assertEquals(78, authz.code(), authz.toString());
        assertTrue(authz.err().contains("does not let user 'alice' in"), authz.toString());
    }

    /** Gmail at its connection limit: the password is right, and it passes (hunt28-G G10: it was 78 "check ... password"). */
    @Test
    void tooManySimultaneousConnectionsIsTemporaryInTheServersWords() throws Exception {
        Run r = loginAnswered("NO [ALERT] Too many simultaneous connections. (Failure)");
        assertEquals(75, r.code(), r.toString());
        assertTrue(r.err().contains("too many connections open for user 'alice'"), r.toString());
        assertTrue(r.err().contains("Too many simultaneous connections. (Failure)"), r.toString());
        assertFalse(r.err().contains("password"), r.toString());
    }

    /** An [ALERT] or [WEBALERT] refusal leads with the server's words and does not send the user to the password. */
    @Test
    void anAlertOrWebAlertRefusalLeadsWithTheServersWords() throws Exception {
        Run imapOff = loginAnswered("NO [ALERT] Your account is not enabled for IMAP use. (Failure)");
        assertEquals(78, imapOff.code(), imapOff.toString());
        assertTrue(imapOff.err().contains("says: Your account is not enabled for IMAP use. (Failure) (user 'alice' was not"
                + " logged in; do what it says"), imapOff.toString());
        assertFalse(imapOff.err().contains("password source"), imapOff.toString());
        Run web = loginAnswered("NO [WEBALERT https://accounts.example.com/continue?x=1] Web login required.");
        assertEquals(78, web.code(), web.toString());
        assertTrue(web.err().contains("says: Web login required."), web.toString());
        assertTrue(web.err().contains("open this address in a browser") && web.err().contains("https://accounts.example.com/continue?x=1"),
                web.toString());
        assertFalse(web.err().contains("password source"), web.toString());
        Run other = loginAnswered("NO [CONTACTADMIN] call us");
        assertEquals(78, other.code(), other.toString());
        assertTrue(other.err().contains("did not log user 'alice' in (server said: [CONTACTADMIN] call us)"), other.toString());
        Run none = loginAnswered("NO nope");
        assertTrue(none.err().contains("rejected user 'alice' or its password"), none.toString());
    }

    private void compressRefusedWith(String answer) throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.capabilities = "IMAP4rev1 UIDPLUS COMPRESS=DEFLATE";
            s.on("COMPRESS", (c, tag, args) -> c.say(tag + " " + answer));
            Run r = list(s);
            assertEquals(0, r.code(), r + " " + s.got);
            assertTrue(r.out().contains("hello"), r.toString());
            assertTrue(s.got.stream().anyMatch(l -> l.contains("COMPRESS")), s.got.toString());
        }
    }

    @Test
    void aCompressRefusedWithNoGoesOnUncompressed() throws Exception {
        compressRefusedWith("NO [UNAVAILABLE] not now");
    }

    @Test
    void aCompressRefusedWithBadGoesOnUncompressed() throws Exception {
        compressRefusedWith("BAD no");
    }

    @Test
    void aStarttlsRefusedAsUnavailableIsTemporaryAndSendsNoPassword() throws Exception {
        for (String answer : new String[] {"NO [UNAVAILABLE] TLS backend down", "NO no TLS here"}) {
            try (HostileImap s = new HostileImap()) {
                s.capabilities = "IMAP4rev1 STARTTLS LOGINDISABLED";
                s.on("STARTTLS", (c, tag, args) -> c.say(tag + " " + answer));
                dev.postern.e2e.InProcessRun.Result done = dev.postern.e2e.InProcessRun.run(dir, PosternConfig.account("t",
                        "imap", "127.0.0.1", s.port(), "starttls", "alice", "secret", 3, null), "list");
                Run r = new Run(done.code(), done.out(), done.err());
                assertFalse(r.err().contains("rejected user"), r.toString());
                assertTrue(r.err().contains("so no password was sent"), r.toString());
                assertTrue(r.err().contains(answer.substring(3)), r.toString());
                assertEquals(answer.contains("UNAVAILABLE") ? 75 : 78, r.code(), r.toString());
                assertFalse(s.got.stream().anyMatch(l -> l.contains("LOGIN")), s.got.toString());
            }
        }
    }

    /** hunt37-J J16: a POP3, SMTP or SSH server where the IMAP server was looked for was 75 "refused" or "faulty". */
    @Test
    void anotherProtocolsServerOnTheImapPortIsSaidNotToSpeakImap() throws Exception {
        for (String[] greeting : new String[][] {{"+OK Dovecot (Debian) ready.", "POP3"}, {"220 mx.example ESMTP Postfix", "SMTP"},
                {"SSH-2.0-OpenSSH_9.2p1 Debian-2", "SSH"}}) {
            try (HostileImap s = new HostileImap()) {
                s.on("GREETING", (c, tag, args) -> c.say(greeting[0]));
                Run r = list(s);
                assertEquals(78, r.code(), r.toString());
                assertTrue(r.err().contains("does not speak IMAP (server said: " + greeting[0] + "); check host and port")
                        && r.err().contains("it greets as " + greeting[1]), r.toString());
                assertFalse(s.got.stream().anyMatch(l -> l.contains("LOGIN")), s.got.toString());
            }
        }
    }

    @Test
    void aWebServerOnTheImapPortIsSaidNotToSpeakImap() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.on("GREETING", (c, tag, args) -> c.say("HTTP/1.1 400 Bad Request"));
            Run r = list(s);
            assertEquals(78, r.code(), r.toString());
            assertTrue(r.err().contains("does not speak IMAP (server said: HTTP/1.1 400 Bad Request); check host and port"),
                    r.toString());
        }
    }

    /**
     * A server that offers no login postern speaks (hunt37-I I3): LOGINDISABLED before STARTTLS to an account with
     * security = "plain", or CRAM-MD5 only. 78 saying what it offers and what to set, never 75 "No login methods
     * supported! ... try again later" (cron retried for ever); nothing of the credentials sent.
     */
    @Test
    void aServerOfferingNoLoginPosternSpeaksIsTheConfigsAndGetsNoPassword() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.capabilities = "IMAP4rev1 STARTTLS LOGINDISABLED";
            Run r = list(s);
            assertEquals(78, r.code(), r.toString());
            assertTrue(r.err().contains("found no way to log in (it offers no AUTH= mechanism and says LOGINDISABLED"),
                    r.toString());
            assertTrue(r.err().contains("so no password was sent; the server offers STARTTLS and takes a login only over TLS,"
                    + " most likely: set security = \"starttls\" in [accounts.t]"), r.toString());
            assertFalse(r.err().contains("try again later"), r.toString());
            assertFalse(s.got.stream().anyMatch(l -> l.contains("LOGIN ") || l.contains("AUTHENTICATE")), s.got.toString());
        }
        try (HostileImap s = new HostileImap()) {
            s.capabilities = "IMAP4rev1 LOGINDISABLED AUTH=CRAM-MD5";
            Run r = list(s);
            assertEquals(78, r.code(), r.toString());
            assertTrue(r.err().contains("it offers only AUTH=CRAM-MD5 and says LOGINDISABLED"), r.toString());
            assertTrue(r.err().contains("check host, port and security in the config"), r.toString());
            assertFalse(r.err().contains("starttls"), r.toString());
            assertFalse(s.got.stream().anyMatch(l -> l.contains("LOGIN ") || l.contains("AUTHENTICATE")), s.got.toString());
        }
    }
}

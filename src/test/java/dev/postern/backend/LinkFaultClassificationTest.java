package dev.postern.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.ImapSession;
import dev.postern.backend.link.ScriptedServer;
import dev.postern.backend.pop3.Pop3Session;
import dev.postern.backend.smtp.SmtpSender;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import jakarta.mail.FolderClosedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Faults of the link and answers of the server, through the real Angus protocol code against loopback servers
 * that trickle, stall, cut the link or refuse: each ends within its deadline as one sentence with the exit code
 * of its class, and the words "server said" come only before words a server sent.
 */
class LinkFaultClassificationTest {
    private static final String RAW = "From: a@localhost\r\nTo: b@localhost\r\nSubject: x\r\n\r\nbody\r\n";

    private static AccountConfig account(Protocol p, int port, Security security) {
        return new AccountConfig("t", p, "127.0.0.1", port, security, "alice", new PasswordSource.Literal("secret"),
                null, false, Duration.ofSeconds(1), 0);
    }

    private static void imap(int port, Security sec) {
        new ImapSession(account(Protocol.IMAP, port, sec), () -> "secret").connect();
    }

    private static void pop3(int port, Security sec) {
        new Pop3Session(account(Protocol.POP3, port, sec), () -> "secret", uid -> Optional.empty()).connect();
    }

    private static void smtp(int port, Security sec) {
        new SmtpSender(account(Protocol.IMAP, port, sec), () -> "secret")
                .send(RAW.getBytes(StandardCharsets.US_ASCII), "a@localhost", List.of("b@localhost"));
    }

    /** Runs {@code action}, which must fail with {@code code} within {@code maxMs}; returns the failure. */
    private static PosternException fails(ExitCode code, long maxMs, Executable action) {
        long t0 = System.nanoTime();
        PosternException e = assertThrows(PosternException.class, action);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(code, e.exitCode(), e.getMessage());
        assertTrue(ms < maxMs, "took " + ms + " ms: " + e.getMessage());
        assertFalse(e.getMessage().contains("Jakarta Mail Exception"), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    private static ScriptedServer trickling(String greeting) throws IOException {
        return new ScriptedServer((s, in, out) -> ScriptedServer.trickle(out, greeting.repeat(20), 150));
    }

    @Test
    void aTricklingServerIsTimedOutForEveryProtocol() throws Exception {
        // timeout_seconds = 1: each byte comes well within the read time-out, the answer never completes.
        try (ScriptedServer imap = trickling("* OK IMAP4rev1 ");
             ScriptedServer pop3 = trickling("+OK POP3 ");
             ScriptedServer smtp = trickling("220-localhost ESMTP\r\n")) {
            for (Executable x : List.<Executable>of(() -> imap(imap.port(), Security.PLAIN),
                    () -> pop3(pop3.port(), Security.PLAIN), () -> smtp(smtp.port(), Security.PLAIN))) {
                PosternException e = fails(ExitCode.TEMPFAIL, 4000, x);
                assertTrue(e.getMessage().contains("did not complete its answer within"), e.getMessage());
                assertFalse(e.getMessage().contains("server said"), e.getMessage());
            }
        }
    }

    @Test
    void aServerThatStallsMidAnswerIsTimedOutForEveryProtocol() throws Exception {
        try (ScriptedServer imap = new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi");
            ScriptedServer.line(in);
            out.write("* CAPABILITY IMAP4rev1 AUTH=PL".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(30_000);
        });
             ScriptedServer pop3 = new ScriptedServer((s, in, out) -> {
                 ScriptedServer.say(out, "+OK hi");
                 Thread.sleep(30_000);
             });
             ScriptedServer smtp = new ScriptedServer((s, in, out) -> {
                 ScriptedServer.say(out, "220 localhost ESMTP");
                 ScriptedServer.line(in);
                 out.write("250-localhost\r\n250-AUTH PL".getBytes(StandardCharsets.US_ASCII));
                 out.flush();
                 Thread.sleep(30_000);
             })) {
            for (Executable x : List.<Executable>of(() -> imap(imap.port(), Security.PLAIN),
                    () -> pop3(pop3.port(), Security.PLAIN), () -> smtp(smtp.port(), Security.PLAIN))) {
                PosternException e = fails(ExitCode.TEMPFAIL, 4000, x);
                assertFalse(e.getMessage().contains("server said"), e.getMessage());
                assertFalse(e.getMessage().contains("rejected"), e.getMessage());
            }
        }
    }

    @Test
    void aPop3GreetingCutIsALostConnectionNotARejectedPassword() throws Exception {
        try (ScriptedServer reset = new ScriptedServer((s, in, out) -> ScriptedServer.reset(s));
             ScriptedServer closed = new ScriptedServer((s, in, out) -> s.close());
             ScriptedServer halfThenReset = new ScriptedServer((s, in, out) -> {
                 out.write("+OK Dove".getBytes(StandardCharsets.US_ASCII));
                 out.flush();
                 Thread.sleep(100);
                 ScriptedServer.reset(s);
             })) {
            for (ScriptedServer srv : List.of(reset, closed, halfThenReset)) {
                PosternException e = fails(ExitCode.TEMPFAIL, 4000, () -> pop3(srv.port(), Security.PLAIN));
                assertTrue(e.getMessage().contains("was lost"), e.getMessage());
                assertFalse(e.getMessage().contains("rejected"), e.getMessage());
                assertFalse(e.getMessage().contains("server said"), e.getMessage());
            }
        }
    }

    @Test
    void aLinkCutDuringLoginIsALostConnectionForEveryProtocol() throws Exception {
        try (ScriptedServer imap = new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi");
            ScriptedServer.line(in);
            ScriptedServer.reset(s);
        });
             ScriptedServer pop3 = new ScriptedServer((s, in, out) -> {
                 ScriptedServer.say(out, "+OK hi");
                 ScriptedServer.line(in); // CAPA
                 ScriptedServer.say(out, "+OK\r\nUSER\r\n.");
                 ScriptedServer.line(in); // USER
                 ScriptedServer.say(out, "+OK");
                 ScriptedServer.line(in); // PASS
                 ScriptedServer.reset(s);
             });
             ScriptedServer smtp = new ScriptedServer((s, in, out) -> {
                 ScriptedServer.say(out, "220 localhost ESMTP");
                 ScriptedServer.line(in);
                 ScriptedServer.say(out, "250-localhost\r\n250 AUTH PLAIN LOGIN");
                 ScriptedServer.line(in); // AUTH
                 ScriptedServer.reset(s);
             })) {
            for (Executable x : List.<Executable>of(() -> imap(imap.port(), Security.PLAIN),
                    () -> pop3(pop3.port(), Security.PLAIN), () -> smtp(smtp.port(), Security.PLAIN))) {
                PosternException e = fails(ExitCode.TEMPFAIL, 4000, x);
                assertTrue(e.getMessage().contains("was lost"), e.getMessage());
                assertFalse(e.getMessage().contains("server said"), e.getMessage());
            }
        }
    }

    @Test
    void aPop3ServerWithoutStlsGetsNoPasswordAndIsNotCalledARejection() throws Exception {
        try (ScriptedServer noStls = new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "+OK hi");
            ScriptedServer.line(in); // CAPA
            ScriptedServer.say(out, "+OK\r\nUSER\r\nUIDL\r\n.");
            String next = ScriptedServer.line(in);
            if (next != null && next.startsWith("USER")) ScriptedServer.say(out, "-ERR saw a user name");
            Thread.sleep(500);
        });
             ScriptedServer refusesStls = new ScriptedServer((s, in, out) -> {
                 ScriptedServer.say(out, "+OK hi");
                 ScriptedServer.line(in); // CAPA
                 ScriptedServer.say(out, "+OK\r\nSTLS\r\nUSER\r\n.");
                 ScriptedServer.line(in); // STLS
                 ScriptedServer.say(out, "-ERR not now");
                 Thread.sleep(500);
             })) {
            PosternException e = fails(ExitCode.CONFIG, 4000, () -> pop3(noStls.port(), Security.STARTTLS));
            assertTrue(e.getMessage().contains("does not offer STARTTLS, so no password was sent"), e.getMessage());
            e = fails(ExitCode.CONFIG, 4000, () -> pop3(refusesStls.port(), Security.STARTTLS));
            assertTrue(e.getMessage().contains("refused to start TLS (server said: not now), so no password was sent"), e.getMessage());
            assertFalse(e.getMessage().contains("rejected user"), e.getMessage());
        }
    }

    @Test
    void aRealRefusalOfTheCredentialsIsAnAuthenticationFailureInTheServersWords() throws Exception {
        try (ScriptedServer pop3 = new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "+OK hi");
            ScriptedServer.line(in); // CAPA
            ScriptedServer.say(out, "+OK\r\nUSER\r\n.");
            ScriptedServer.line(in); // USER
            ScriptedServer.say(out, "+OK");
            ScriptedServer.line(in); // PASS
            ScriptedServer.say(out, "-ERR [AUTH] Authentication failed.");
            ScriptedServer.line(in);
        });
             ScriptedServer imap = new ScriptedServer((s, in, out) -> {
                 ScriptedServer.say(out, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi");
                 String cmd;
                 while ((cmd = ScriptedServer.line(in)) != null) {
                     String tag = cmd.split(" ")[0];
                     if (cmd.contains("AUTHENTICATE")) {
                         ScriptedServer.say(out, "+ ");
                         ScriptedServer.line(in);
                         ScriptedServer.say(out, tag + " NO [AUTHENTICATIONFAILED] Authentication failed.");
                     } else if (cmd.contains("LOGIN")) {
                         ScriptedServer.say(out, tag + " NO [AUTHENTICATIONFAILED] Authentication failed.");
                     } else {
                         ScriptedServer.say(out, tag + " OK");
                     }
                 }
             })) {
            PosternException e = fails(ExitCode.CONFIG, 4000, () -> pop3(pop3.port(), Security.PLAIN));
            assertTrue(e.getMessage().contains("rejected user 'alice'"), e.getMessage());
            assertTrue(e.getMessage().contains("server said: [AUTH] Authentication failed."), e.getMessage());
            e = fails(ExitCode.CONFIG, 4000, () -> imap(imap.port(), Security.PLAIN));
            assertTrue(e.getMessage().contains("rejected user 'alice'"), e.getMessage());
            assertTrue(e.getMessage().contains("server said: [AUTHENTICATIONFAILED] Authentication failed."), e.getMessage());
        }
    }

    @Test
    void aConnectionClosedUnderAMessageBodyIsALostConnectionNotABug() {
        // What a read of a body met when the link was cut after the body began (Angus wraps it so).
        PosternException e = ConnectionErrors.translate(account(Protocol.IMAP, 993, Security.TLS),
                new IOException(new FolderClosedException(null)));
        assertEquals(ExitCode.TEMPFAIL, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("was lost"), e.getMessage());
    }

    @Test
    void angusSayingAStoreOrFolderItFoundDeadIsClosedIsALostConnectionNotABug() {
        // Angus's IllegalStateExceptions for a store or folder it closed when its connection died: the IMAP store
        // ("Not connected"), the IMAP folder, the POP3 folder. Met by a move and a fetch whose link was cut.
        for (String said : java.util.List.of("Not connected", "This operation is not allowed on a closed folder",
                "Folder not open")) {
            PosternException e = ConnectionErrors.translate(account(Protocol.IMAP, 993, Security.TLS),
                    new IllegalStateException(said));
            assertEquals(ExitCode.TEMPFAIL, e.exitCode(), said + ": " + e.getMessage());
            assertTrue(e instanceof dev.postern.model.LinkDropped, said + ": " + e);
            assertTrue(e.getMessage().contains("was lost"), e.getMessage());
        }
        // Any other IllegalStateException is still a bug of ours, said as such.
        PosternException bug = ConnectionErrors.translate(account(Protocol.IMAP, 993, Security.TLS),
                new IllegalStateException("queue full"));
        assertEquals(ExitCode.SOFTWARE, bug.exitCode(), bug.getMessage());
    }

    @Test
    void angusOwnGuessesAboutALostLinkAreNotPutInTheSentence() {
        // hunt32-V G3: "was lost (Connection dropped by server?)" and "(EOF on socket)" are Angus's words, neither the
        // server's nor the system's; a JDK socket's own text ("Connection reset") is still said.
        for (Exception said : java.util.List.of(new IOException("Connection dropped by server?"),
                new java.io.EOFException("EOF on socket"))) {
            PosternException e = ConnectionErrors.translate(account(Protocol.POP3, 110, Security.PLAIN), said);
            assertEquals(ExitCode.TEMPFAIL, e.exitCode(), e.getMessage());
            assertEquals("account t: the connection to 127.0.0.1:110 was lost; try again later.", e.getMessage());
        }
        PosternException reset = ConnectionErrors.translate(account(Protocol.POP3, 110, Security.PLAIN),
                new java.net.SocketException("Connection reset"));
        assertTrue(reset.getMessage().contains("was lost (Connection reset)"), reset.getMessage());
    }
}

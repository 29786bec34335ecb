package dev.postern.backend.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.link.ScriptedServer;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.ExitCode;
import dev.postern.model.LinkDropped;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * How a send that the server refuses, or whose answer never comes, is told: by the reply code and the command it
 * answered. 5xx stands (65, or 77 for a 5.7.x policy refusal) and is never "try again later"; 4xx passes (75); a
 * lost link is "lost", never the server's words "[EOF]"; after the end of data it may have been delivered.
 */
class HostileSmtpRefusalsTest {
    private static final byte[] RAW = "From: a@localhost\r\nTo: b@localhost\r\nSubject: x\r\n\r\nbody\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private static PosternException send(ScriptedServer server, Security security) {
        AccountConfig a = new AccountConfig("t", Protocol.IMAP, "127.0.0.1", server.port(), security, "alice",
                new PasswordSource.Literal("secret"), null, false, Duration.ofSeconds(2), 0);
        return assertThrows(PosternException.class,
                () -> new SmtpSender(a, () -> "secret").send(RAW, "a@localhost", List.of("b@localhost")));
    }

    /**
     * A plain MTA but for {@code verb} (MAIL, RCPT, DATA, END, AUTH, STARTTLS): its reply is {@code reply}; "CLOSE"
     * closes the link instead, "SILENT" says nothing.
     */
    private static ScriptedServer mta(String verb, String reply) throws Exception {
        return mta(verb, reply, "250 ok");
    }

    /** As {@link #mta(String, String)}, a STARTTLS (that is not {@code verb}) answered with {@code starttls}. */
    private static ScriptedServer mta(String verb, String reply, String starttls) throws Exception {
        return new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "220 hostile ESMTP");
            boolean data = false;
            String line;
            while ((line = ScriptedServer.line(in)) != null) {
                String v = data ? (line.equals(".") ? "END" : null) : line.split("[ :]")[0].toUpperCase(Locale.ROOT);
                if (v == null) continue;
                if (v.equals("END")) data = false;
                if (v.equals(verb)) {
                    if (reply.equals("CLOSE")) return;
                    if (reply.equals("SILENT")) {
                        Thread.sleep(5000);
                        return;
                    }
                    ScriptedServer.say(out, reply);
                    continue;
                }
                switch (v) {
                    case "EHLO" -> ScriptedServer.say(out, "250-hostile\r\n250-AUTH PLAIN\r\n250 STARTTLS");
                    case "AUTH" -> ScriptedServer.say(out, "235 ok");
                    case "STARTTLS" -> ScriptedServer.say(out, starttls);
                    case "DATA" -> {
                        ScriptedServer.say(out, "354 go");
                        data = true;
                    }
                    case "END" -> ScriptedServer.say(out, "250 queued");
                    case "QUIT" -> {
                        ScriptedServer.say(out, "221 bye");
                        return;
                    }
                    default -> ScriptedServer.say(out, "250 ok");
                }
            }
        });
    }

    private static PosternException refusal(String verb, String reply) throws Exception {
        try (ScriptedServer server = mta(verb, reply)) {
            PosternException e = send(server, Security.PLAIN);
            assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("Exception"), e.getMessage());
            return e;
        }
    }

    @Test
    void aPermanentRefusalOfTheMessageStandsWithTheServersWords() throws Exception {
        PosternException mail = refusal("MAIL", "550 5.7.1 sender rejected");
        assertEquals(ExitCode.NOPERM, mail.exitCode(), mail.getMessage()); // 5.7.x: a policy refusal
        assertTrue(mail.getMessage().contains("refused the message at MAIL FROM (server said: 550 5.7.1 sender rejected)"),
                mail.getMessage());
        assertFalse(mail.getMessage().contains("try again later"), mail.getMessage());
        assertEquals(SmtpFailure.Kind.REFUSED, assertInstanceOf(SmtpFailure.class, mail).kind());

        PosternException data = refusal("DATA", "554 5.5.1 no valid recipients");
        assertEquals(ExitCode.DATAERR, data.exitCode(), data.getMessage());
        assertTrue(data.getMessage().contains("at DATA (server said: 554 5.5.1 no valid recipients)"), data.getMessage());

        PosternException end = refusal("END", "552 5.3.4 message size exceeds fixed limit");
        assertEquals(ExitCode.DATAERR, end.exitCode(), end.getMessage());
        assertTrue(end.getMessage().contains("at the end of its data (server said: 552 5.3.4 message size exceeds"),
                end.getMessage());
        assertEquals(SmtpFailure.Kind.REFUSED, assertInstanceOf(SmtpFailure.class, end).kind());

        PosternException spam = refusal("END", "554 5.7.1 rejected as spam");
        assertEquals(ExitCode.NOPERM, spam.exitCode(), spam.getMessage());
    }

    @Test
    void aMultiLineRefusalIsToldByTheEnhancedCodeOfItsLines() throws Exception {
        // Gmail's spam block comes on four lines, each "550-5.7.1 ..." but the last "550 5.7.1 ...".
        PosternException spam = refusal("END", "550-5.7.1 [127.0.0.1] Our system has detected that this message is\r\n"
                + "550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail,\r\n"
                + "550-5.7.1 this message has been blocked. For more information, go to\r\n"
                + "550 5.7.1  https://support.google.com/mail/?p=UnsolicitedMessageError a1si123 - gsmtp");
        assertEquals(ExitCode.NOPERM, spam.exitCode(), spam.getMessage());
        assertTrue(spam.getMessage().contains("(server said: 550-5.7.1 [127.0.0.1] Our system"), spam.getMessage());
        PosternException mail = refusal("MAIL", "550-5.7.1 Our system has detected that this message is\r\n550 5.7.1 likely");
        assertEquals(ExitCode.NOPERM, mail.exitCode(), mail.getMessage());
        PosternException size = refusal("END", "552-5.2.3 Your message exceeded Google's message size limits. For more\r\n"
                + "552-5.2.3 information, go to\r\n552 5.2.3  https://support.google.com/mail/?p=MaxSizeError");
        assertEquals(ExitCode.DATAERR, size.exitCode(), size.getMessage());
        PosternException limit = refusal("MAIL", "550-5.4.5 Daily user sending limit exceeded.\r\n550 5.4.5  https://x");
        assertEquals(ExitCode.DATAERR, limit.exitCode(), limit.getMessage());
        PosternException later = refusal("END", "451-4.3.0 Mail server temporarily rejected message.\r\n451 4.3.0 Please try again later.");
        assertEquals(ExitCode.TEMPFAIL, later.exitCode(), later.getMessage());
        assertEquals(SmtpFailure.Kind.REFUSED_FOR_NOW, assertInstanceOf(SmtpFailure.class, later).kind());
        PosternException login = refusal("AUTH", "454-4.7.0 Too many login attempts, please try again later.\r\n454 4.7.0 go to x");
        assertEquals(ExitCode.TEMPFAIL, login.exitCode(), login.getMessage());
    }

    @Test
    void theEnhancedCodeIsReadFromAnyLineWhoseClassMatches() {
        assertEquals("5.7.1", SmtpReplies.enhanced(550, "550-5.7.1 a\n550-5.7.1 b\n550 5.7.1 c"));
        assertEquals("5.7.1", SmtpReplies.enhanced(550, "550 5.7.1 one line"));
        assertEquals("5.7.0", SmtpReplies.enhanced(530, "530 5.7.0 Must issue a STARTTLS command first."));
        assertEquals("5.7.1", SmtpReplies.enhanced(554, "554-no code on this line\n554 5.7.1 rejected"));
        assertEquals("", SmtpReplies.enhanced(550, "550 mailbox unavailable"));
        assertEquals("", SmtpReplies.enhanced(550, "550 4.7.1 class does not match"));
        assertEquals("", SmtpReplies.enhanced(550, "550 5.7.1x not a code"));
        assertEquals("", SmtpReplies.enhanced(550, null));
    }

    @Test
    void aTemporaryRefusalOfTheMessagePasses() throws Exception {
        PosternException e = refusal("END", "451 4.3.0 try later");
        assertEquals(ExitCode.TEMPFAIL, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("(server said: 451 4.3.0 try later); try again later."), e.getMessage());
        assertEquals(SmtpFailure.Kind.REFUSED_FOR_NOW, assertInstanceOf(SmtpFailure.class, e).kind());
    }

    @Test
    void aLinkLostBeforeTheEndOfDataIsLostNotRefused() throws Exception {
        for (String verb : List.of("MAIL", "RCPT", "DATA")) {
            PosternException e = refusal(verb, "CLOSE");
            assertEquals(ExitCode.TEMPFAIL, e.exitCode(), verb + ": " + e.getMessage());
            assertInstanceOf(LinkDropped.class, e, verb + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("the connection to 127.0.0.1:"), verb + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("was lost"), verb + ": " + e.getMessage());
            assertFalse(e.getMessage().contains("[EOF]") || e.getMessage().contains("refused"), verb + ": " + e.getMessage());
        }
    }

    @Test
    void noAnswerToTheEndOfDataMayHaveDeliveredTheMessage() throws Exception {
        for (String reply : List.of("CLOSE", "SILENT", "OK THANKS")) {
            PosternException e = refusal("END", reply);
            String m = reply + ": " + e.getMessage();
            assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), m); // not 75, which a job runner retries (hunt 36-K, K1)
            assertEquals(SmtpFailure.Kind.UNCONFIRMED, assertInstanceOf(SmtpFailure.class, e, m).kind(), m);
            assertTrue(e.getMessage().contains("the server may have delivered it"), m);
            // One sentence: no "try again later" of a message that is not sent again by itself (hunt31-R R8).
            assertFalse(e.getMessage().contains("try again later"), m);
            assertFalse(e.getMessage().contains("[EOF]") || e.getMessage().contains("refused")
                    || e.getMessage().contains("server said"), m);
        }
    }

    @Test
    void aTemporaryLoginFailureIsNotAWrongPassword() throws Exception {
        PosternException e = refusal("AUTH", "454 4.7.0 Temporary authentication failure");
        assertEquals(ExitCode.TEMPFAIL, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("could not check the login of user 'alice' for now"), e.getMessage());
        assertFalse(e.getMessage().contains("password"), e.getMessage());
        PosternException wrong = refusal("AUTH", "535 5.7.8 bad credentials");
        assertEquals(ExitCode.CONFIG, wrong.exitCode(), wrong.getMessage());
        assertTrue(wrong.getMessage().contains("or its password"), wrong.getMessage());
    }

    @Test
    void aRefusedStarttlsIsAConfigurationMatter() throws Exception {
        try (ScriptedServer server = mta("STARTTLS", "502 5.5.1 not now")) {
            PosternException e = send(server, Security.STARTTLS);
            assertEquals(ExitCode.CONFIG, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains("refused to start TLS (server said: 502 5.5.1 not now)"), e.getMessage());
        }
        try (ScriptedServer server = mta("STARTTLS", "454 4.7.0 TLS not available now")) {
            PosternException e = send(server, Security.STARTTLS);
            assertEquals(ExitCode.TEMPFAIL, e.exitCode());
            // The server's "not now", in its words (hunt 42-H, H8: "talking to HOST failed (454 ...)").
            assertTrue(e.getMessage().contains("could not start TLS for now (server said: 454 4.7.0 TLS not available now), so no"
                    + " password was sent; try again later."), e.getMessage());
        }
    }

    /**
     * A 5xx to AUTH is the server's refusal of the login, said in its words (hunt28-G G11: Gmail's "530 5.7.0 Must issue a
     * STARTTLS command first" to an AUTH PLAIN that had carried the password was "refused to start TLS ..., so no password
     * was sent": Angus answers a 530 to AUTH with a STARTTLS of its own, and its refusal was taken for the user's).
     */
    @Test
    void aLoginRefusedWith530Or535IsToldInTheServersWords() throws Exception {
        for (String starttls : List.of("502 5.5.1 not now", "250 ok")) {
            try (ScriptedServer server = mta("AUTH", "530 5.7.0 Must issue a STARTTLS command first. a1si123 - gsmtp", starttls)) {
                PosternException tls = send(server, Security.PLAIN);
                String m = starttls + ": " + tls.getMessage();
                assertEquals(ExitCode.CONFIG, tls.exitCode(), m);
                assertTrue(tls.getMessage().contains("refused the login of user 'alice' (server said: 530 5.7.0 Must issue a"
                        + " STARTTLS command first. a1si123 - gsmtp)"), m);
                assertTrue(tls.getMessage().contains("security = \"starttls\""), m);
                assertFalse(tls.getMessage().contains("no password was sent"), m);
            }
        }
        PosternException required = refusal("AUTH", "530 5.7.0 Authentication Required");
        assertEquals(ExitCode.CONFIG, required.exitCode(), required.getMessage());
        assertTrue(required.getMessage().contains("refused the login of user 'alice' (server said: 530 5.7.0 Authentication"
                + " Required)"), required.getMessage());
        assertFalse(required.getMessage().contains("no password was sent"), required.getMessage());
        PosternException gmail = refusal("AUTH", "535-5.7.8 Username and Password not accepted. For more information, go to\r\n"
                + "535 5.7.8  https://support.google.com/mail/?p=BadCredentials a1si123 - gsmtp");
        assertEquals(ExitCode.CONFIG, gmail.exitCode(), gmail.getMessage());
        assertTrue(gmail.getMessage().contains("rejected user 'alice' or its password (server said: 535-5.7.8 Username and"
                + " Password not accepted."), gmail.getMessage());
    }
}

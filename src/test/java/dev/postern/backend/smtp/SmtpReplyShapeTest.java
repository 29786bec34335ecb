package dev.postern.backend.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.auth.OAuth2Config;
import dev.postern.backend.link.ScriptedServer;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordResolver;
import dev.postern.config.PasswordSource;
import dev.postern.model.ExitCode;
import dev.postern.model.LinkDropped;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replies out of RFC 5321's shape, which no code is read from (hunt31-R R1, R4, R8): a reply whose lines carry different
 * codes ("250-ok / 550-... / 451 hmm", which Angus took for its first line's 250) before the end of data leaves the
 * message unsent (75), after it perhaps delivered, never "sent"; a link closed where a reply was due is lost (75), not a
 * refused login; a greeting that is not SMTP is a wrong host or port; the greeting and EHLO refused in postern's words.
 */
class SmtpReplyShapeTest {
    private static final byte[] RAW = "From: a@localhost\r\nTo: b@localhost\r\nSubject: shape\r\n\r\nbody\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final String MIXED = "250-ok\r\n550-but no\r\n451 hmm";

    @TempDir Path dir;

    /** An MTA answering {@code replies} (by verb: "" the greeting, END the final dot, SASL the login's second line;
     *  "CLOSE" hangs up) and as usual otherwise; {@code delivered} is set when the message's body came in. */
    private static ScriptedServer mta(Map<String, String> replies, AtomicBoolean delivered) throws Exception {
        return new ScriptedServer((s, in, out) -> {
            String greeting = replies.getOrDefault("", "220 shape ESMTP");
            if (greeting.equals("CLOSE")) return;
            ScriptedServer.say(out, greeting);
            boolean data = false;
            boolean sasl = false;
            for (String line; (line = ScriptedServer.line(in)) != null; ) {
                String v;
                if (data) {
                    if (line.startsWith("Subject: shape")) delivered.set(true);
                    if (!line.equals(".")) continue;
                    v = "END";
                    data = false;
                } else {
                    v = sasl ? "SASL" : line.split("[ :]")[0].toUpperCase(Locale.ROOT);
                }
                sasl = false;
                String reply = replies.getOrDefault(v, switch (v) {
                    case "EHLO" -> "250-shape\r\n250 AUTH PLAIN XOAUTH2";
                    case "AUTH" -> "235 ok";
                    case "DATA" -> "354 go";
                    case "END" -> "250 queued";
                    case "QUIT" -> "221 bye";
                    default -> "250 ok";
                });
                if (reply.equals("CLOSE")) return;
                ScriptedServer.say(out, reply);
                if (v.equals("DATA") && reply.startsWith("354")) data = true;
                if (reply.startsWith("334")) sasl = true;
                if (v.equals("QUIT")) return;
            }
        });
    }

    private static AccountConfig account(int port) {
        return new AccountConfig("t", Protocol.IMAP, "127.0.0.1", port, Security.PLAIN, "alice",
                new PasswordSource.Literal("secret"), null, false, Duration.ofSeconds(2), 0);
    }

    private static PosternException send(Map<String, String> replies, AtomicBoolean delivered) throws Exception {
        try (ScriptedServer server = mta(replies, delivered)) {
            AccountConfig a = account(server.port());
            PosternException e = assertThrows(PosternException.class,
                    () -> new SmtpSender(a, () -> "secret").send(RAW, "a@localhost", List.of("b@localhost")),
                    "a send under " + replies + " must not count as sent");
            assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("Exception")
                    || e.getMessage().contains("Got bad greeting") || e.getMessage().contains("[EOF]"), e.getMessage());
            return e;
        }
    }

    private static PosternException send(String verb, String reply) throws Exception {
        return send(Map.of(verb, reply), new AtomicBoolean());
    }

    @Test
    void aReplyWhoseLinesDisagreeAfterTheDataIsNotSentButPerhapsDelivered() throws Exception {
        PosternException e = send("END", MIXED);
        String m = e.getMessage();
        assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), m); // not 75, which a job runner retries (hunt 36-K, K1)
        assertEquals(SmtpFailure.Kind.UNCONFIRMED, assertInstanceOf(SmtpFailure.class, e, m).kind(), m);
        assertTrue(m.contains("sent a malformed reply at the end of its data, its lines carrying different reply codes"
                + " (it sent: 250-ok 550-but no 451 hmm)"), m);
        assertTrue(m.contains("the server may have delivered it"), m);
        assertFalse(m.contains("try again later"), m);
    }

    @Test
    void aReplyWhoseLinesDisagreeBeforeTheDataLeavesTheMessageUnsent() throws Exception {
        Map<String, String> cases = Map.of("", "220-hi\r\n554-no\r\n220 ok", "EHLO", "250-x\r\n550-no\r\n250 AUTH PLAIN",
                "AUTH", "235-ok\r\n535 no", "MAIL", MIXED, "RCPT", MIXED, "DATA", "354-go\r\n451 no");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            AtomicBoolean delivered = new AtomicBoolean();
            PosternException e = send(Map.of(c.getKey(), c.getValue()), delivered);
            String m = c.getKey() + ": " + e.getMessage();
            assertInstanceOf(LinkDropped.class, e, m); // 75, queued by the outbox, not perhaps delivered
            assertTrue(e.getMessage().contains("sent a malformed reply"), m);
            assertTrue(e.getMessage().contains("the server is faulty"), m);
            assertFalse(delivered.get(), m);
        }
    }

    @Test
    void aLinkClosedAtTheLoginIsLostNotARefusedLogin() throws Exception {
        for (String verb : List.of("AUTH", "EHLO", "")) {
            PosternException e = send(verb, "CLOSE");
            String m = verb + ": " + e.getMessage();
            assertInstanceOf(LinkDropped.class, e, m);
            assertTrue(e.getMessage().contains("the connection to 127.0.0.1:"), m);
            assertTrue(e.getMessage().contains("was lost"), m);
            assertFalse(e.getMessage().contains("log") || e.getMessage().contains("do what it says"), m);
        }
        assertTrue(send("AUTH", "CLOSE").getMessage().contains("was lost at AUTH; try again later."));
    }

    @Test
    void aWebServerWhereTheSmtpServerShouldBeDoesNotSpeakSmtp() throws Exception {
        PosternException e = send("", "HTTP/1.1 400 Bad Request");
        assertEquals(ExitCode.CONFIG, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("does not speak SMTP (it sent: HTTP/1.1 400 Bad Request); check host and port"),
                e.getMessage());
    }

    @Test
    void aRefusedGreetingOrEhloIsToldInPosternsWords() throws Exception {
        PosternException busy = send("", "421 4.3.2 too busy");
        assertEquals(ExitCode.TEMPFAIL, busy.exitCode(), busy.getMessage());
        assertTrue(busy.getMessage().contains("is not taking mail now in its greeting (server said: 421 4.3.2 too busy);"
                + " try again later."), busy.getMessage());
        PosternException none = send("", "554 5.3.2 no service");
        assertEquals(ExitCode.CONFIG, none.exitCode(), none.getMessage());
        assertTrue(none.getMessage().contains("refused to serve postern in its greeting (server said: 554 5.3.2 no service)"),
                none.getMessage());
        // 554 5.7.1 to EHLO and to the HELO Angus tries next: the client is refused, and sending again gets the same.
        PosternException policy = send(Map.of("EHLO", "554 5.7.1 client host blocked", "HELO", "554 5.7.1 client host blocked"),
                new AtomicBoolean());
        assertEquals(ExitCode.CONFIG, policy.exitCode(), policy.getMessage());
        assertTrue(policy.getMessage().contains("refused to serve postern at HELO (server said: 554 5.7.1 client host blocked)"),
                policy.getMessage());
        // 421 to EHLO, then the link closed: the 421 is the news, not "[EOF]".
        PosternException later = send(Map.of("EHLO", "421 4.7.0 try later", "HELO", "CLOSE"), new AtomicBoolean());
        assertEquals(ExitCode.TEMPFAIL, later.exitCode(), later.getMessage());
        assertTrue(later.getMessage().contains("is not taking mail now at EHLO (server said: 421 4.7.0 try later)"),
                later.getMessage());
    }

    @Test
    void aRefusedXoauth2LoginShowsTheServersWords() throws Exception {
        String json = "{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"https://mail.google.com/\"}";
        Map<String, String> replies = Map.of("AUTH", "334 " + Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)),
                "SASL", "535-5.7.8 Username and Password not accepted.\r\n535 5.7.8 https://support.google.com/ - gsmtp");
        try (ScriptedServer server = mta(replies, new AtomicBoolean())) {
            OAuth2Config o = new OAuth2Config(OAuth2Config.Provider.CUSTOM, null, null, null, null, null, List.of(),
                    "printf 'tok-1\\n'", null, dir.resolve("t.json"), Duration.ofSeconds(5));
            AccountConfig a = new AccountConfig("o", Protocol.IMAP, "127.0.0.1", server.port(), Security.PLAIN,
                    "alice@localhost", new PasswordSource.OAuth2(o), null, false, Duration.ofSeconds(2), 0);
            PosternException e = assertThrows(PosternException.class, () -> new SmtpSender(a,
                    () -> new PasswordResolver(Map.of()).resolve(a)).send(RAW, "a@localhost", List.of("b@localhost")));
            assertEquals(ExitCode.CONFIG, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains("rejected the OAuth2 token"), e.getMessage());
            assertTrue(e.getMessage().contains("(server said: 535-5.7.8 Username and Password not accepted."), e.getMessage());
            assertTrue(e.getMessage().contains("{\"status\":\"401\""), e.getMessage());
            assertFalse(e.getMessage().contains("failed to connect") || e.getMessage().contains("tok-1"), e.getMessage());
        }
    }

    @Test
    void onlyALinesCodeThatDiffersMakesAReplyMixed() {
        assertTrue(ReplyFault.mixed("250-ok\n550-but no\n451 hmm\n"));
        assertTrue(ReplyFault.mixed("250-ok\nfoo\n"));
        assertFalse(ReplyFault.mixed("250-a\n250-b\n250 c\n"));
        assertFalse(ReplyFault.mixed("250 one line\n"));
    }
}

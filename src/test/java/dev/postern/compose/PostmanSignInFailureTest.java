package dev.postern.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.auth.OAuth2Config;
import dev.postern.auth.TestAuthServer;
import dev.postern.auth.TokenSet;
import dev.postern.auth.TokenStore;
import dev.postern.backend.smtp.SmtpSender;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordResolver;
import dev.postern.config.PasswordSource;
import dev.postern.config.SmtpConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import dev.postern.store.MapDbStore;
import dev.postern.store.OutboxEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt34-B B1: an outbox flush whose OAuth2 sign-in fails (the token endpoint answers an HTML page with HTTP 200, the
 * token file is damaged: 65) set every waiting message aside as "REFUSED by the server", never to be sent again by
 * itself. No SMTP server said a word about those messages: the flush ends as at a refused login, every message waits,
 * and once the sign-in works they go, against GreenMail, which takes the token as the user's password.
 */
class PostmanSignInFailureTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir Path dir;

    private static final String TOKEN = "at-good-Qm4";

    private static byte[] raw(String subject) {
        return ("From: alice@localhost\r\nTo: bob@localhost\r\nSubject: " + subject + "\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aSignInThatFailsSetsNoMessageAsideAndTheyGoOnceItWorks() throws Exception {
        greenMail.setUser("alice@localhost", "alice@localhost", TOKEN);
        try (TestAuthServer auth = new TestAuthServer("alice@localhost"); MapDbStore store = MapDbStore.open(dir.resolve("data"))) {
            Path tokens = dir.resolve("oauth2").resolve("work.json");
            OAuth2Config o = new OAuth2Config(OAuth2Config.Provider.CUSTOM, "postern-test", null, auth.url("/device"), null,
                    auth.url("/token"), List.of("mail"), null, null, tokens, Duration.ofSeconds(5));
            Instant past = Instant.now().minusSeconds(3600);
            new TokenStore.File("work", tokens).save(new TokenSet("at-expired", past, "rt-1", List.of("mail"), past));
            AccountConfig a = new AccountConfig("work", Protocol.POP3, "127.0.0.1", 1, Security.PLAIN, "alice@localhost",
                    new PasswordSource.OAuth2(o), null, false, Duration.ofSeconds(10), 0)
                    .withSmtp(new SmtpConfig("127.0.0.1", greenMail.getSmtp().getPort(), Security.PLAIN, null, null, false,
                            Duration.ofSeconds(10), "alice@localhost"));
            PasswordResolver passwords = new PasswordResolver(Map.of());
            Postman postman = new Postman(n -> a, x -> {
                AccountConfig s = x.smtp().asAccount(x);
                return new SmtpSender(s, () -> passwords.resolve(s));
            }, x -> null, store, Clock.systemUTC());
            for (String s : List.of("one", "two")) {
                store.enqueueOutgoing(new OutboxEntry(0, "work", "alice@localhost", List.of("bob@localhost"), raw(s), 0, "down"));
            }
            store.commit();

            // A page where the token answer belongs (a captive portal, an outage page behind a proxy that says 200).
            auth.canned(200, "text/html", "<html><body>Sign in to the hotel wifi</body></html>");
            Postman.FlushReport page = postman.flush("work");
            assertWaitingUnrefused(store, page, "answered HTTP 200 with something that is not a JSON object");

            // A damaged token file: a local file, never the server's verdict on a message.
            Files.writeString(tokens, "{\"version\":1,");
            Postman.FlushReport damaged = postman.flush("work");
            assertWaitingUnrefused(store, damaged, "is damaged");
            assertEquals(0, greenMail.getReceivedMessages().length);

            // Signed in again: both go, the next flush on its own.
            new TokenStore.File("work", tokens).save(new TokenSet("at-expired", past, "rt-1", List.of("mail"), past));
            auth.canned(200, "application/json", "{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
            Postman.FlushReport sent = postman.flush("work");
            assertEquals(2, sent.sent(), sent.toString());
            assertEquals(ExitCode.OK, sent.exitCode());
            assertTrue(store.outbox("work").isEmpty());
            assertTrue(greenMail.waitForIncomingEmail(5000, 2));
        }
    }

    private static void assertWaitingUnrefused(MapDbStore store, Postman.FlushReport r, String why) {
        assertEquals(0, r.sent(), r.toString());
        assertEquals(2, r.waiting(), r.toString());
        assertTrue(r.notes().isEmpty(), "nothing set aside: " + r.notes());
        assertTrue(r.asideItems().isEmpty(), r.toString());
        assertNull(r.setAside(), r.toString());
        assertTrue(r.loginRefused(), "the flush stops at the sign-in, as at a refused login: " + r);
        assertFalse(r.refusedByServer(), "no server refused anything: " + r);
        assertEquals(ExitCode.DATAERR, r.stopCode(), r.toString());
        assertEquals(ExitCode.TEMPFAIL, r.exitCode(), "the messages wait: " + r);
        assertTrue(r.error().contains(why), r.error());
        for (OutboxEntry e : store.outbox("work")) assertEquals(OutboxEntry.State.WAITING, e.state(), e.lastError());
        String first = store.outbox("work").get(0).lastError();
        assertTrue(first.contains(why), "the first tells why; the flush stopped there: " + first);
    }
}

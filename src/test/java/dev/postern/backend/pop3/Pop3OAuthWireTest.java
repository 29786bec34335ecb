package dev.postern.backend.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.auth.OAuth2Config;
import dev.postern.backend.link.ScriptedServer;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordResolver;
import dev.postern.config.PasswordSource;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * postern's own POP3 SASL exchange ({@link Pop3OAuth}) on the wire, against loopback servers that play a script:
 * the response on its own line after the empty challenge, the server's error challenge answered as RFC 7628 asks,
 * and a server that stalls or cuts the link after the token went out reported as a link fault (75), not as a
 * refused token. Dovecot and GreenMail (OAuth2DovecotIT, OAuthSaslGreenMailTest) cover the successful sign-ins.
 */
class Pop3OAuthWireTest {
    private static final String TOKEN = "at-wire-Q9x7";

    @TempDir Path dir;

    /** An account whose token_command prints TOKEN and counts its runs in {@code calls}. */
    private AccountConfig account(int port) {
        Path calls = dir.resolve("calls");
        String cmd = "echo x >> '" + calls + "'; echo " + TOKEN;
        OAuth2Config o = new OAuth2Config(OAuth2Config.Provider.CUSTOM, null, null, null, null, null, List.of(), cmd,
                null, dir.resolve("t.json"), Duration.ofSeconds(5));
        return new AccountConfig("work", Protocol.POP3, "127.0.0.1", port, Security.PLAIN, "alice",
                new PasswordSource.OAuth2(o), null, false, Duration.ofSeconds(1), 0);
    }

    private int tokenRuns() throws Exception {
        Path calls = dir.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
    }

    private static void connect(AccountConfig a) {
        try (Pop3Session s = new Pop3Session(a, () -> new PasswordResolver(Map.of()).resolve(a), uid -> Optional.empty())) {
            s.connect();
        }
    }

    private static void greetAndOffer(java.io.InputStream in, java.io.OutputStream out, List<String> seen) throws Exception {
        ScriptedServer.say(out, "+OK ready");
        seen.add(ScriptedServer.line(in)); // CAPA
        ScriptedServer.say(out, "+OK\r\nUSER\r\nSASL PLAIN OAUTHBEARER XOAUTH2\r\n.");
    }

    @Test
    void theTokenGoesOnItsOwnLineAfterTheChallengeAndAngusTakesOverSignedIn() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            greetAndOffer(in, out, seen);
            seen.add(ScriptedServer.line(in)); // AUTH
            ScriptedServer.say(out, "+ ");
            seen.add(ScriptedServer.line(in)); // the response
            ScriptedServer.say(out, "+OK signed in");
            // From here on Angus speaks: its CAPA, then what opening INBOX takes (STAT), then QUIT.
            for (String l = ScriptedServer.line(in); l != null; l = ScriptedServer.line(in)) {
                seen.add(l);
                if (l.equals("CAPA")) ScriptedServer.say(out, "+OK\r\nTOP\r\nUIDL\r\n.");
                else if (l.startsWith("STAT")) ScriptedServer.say(out, "+OK 0 0");
                else if (l.equals("QUIT")) {
                    ScriptedServer.say(out, "+OK bye");
                    return;
                } else ScriptedServer.say(out, "+OK");
            }
        })) {
            connect(account(server.port()));
        }
        assertEquals("CAPA", seen.get(0));
        assertEquals("AUTH OAUTHBEARER", seen.get(1), "OAUTHBEARER when both are offered, and no token on the AUTH line");
        assertEquals("n,a=alice,\u0001auth=Bearer " + TOKEN + "\u0001\u0001",
                new String(Base64.getDecoder().decode(seen.get(2)), StandardCharsets.UTF_8));
        List<String> angus = seen.subList(3, seen.size());
        assertTrue(angus.contains("CAPA") && angus.stream().anyMatch(l -> l.startsWith("STAT")), angus.toString());
        assertFalse(angus.stream().anyMatch(l -> l.startsWith("USER") || l.startsWith("PASS") || l.startsWith("AUTH")),
                "Angus's own login never reaches the server: " + angus);
    }

    @Test
    void aRefusalWithAnErrorChallengeIsAnsweredRenewedOnceAndReportedWithTheServersWords() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        String report = Base64.getEncoder().encodeToString("{\"status\":\"invalid_token\"}".getBytes(StandardCharsets.UTF_8));
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            greetAndOffer(in, out, seen);
            ScriptedServer.line(in); // AUTH
            ScriptedServer.say(out, "+ ");
            ScriptedServer.line(in); // the response
            ScriptedServer.say(out, "+ " + report);
            seen.add(ScriptedServer.line(in)); // the client's end of the exchange
            ScriptedServer.say(out, "-ERR [AUTH] Authentication failed.");
        })) {
            PosternException e = assertThrows(PosternException.class, () -> connect(account(server.port())));
            assertEquals(ExitCode.CONFIG, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().startsWith("account work: the server rejected the OAuth2 token for user 'alice'"
                    + " (server said: [AUTH] Authentication failed. {\"status\":\"invalid_token\"})"), e.getMessage());
            assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
        }
        assertEquals(List.of("AQ==", "AQ=="), seen.stream().filter(l -> !l.equals("CAPA")).toList(),
                "each try ends the exchange with a single ^A (RFC 7628 3.2.3)");
        assertEquals(2, tokenRuns(), "the refused token was renewed once");
    }

    @Test
    void aServerThatStallsOrCutsTheLinkAfterTheTokenIsALinkFaultNotARefusal() throws Exception {
        try (ScriptedServer stalls = new ScriptedServer((s, in, out) -> {
            greetAndOffer(in, out, new CopyOnWriteArrayList<>());
            ScriptedServer.line(in);
            ScriptedServer.say(out, "+ ");
            ScriptedServer.line(in);
            Thread.sleep(60_000); // far past the account's 1 s time-out
        });
             ScriptedServer cuts = new ScriptedServer((s, in, out) -> {
                 greetAndOffer(in, out, new CopyOnWriteArrayList<>());
                 ScriptedServer.line(in);
                 ScriptedServer.say(out, "+ ");
                 ScriptedServer.line(in);
                 ScriptedServer.reset(s);
             })) {
            for (ScriptedServer server : List.of(stalls, cuts)) {
                long t0 = System.nanoTime();
                PosternException e = assertThrows(PosternException.class, () -> connect(account(server.port())));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(ExitCode.TEMPFAIL, e.exitCode(), e.getMessage());
                assertFalse(e.getMessage().contains("rejected"), e.getMessage());
                assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
                assertFalse(e.getMessage().contains("Exception"), e.getMessage());
                assertTrue(ms < 20_000, "took " + ms + " ms: " + e.getMessage());
            }
        }
        assertEquals(2, tokenRuns(), "a link fault is not a refusal: no renewal, one token per connection");
    }
}

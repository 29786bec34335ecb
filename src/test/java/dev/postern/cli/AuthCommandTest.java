package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.auth.TestAuthServer;
import dev.postern.e2e.PosternConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `postern auth login|status|logout` in-process against the loopback authorization server. */
class AuthCommandTest {
    @TempDir Path home;
    private TestAuthServer server;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        server = new TestAuthServer("alice");
        config = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("work", "imap", "127.0.0.1", 1, "tls", "alice", null, 5, null)
                        + "auth = \"oauth2\"\n" + server.configTable("work"),
                PosternConfig.account("home", "imap", "127.0.0.1", 1, "tls", "bob", "pw", 5, null));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void statusLoginAndLogoutOfAnAccountNeverPrintingAToken() throws Exception {
        CliRun.Result before = CliRun.run(home, config, "auth", "status");
        assertEquals(0, before.code(), before.toString());
        assertEquals("work: not signed in; run `postern auth login work`\n", before.out());

        CliRun.Result login = CliRun.run(home, config, Map.of("BROWSER", "curl -s -o /dev/null -L"),
                "auth", "login", "work", "--browser");
        assertEquals(0, login.code(), login.toString());
        assertTrue(login.out().contains("signed in work; the access token is good for 59 minutes"), login.out());

        CliRun.Result json = CliRun.run(home, config, "auth", "status", "--json");
        assertEquals(0, json.code(), json.toString());
        assertTrue(json.out().startsWith("{\"account\":\"work\",\"provider\":\"custom\",\"signed_in\":true,"), json.out());
        assertTrue(json.out().contains("\"refresh_token\":true,\"scopes\":[\"mail\",\"offline_access\"]"), json.out());
        // the fields the issue asks for, with their values: present, expires in, scopes, last refresh
        Map<String, Object> o = dev.postern.auth.Json.object(json.out().strip());
        assertEquals(Boolean.TRUE, o.get("signed_in"), json.out());
        long expiresIn = ((java.math.BigDecimal) o.get("access_token_expires_in")).longValue();
        assertTrue(expiresIn > 3000 && expiresIn <= 3600, "the server's hour, less the time since: " + json.out());
        java.time.Instant last = java.time.Instant.parse((String) o.get("last_refresh"));
        assertTrue(Math.abs(java.time.Duration.between(last, java.time.Instant.now()).toSeconds()) < 300, json.out());
        CliRun.Result human = CliRun.run(home, config, "auth", "status");
        assertTrue(human.out().matches("work: signed in; access token expires in 5\\d minutes, renewed when needed; scopes"
                + " mail offline_access; last refresh \\S+Z\n"), human.out());
        for (String t : server.issued()) {
            assertFalse(human.out().contains(t), "a token was printed");
        }
        for (String t : server.issued()) {
            assertFalse((login.out() + login.err() + json.out()).contains(t), "a token was printed");
        }

        Path file = home.resolve("data").resolve("oauth2").resolve("work.json");
        assertTrue(Files.exists(file));
        CliRun.Result logout = CliRun.run(home, config, "auth", "logout", "work");
        assertEquals(0, logout.code(), logout.toString());
        assertFalse(Files.exists(file));
        assertTrue(CliRun.run(home, config, "auth", "status").out().contains("work: not signed in"));
    }

    /**
     * A batch command whose access token must be renewed, against a token endpoint that hangs, one that answers an
     * HTML outage page (502) and one that answers a page with 200: each run ends within the account's deadline with
     * exit 75, 75 and 65 and one line on stderr, no stack trace, no token, and the saved sign-in is kept for when the
     * endpoint is well again.
     */
    @Test
    void aSlowOrGarbageTokenEndpointEndsABatchRunWithOneSentence() throws Exception {
        server.accessTtl(1); // every use renews (a token with less than a minute left is not sent)
        CliRun.Result login = CliRun.run(home, config, Map.of("BROWSER", "curl -s -o /dev/null -L"),
                "auth", "login", "work", "--browser");
        assertEquals(0, login.code(), login.toString());
        Path file = home.resolve("data").resolve("oauth2").resolve("work.json");
        String saved = Files.readString(file);

        server.tokenMode(TestAuthServer.Mode.SLOW).slowMillis(10_000); // twice the account's 5 s deadline
        long t0 = System.nanoTime();
        CliRun.Result slow = CliRun.run(home, config, "folders", "--account", "work");
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertEquals(75, slow.code(), slow.toString());
        assertTrue(slow.err().matches("postern: account work: the sign-in server 127\\.0\\.0\\.1:\\d+ did not answer within 5"
                + " s; try again later\\.\n"), slow.err());
        assertTrue(seconds < 20, "gave up after " + seconds + " s, not at the 5 s deadline");

        server.tokenMode(TestAuthServer.Mode.GARBAGE); // an outage page (502): the provider's trouble, 75
        CliRun.Result down = CliRun.run(home, config, "folders", "--account", "work");
        assertEquals(75, down.code(), down.toString());
        assertTrue(down.err().matches("postern: account work: the sign-in server 127\\.0\\.0\\.1:\\d+ answered HTTP 502"
                + " \\(a fault on the provider's side\\); try again later\\.\n"), down.err());
        assertFalse(down.err().contains("<html>"), "the page's text is not shown as if it were the server's words");

        server.canned(200, "text/html", "<html><body>Sign in</body></html>"); // a page where tokens belong: 65
        CliRun.Result garbage = CliRun.run(home, config, "folders", "--account", "work");
        assertEquals(65, garbage.code(), garbage.toString());
        assertTrue(garbage.err().matches("postern: account work: the sign-in server 127\\.0\\.0\\.1:\\d+ answered HTTP 200"
                + " with something that is not a JSON object \\([^\n]*\\); check the provider's endpoints in the config\\.\n"),
                garbage.err());
        assertFalse(garbage.err().contains("<html>"), "the page's text is not shown as if it were the server's words");
        assertEquals(saved, Files.readString(file), "a failed renewal keeps the saved sign-in");
        for (String t : server.issued()) {
            assertFalse((slow.out() + slow.err() + down.err() + garbage.out() + garbage.err()).contains(t), "a token was printed");
        }
    }

    /**
     * `send` on an OAuth2 account while the provider's token endpoint is down (an outage page, then its
     * temporarily_unavailable code): 75, and the message waits in the outbox as for any server that cannot be
     * reached, instead of 65/78 with the message gone.
     */
    @Test
    void aSendWhileTheTokenEndpointIsDownIsQueued() throws Exception {
        Path cfg = PosternConfig.write(home.resolve("send.toml"), home.resolve("data"),
                PosternConfig.account("work", "imap", "127.0.0.1", dev.postern.ClosedPort.take(), "plain", "alice", null, 5, null)
                        + "auth = \"oauth2\"\n" + server.configTable("work"),
                "[accounts.work.smtp]\nhost = \"127.0.0.1\"\nport = " + dev.postern.ClosedPort.take()
                        + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
        server.accessTtl(1); // every use renews
        CliRun.Result login = CliRun.run(home, cfg, Map.of("BROWSER", "curl -s -o /dev/null -L"),
                "auth", "login", "work", "--browser");
        assertEquals(0, login.code(), login.toString());

        server.canned(503, "text/html", "<html><body>503 Service Unavailable</body></html>");
        CliRun.Result page = CliRun.runWithStdin(home, cfg, "hi\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "send", "--to", "bob@localhost", "-s", "during the outage");
        assertEquals(75, page.code(), page.toString());
        assertTrue(page.err().contains("answered HTTP 503 (a fault on the provider's side)"), page.err());
        assertTrue(page.err().contains("queued"), page.err());

        server.canned(503, "application/json", "{\"error\":\"temporarily_unavailable\"}");
        CliRun.Result code = CliRun.runWithStdin(home, cfg, "hi\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "send", "--to", "bob@localhost", "-s", "still down");
        assertEquals(75, code.code(), code.toString());
        assertTrue(code.err().contains("temporarily_unavailable"), code.err());

        CliRun.Result outbox = CliRun.run(home, cfg, "outbox");
        assertTrue(outbox.out().contains("during the outage") && outbox.out().contains("still down"), outbox.toString());
    }

    /**
     * After the provider answered invalid_grant to the refresh (the sign-in expired or was revoked), `auth status`
     * says so and names `postern auth login`, in text and JSON, until the account is signed in again.
     */
    @Test
    void statusAfterTheProviderRefusedTheRefreshSaysToSignInAgain() throws Exception {
        server.accessTtl(1); // every use renews
        CliRun.Result login = CliRun.run(home, config, Map.of("BROWSER", "curl -s -o /dev/null -L"),
                "auth", "login", "work", "--browser");
        assertEquals(0, login.code(), login.toString());
        server.revokeAll();
        CliRun.Result refused = CliRun.run(home, config, "folders", "--account", "work");
        assertEquals(78, refused.code(), refused.toString());
        assertTrue(refused.err().contains("run `postern auth login work`"), refused.err());

        CliRun.Result status = CliRun.run(home, config, "auth", "status");
        assertEquals(0, status.code(), status.toString());
        assertTrue(status.out().matches("work: the provider refused the saved sign-in at \\S+Z \\(it expired or was"
                + " revoked\\); run `postern auth login work`\n"), status.out());
        CliRun.Result json = CliRun.run(home, config, "auth", "status", "--json");
        Map<String, Object> o = dev.postern.auth.Json.object(json.out().strip());
        assertEquals(Boolean.FALSE, o.get("signed_in"), json.out());
        assertTrue(o.get("refused_at") instanceof String, json.out());

        CliRun.Result again = CliRun.run(home, config, Map.of("BROWSER", "curl -s -o /dev/null -L"),
                "auth", "login", "work", "--browser");
        assertEquals(0, again.code(), again.toString());
        assertTrue(CliRun.run(home, config, "auth", "status").out().startsWith("work: signed in; "));
    }

    @Test
    void aPasswordAccountOrAnUnknownOneIsAUsageError() {
        CliRun.Result pw = CliRun.run(home, config, "auth", "login", "home");
        assertEquals(64, pw.code(), pw.toString());
        assertEquals("postern: account home signs in with a password, not OAuth2; set auth = \"oauth2\" and an"
                + " [accounts.home.oauth2] table to use OAuth2.\n", pw.err());
        assertEquals(64, CliRun.run(home, config, "auth", "logout", "nosuch").code());
    }

    /** status and logout are the typed auth over the saved sign-ins alone: another postern holding the store stops neither. */
    @Test
    void statusAndLogoutWorkWhileAnotherPosternHoldsTheStore() throws Exception {
        try (dev.postern.store.MapDbStore held = dev.postern.store.MapDbStore.open(home.resolve("data"))) {
            CliRun.Result status = CliRun.run(home, config, "auth", "status");
            assertEquals(0, status.code(), status.toString());
            assertEquals("work: not signed in; run `postern auth login work`\n", status.out());
            CliRun.Result logout = CliRun.run(home, config, "auth", "logout", "work");
            assertEquals(0, logout.code(), logout.toString());
            assertEquals("forgot the sign-in of work.\n", logout.out());
        }
    }
}

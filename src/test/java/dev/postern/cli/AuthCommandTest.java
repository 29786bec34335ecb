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

    @Test
    void aPasswordAccountOrAnUnknownOneIsAUsageError() {
        CliRun.Result pw = CliRun.run(home, config, "auth", "login", "home");
        assertEquals(64, pw.code(), pw.toString());
        assertEquals("postern: account home signs in with a password, not OAuth2; set auth = \"oauth2\" and an"
                + " [accounts.home.oauth2] table to use OAuth2.\n", pw.err());
        assertEquals(64, CliRun.run(home, config, "auth", "logout", "nosuch").code());
    }
}

package dev.postern.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.SignInNeeded;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A refresh against a real token endpoint on loopback that is down or refuses: the provider's own trouble (HTTP
 * 5xx or 429, whatever the body; the codes temporarily_unavailable, server_error, slow_down) is 75 "try again
 * later"; a 2xx answer that is no token answer is 65; a refusal of the request or the sign-in is 78.
 */
class OAuthOutageTest {
    @TempDir Path dir;
    private TestAuthServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestAuthServer("alice");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TokenSet refresh() {
        OAuth2Config c = new OAuth2Config(OAuth2Config.Provider.CUSTOM, "postern-test", null, server.url("/device"),
                server.url("/authorize"), server.url("/token"), List.of("mail"), null, null, dir.resolve("work.json"),
                Duration.ofSeconds(5));
        TokenSet current = new TokenSet("old", Instant.now().minusSeconds(10), "refresh-1", List.of("mail"), null);
        return new OAuthClient("work", c, Clock.systemUTC()).refresh(current);
    }

    @ParameterizedTest(name = "HTTP {0} {2}")
    @CsvSource(delimiter = '|', value = {
        "500|text/html|<html><body><h1>500 Internal Server Error</h1></body></html>",
        "503|text/html|<html><body><h1>503 Service Unavailable</h1></body></html>",
        "502|text/html|",
        "500|application/json|{\"message\":\"oops\"}",
        "429|text/plain|rate limited",
    })
    void anOutagePageOrAnAnswerWithoutErrorCodeIsTheProvidersFaultExit75(int status, String type, String body) {
        server.canned(status, type, body == null ? "" : body);
        PosternException e = assertThrows(PosternException.class, this::refresh);
        assertEquals(ExitCode.TEMPFAIL, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().matches("account work: the sign-in server 127\\.0\\.0\\.1:\\d+ answered HTTP " + status
                + " \\((a fault on the provider's side|too many requests)\\); try again later\\."), e.getMessage());
        assertFalse(e.getMessage().contains("<"), "the page is not shown as if it were the server's words");
    }

    @ParameterizedTest(name = "HTTP {0} {1}")
    @CsvSource(delimiter = '|', value = {
        "503|temporarily_unavailable",
        "500|server_error",
        "429|slow_down",
        "400|temporarily_unavailable",
        "503|some_vendor_code",
    })
    void theTemporaryErrorCodesAreExit75NotAConfigProblem(int status, String code) {
        server.canned(status, "application/json", "{\"error\":\"" + code + "\",\"error_description\":\"try later\"}");
        PosternException e = assertThrows(PosternException.class, this::refresh);
        assertEquals(ExitCode.TEMPFAIL, e.exitCode(), e.getMessage());
        assertEquals("account work: the sign-in server cannot serve now (server said: " + code + ": try later);"
                + " try again later.", e.getMessage());
    }

    @ParameterizedTest(name = "HTTP 200 {1}")
    @CsvSource(delimiter = '|', value = {
        "text/html|<html><body>Login page</body></html>",
        "application/json|{\"access_token\": \"AT\", \"expires_in\": 36",
        "application/json|{\"token_type\":\"Bearer\",\"expires_in\":3600}",
    })
    void aSuccessThatIsNoTokenAnswerStaysExit65(String type, String body) {
        server.canned(200, type, body);
        PosternException e = assertThrows(PosternException.class, this::refresh);
        assertEquals(ExitCode.DATAERR, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("check the provider's endpoints") || e.getMessage().contains("check token_url"),
                e.getMessage());
    }

    @Test
    void aRefusalOfTheSignInOrTheRequestStaysExit78EvenWithA5xxStatus() {
        server.canned(400, "application/json", "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS70008\"}");
        SignInNeeded grant = assertThrows(SignInNeeded.class, this::refresh);
        assertEquals(ExitCode.CONFIG, grant.exitCode());
        assertTrue(grant.getMessage().endsWith("run `postern auth login work`."), grant.getMessage());

        server.canned(500, "application/json", "{\"error\":\"invalid_client\"}");
        PosternException client = assertThrows(PosternException.class, this::refresh);
        assertEquals(ExitCode.CONFIG, client.exitCode(), client.getMessage());
        assertTrue(client.getMessage().endsWith("check client_id (and client_secret_command) in the config."),
                client.getMessage());

        server.canned(404, "text/html", "<html>Not Found</html>");
        PosternException missing = assertThrows(PosternException.class, this::refresh);
        assertEquals(ExitCode.DATAERR, missing.exitCode(), "a 404 page is a wrong endpoint, not an outage: "
                + missing.getMessage());
    }

    /** hunt34-B B12: a redirect is named, with where it points, not "not a JSON object (unexpected end ...)". */
    @Test
    void aRedirectIsNamedWithWhereItPoints() {
        server.canned(302, "text/html", "");
        PosternException e = assertThrows(PosternException.class, this::refresh);
        assertEquals(ExitCode.DATAERR, e.exitCode());
        assertTrue(e.getMessage().contains("answered HTTP 302, a redirect to https://login.example.net/new/token")
                && e.getMessage().contains("token_url"), e.getMessage());
    }
}

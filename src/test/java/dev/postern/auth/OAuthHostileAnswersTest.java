package dev.postern.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token endpoint that answers as no provider would: without end, or with numbers that are short text and
 * huge values. Each is one sentence with its exit code, soon, with the heap intact; never a hang, a
 * DateTimeException or an OutOfMemoryError.
 */
class OAuthHostileAnswersTest {
    @TempDir Path dir;
    private HttpServer http;
    /** The body the token endpoint answers, or null for an endless one. */
    private final AtomicReference<String> answer = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hostile-token-endpoint");
            t.setDaemon(true);
            return t;
        }));
        http.createContext("/token", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", "application/json");
            String body = answer.get();
            try (OutputStream out = ex.getResponseBody()) {
                if (body != null) {
                    byte[] b = body.getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, b.length);
                    out.write(b);
                } else {
                    ex.sendResponseHeaders(200, 0); // chunked, and never ends
                    byte[] chunk = ("{\"access_token\":\"" + "A".repeat(65_000)).getBytes(StandardCharsets.US_ASCII);
                    for (long sent = 0; sent < 4L << 30; sent += chunk.length) out.write(chunk);
                }
            } catch (IOException gone) {
                // the client stopped reading
            }
        });
        http.createContext("/device", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] b = ("{\"device_code\":\"d\",\"user_code\":\"U-1\",\"verification_uri\":\"https://example.org/device\","
                    + "\"interval\":1e999999999,\"expires_in\":99999999999999999999}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private TokenSet refresh(Duration timeout) {
        URI token = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/token");
        OAuth2Config config = new OAuth2Config(OAuth2Config.Provider.CUSTOM, "postern-test", null, token, token, token,
                List.of("mail"), null, null, dir.resolve("work.json"), timeout);
        TokenSet current = new TokenSet("old", Instant.now().minusSeconds(10), "refresh-1", List.of("mail"), null);
        return new OAuthClient("work", config, Clock.systemUTC()).refresh(current);
    }

    @Test
    void anEndlessAnswerIsCutAtAMebibyteNotReadUntilTheHeapIsFull() {
        answer.set(null);
        long t0 = System.nanoTime();
        PosternException e = assertThrows(PosternException.class, () -> refresh(Duration.ofSeconds(60)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(ExitCode.DATAERR, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().matches("account work: the sign-in server 127\\.0\\.0\\.1:\\d+ sent an answer of more than"
                + " 1 MiB, which no OAuth answer is; check the provider's endpoints in the config\\."), e.getMessage());
        assertTrue(ms < 20_000, "cut at the cap, not at the 60 s deadline: " + ms + " ms");
    }

    @Test
    void anExpiresInOfShortTextButHugeValueIsRefusedAtOnce() {
        for (String n : List.of("1e999999999", "99999999999999999999", "-5", "\"1e9\"", "315360001")) {
            answer.set("{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":" + n + "}");
            PosternException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(PosternException.class, () -> refresh(Duration.ofSeconds(5))), n);
            assertEquals(ExitCode.DATAERR, e.exitCode(), n + ": " + e.getMessage());
            assertTrue(e.getMessage().matches("account work: the sign-in server 127\\.0\\.0\\.1:\\d+ sent expires_in .+, which is"
                    + " not a number of seconds from 0 to ten years, so its token was not used \\(the saved sign-in is kept\\);"
                    + " check token_url in the config, or try again later\\."), n + ": " + e.getMessage());
        }
        answer.set("{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":\"3599\"}");
        assertEquals("t", refresh(Duration.ofSeconds(5)).accessToken(), "a string of digits, as some providers send it, is fine");
    }

    @Test
    void aNumberPastTheExponentsRangeIsMalformedJsonNotACrash() {
        answer.set("{\"access_token\":\"t\",\"expires_in\":1e99999999999999999999}");
        PosternException e = assertThrows(PosternException.class, () -> refresh(Duration.ofSeconds(5)));
        assertEquals(ExitCode.DATAERR, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("with something that is not a JSON object (number out of range"), e.getMessage());
    }

    @Test
    void aSavedSignInWithAnImpossibleExpiryReadsAsNoExpiryAtOnce() throws Exception {
        TokenSet t = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> TokenSet.fromJson(
                "{\"access_token\":\"a\",\"expires_at\":1e999999999,\"refresh_token\":\"r\",\"last_refresh\":99999999999999999999}"));
        assertEquals("a", t.accessToken());
        assertNull(t.expiresAt());
        assertNull(t.lastRefresh());
    }

    @Test
    void theRedirectListenerReadsARequestLineToItsCeilingNotToTheEndOfAFlood() throws IOException {
        long[] read = {0};
        java.io.InputStream flood = new java.io.InputStream() { // 'A' without end, as any local process may send
            @Override public int read() {
                read[0]++;
                return 'A';
            }
        };
        assertNull(BrowserFlow.requestLine(flood));
        assertTrue(read[0] <= 64 * 1024 + 1, "read " + read[0] + " bytes");
        assertEquals("GET /cb?code=1&state=s HTTP/1.1", BrowserFlow.requestLine(new java.io.ByteArrayInputStream(
                "GET /cb?code=1&state=s HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void aDeviceAnswerWithImpossibleIntervalAndLifetimeFallsBackToRfcDefaultsAtOnce() {
        URI base = URI.create("http://127.0.0.1:" + http.getAddress().getPort());
        OAuth2Config config = new OAuth2Config(OAuth2Config.Provider.CUSTOM, "postern-test", null, base.resolve("/device"),
                base.resolve("/device"), base.resolve("/token"), List.of("mail"), null, null, dir.resolve("work.json"),
                Duration.ofSeconds(5));
        answer.set("{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        List<Long> waits = new java.util.ArrayList<>();
        java.io.StringWriter printed = new java.io.StringWriter();
        TokenSet t = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new DeviceFlow("work", config,
                new OAuthClient("work", config, Clock.systemUTC()), Clock.systemUTC(), waits::add)
                .run(new java.io.PrintWriter(printed)));
        assertEquals("t", t.accessToken());
        assertEquals(List.of(5000L), waits, "RFC 8628's 5 s, not ten to the billionth seconds");
        assertTrue(printed.toString().contains("the code is good for 15 minutes"), printed.toString());
    }
}

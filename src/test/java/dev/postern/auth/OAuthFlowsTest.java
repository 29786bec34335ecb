package dev.postern.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device, browser and refresh flows against a real HTTP authorization server on loopback. */
class OAuthFlowsTest {
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

    private OAuth2Config config(Duration timeout) {
        return new OAuth2Config(OAuth2Config.Provider.CUSTOM, "postern-test", null, server.url("/device"),
                server.url("/authorize"), server.url("/token"), List.of("mail", "offline_access"), null, null,
                dir.resolve("oauth2").resolve("work.json"), timeout);
    }

    private OAuth2Config config() {
        return config(Duration.ofSeconds(5));
    }

    private TokenSet deviceLogin(OAuth2Config c, List<Long> waits, StringWriter printed) {
        OAuthClient client = new OAuthClient("work", c, Clock.systemUTC());
        return new DeviceFlow("work", c, client, Clock.systemUTC(), waits::add).run(new PrintWriter(printed));
    }

    @Test
    void deviceFlowPrintsTheCodeAndPollsAtTheAskedIntervalSlowingDownWhenTold() {
        server.devicePolls("authorization_pending", "slow_down", "authorization_pending");
        List<Long> waits = new ArrayList<>();
        StringWriter printed = new StringWriter();
        TokenSet t = deviceLogin(config(), waits, printed);
        assertTrue(printed.toString().contains(server.url("/activate") + " on any device and enter the code WDJB-MJHT"),
                printed.toString());
        // interval 1 s; slow_down adds 5 s to every later poll (RFC 8628 3.5)
        assertEquals(List.of(1000L, 1000L, 6000L, 6000L), waits);
        assertTrue(server.active(t.accessToken()));
        assertTrue(t.refreshToken().startsWith("rt-"));
        assertFalse(printed.toString().contains(t.accessToken()));
    }

    @Test
    void onAWideEnoughTerminalTheDeviceFlowDrawsAQrCodeAPhoneCanRead() throws Exception {
        OAuthClient client = new OAuthClient("work", config(), Clock.systemUTC());
        StringWriter printed = new StringWriter();
        new DeviceFlow("work", config(), client, Clock.systemUTC(), w -> { }).run(new PrintWriter(printed), 120);
        List<String> qr = printed.toString().lines().filter(l -> !l.isEmpty() && l.chars().allMatch(ch -> " ▀▄█".indexOf(ch) >= 0)).toList();
        assertFalse(qr.isEmpty(), printed.toString());
        assertEquals(server.url("/activate") + "?user_code=WDJB-MJHT", decode(qr), "the code carries the address with the code");

        for (int columns : new int[] {0, 30}) {
            StringWriter narrow = new StringWriter();
            new DeviceFlow("work", config(), client, Clock.systemUTC(), w -> { }).run(new PrintWriter(narrow), columns);
            assertFalse(narrow.toString().contains("█"), "no code on " + columns + " columns: " + narrow);
            assertTrue(narrow.toString().contains("enter the code WDJB-MJHT"), narrow.toString());
        }
    }

    /** Reads the half-block text back as a picture (drawn = light, blank = dark) and decodes it with ZXing. */
    private static String decode(List<String> lines) throws Exception {
        int scale = 4;
        int w = lines.get(0).length();
        int h = lines.size() * 2;
        int[] pixels = new int[w * scale * h * scale];
        for (int row = 0; row < lines.size(); row++) {
            for (int x = 0; x < w; x++) {
                char c = lines.get(row).charAt(x);
                boolean top = c == '█' || c == '▀';
                boolean bottom = c == '█' || c == '▄';
                for (int half = 0; half < 2; half++) {
                    int rgb = (half == 0 ? top : bottom) ? 0xffffff : 0x000000;
                    int y = row * 2 + half;
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) pixels[(y * scale + dy) * w * scale + x * scale + dx] = rgb;
                    }
                }
            }
        }
        // As a dark terminal shows it: the drawn (light) modules white, the blank (dark) ones black.
        var source = new com.google.zxing.RGBLuminanceSource(w * scale, h * scale, pixels);
        var bitmap = new com.google.zxing.BinaryBitmap(new com.google.zxing.common.HybridBinarizer(source));
        return new com.google.zxing.qrcode.QRCodeReader().decode(bitmap).getText();
    }

    @Test
    void aDeclinedDeviceSignInIsOneSentenceAndExit78() {
        server.devicePolls("authorization_pending", "access_denied");
        PosternException e = assertThrows(PosternException.class,
                () -> deviceLogin(config(), new ArrayList<>(), new StringWriter()));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertEquals("account work: the sign-in was declined on the provider's page; nothing was saved.", e.getMessage());
    }

    /**
     * The provider's outage pages and a dropped link while the user approves: polling goes on, each failure doubling
     * the interval (RFC 8628 3.5), and the sign-in completes; an error that is no passing trouble still ends it.
     */
    @Test
    void aDeviceSignInOutlastsOutagesAndADroppedLinkWhilePolling() {
        server.devicePolls("authorization_pending", "http 503", "drop", "http 500", "authorization_pending");
        List<Long> waits = new ArrayList<>();
        TokenSet t = deviceLogin(config(), waits, new StringWriter());
        assertTrue(server.active(t.accessToken()));
        assertEquals(List.of(1000L, 1000L, 2000L, 4000L, 8000L, 8000L), waits);

        server.devicePolls("http 502", "invalid_client");
        PosternException e = assertThrows(PosternException.class,
                () -> deviceLogin(config(), new ArrayList<>(), new StringWriter()));
        assertEquals(ExitCode.CONFIG, e.exitCode(), e.getMessage());
    }

    /** An outage that lasts until the code expires: the sentence says the code expired, and what the polls met. */
    @Test
    void aCodeThatExpiresDuringAnOutageSaysSoAndWhatThePollsMet() {
        String[] down = new String[30];
        java.util.Arrays.fill(down, "http 503");
        server.devicePolls(down);
        java.time.Instant[] now = {java.time.Instant.parse("2026-12-05T10:00:00Z")};
        Clock clock = new Clock() {
            @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public java.time.Instant instant() { return now[0]; }
        };
        List<Long> waits = new ArrayList<>();
        OAuthClient client = new OAuthClient("work", config(), clock);
        PosternException e = assertThrows(PosternException.class, () -> new DeviceFlow("work", config(), client, clock, ms -> {
            waits.add(ms);
            now[0] = now[0].plusMillis(ms);
        }).run(new PrintWriter(new StringWriter())));
        assertEquals(ExitCode.TEMPFAIL, e.exitCode());
        assertTrue(e.getMessage().matches("account work: the code expired before it was approved \\(the last poll failed:"
                + " the sign-in server 127\\.0\\.0\\.1:\\d+ answered HTTP 503 \\(a fault on the provider's side\\)\\);"
                + " run `postern auth login work` again\\."), e.getMessage());
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 16000L, 32000L, 60000L), waits.subList(0, 7), "backed off, capped at a minute");
    }

    @Test
    void anExpiredDeviceCodeSaysToRunLoginAgain() {
        server.devicePolls("expired_token");
        PosternException e = assertThrows(PosternException.class,
                () -> deviceLogin(config(), new ArrayList<>(), new StringWriter()));
        assertEquals(ExitCode.TEMPFAIL, e.exitCode());
        assertTrue(e.getMessage().contains("run `postern auth login work` again"), e.getMessage());
    }

    @Test
    void browserFlowWithPkceAndALoopbackRedirectSavesTokensOnly0600() throws Exception {
        // The "browser" follows the authorization server's redirect back to postern's loopback listener.
        TokenService tokens = new TokenService(Map.of("BROWSER", "curl -s -o /dev/null -L"), Clock.systemUTC());
        StringWriter printed = new StringWriter();
        TokenSet t = tokens.login("work", config(), true, 0, new PrintWriter(printed));
        assertTrue(server.active(t.accessToken()));
        assertEquals(List.of("authorization_code"), server.grants());
        assertTrue(printed.toString().contains("code_challenge_method=S256"), printed.toString());
        Path file = dir.resolve("oauth2").resolve("work.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals(t.accessToken(), tokens.accessToken("work", config()));
        assertEquals(0, server.refreshes(), "a fresh access token is used as it is");
    }

    /**
     * A browser on another device (a phone, the user on SSH) cannot follow the redirect to 127.0.0.1: it shows the
     * address it ended on, which the user pastes at the terminal. An address of another sign-in is refused with a
     * sentence and the flow goes on waiting; this sign-in's address finishes it, without the listener being reached.
     */
    @Test
    void aBrowserOnAnotherDeviceIsFinishedByPastingTheAddressItEndedOn() throws Exception {
        TokenService tokens = new TokenService(Map.of(), Clock.systemUTC()); // no $BROWSER, no display: nothing opened
        StringWriter printed = new StringWriter();
        java.io.PipedOutputStream typing = new java.io.PipedOutputStream();
        java.io.PipedInputStream terminal = new java.io.PipedInputStream(typing, 64 * 1024);
        java.util.concurrent.CompletableFuture<TokenSet> login = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> tokens.login("work", config(), true, 0, new PrintWriter(printed, true), Map.of(), 0, terminal));
        String url = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (url == null && System.nanoTime() < deadline) {
            url = printed.toString().lines().filter(l -> l.startsWith("http") && l.contains("code_challenge=")).findFirst()
                    .orElse(null);
            if (url == null) Thread.sleep(20);
        }
        assertTrue(url != null, printed.toString());
        assertTrue(printed.toString().contains("copy that whole address here and press Enter"), printed.toString());
        // The "phone": asks the provider, which answers with the redirect, and goes no further.
        java.net.http.HttpResponse<Void> r = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
        String endedOn = r.headers().firstValue("Location").orElseThrow();
        assertTrue(endedOn.startsWith("http://127.0.0.1:") && endedOn.contains("code="), endedOn);
        typing.write((endedOn.replaceAll("state=[^&]*", "state=someone-elses") + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        typing.flush();
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!printed.toString().contains("not the address of this sign-in") && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(printed.toString().contains("not the address of this sign-in"), printed.toString());
        assertFalse(login.isDone(), "a pasted address of another sign-in ended the flow");
        typing.write(("  " + endedOn + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        typing.flush();
        TokenSet t = login.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(server.active(t.accessToken()));
        assertEquals(List.of("authorization_code"), server.grants());
        assertEquals(t.accessToken(), tokens.accessToken("work", config()));
    }

    @Test
    void anExpiredAccessTokenIsRefreshedSilentlyAndTheRotatedRefreshTokenIsKept() throws Exception {
        server.accessTtl(1); // within the one-minute margin: every use refreshes
        TokenService tokens = new TokenService(Map.of(), Clock.systemUTC());
        deviceLoginAndSave(tokens);
        String first = new TokenStore.File("work", config().tokenFile()).load().orElseThrow().refreshToken();
        String a1 = tokens.accessToken("work", config());
        String second = new TokenStore.File("work", config().tokenFile()).load().orElseThrow().refreshToken();
        String a2 = new TokenService(Map.of(), Clock.systemUTC()).accessToken("work", config()); // another process
        String third = new TokenStore.File("work", config().tokenFile()).load().orElseThrow().refreshToken();
        assertEquals(2, server.refreshes());
        assertNotEquals(first, second);
        assertNotEquals(second, third);
        assertNotEquals(a1, a2);
        assertTrue(server.active(a2));
    }

    private void deviceLoginAndSave(TokenService tokens) {
        TokenSet t = deviceLogin(config(), new ArrayList<>(), new StringWriter());
        new TokenStore.File("work", config().tokenFile()).save(t);
        tokens.distrust("work");
    }

    @Test
    void aRevokedRefreshTokenSaysToLogInAgainWithExit78() {
        server.accessTtl(1);
        TokenService tokens = new TokenService(Map.of(), Clock.systemUTC());
        deviceLoginAndSave(tokens);
        server.revokeAll();
        // The refusal comes 200 ms after the tokens were read, so that recording it is past the file clock's coarseness.
        server.tokenMode(TestAuthServer.Mode.SLOW).slowMillis(200);
        dev.postern.model.SignInNeeded e = assertThrows(dev.postern.model.SignInNeeded.class,
                () -> tokens.accessToken("work", config()));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertEquals("account work: the provider no longer accepts the saved sign-in (it expired or was revoked);"
                + " run `postern auth login work`.", e.getMessage());
        assertTrue(new TokenStore.File("work", config().tokenFile()).load().orElseThrow().refusedAt() != null,
                "the refusal is recorded for `auth status`");
        // Recording it saved the token file, but no sign-in came of that: the reader still shows the failure.
        assertFalse(e.superseded(), "the recorded refusal is no new sign-in");
        dev.postern.model.SignInNeeded again = assertThrows(dev.postern.model.SignInNeeded.class,
                () -> new TokenService(Map.of(), Clock.systemUTC()).accessToken("work", config()));
        assertFalse(again.superseded() || e.superseded(), "nor is another process's recording of it");
    }

    @Test
    void noSignInYetSaysToLogIn() {
        PosternException e = assertThrows(PosternException.class,
                () -> new TokenService(Map.of(), Clock.systemUTC()).accessToken("work", config()));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertEquals("account work is not signed in; run `postern auth login work`.", e.getMessage());
    }

    /**
     * The reader's case: a job fails "not signed in" while {@code :sign-in} runs; once the sign-in is saved that
     * failure is stale (the reader does not show it over "signed in"), and a failure read after it is not.
     */
    @Test
    void aSignInFailureReadBeforeASignInIsStaleAfterItAndOnlyThen() throws Exception {
        TokenService tokens = new TokenService(Map.of(), Clock.systemUTC());
        dev.postern.model.SignInNeeded before = assertThrows(dev.postern.model.SignInNeeded.class,
                () -> tokens.accessToken("work", config()));
        assertFalse(before.superseded(), "nothing has been signed in yet");
        assertFalse(dev.postern.model.SignInNeeded.supersededIn(new java.util.concurrent.CompletionException(before)));
        tokens.login("work", config(), false, 0, new PrintWriter(new StringWriter()));
        assertTrue(before.superseded(), "a sign-in in this process makes the earlier failure stale");
        assertTrue(dev.postern.model.SignInNeeded.supersededIn(new java.util.concurrent.CompletionException(
                new RuntimeException("wrapped", before))));

        tokens.logout("work", config());
        dev.postern.model.SignInNeeded after = assertThrows(dev.postern.model.SignInNeeded.class,
                () -> tokens.accessToken("work", config()));
        assertFalse(after.superseded(), "a failure read after the last sign-in is news");
        Thread.sleep(20); // the file's time is the kernel's coarse clock
        deviceLoginAndSave(new TokenService(Map.of(), Clock.systemUTC())); // another process signs in
        assertTrue(after.superseded(), "tokens saved by another process make it stale too");
    }

    @Test
    void aSlowTokenEndpointTimesOutAtTheDeadlineWithExit75() {
        server.accessTtl(1);
        TokenService tokens = new TokenService(Map.of(), Clock.systemUTC());
        deviceLoginAndSave(tokens);
        server.tokenMode(TestAuthServer.Mode.SLOW).slowMillis(20_000);
        long t0 = System.nanoTime();
        PosternException e = assertThrows(PosternException.class, () -> tokens.accessToken("work", config(Duration.ofSeconds(2))));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(ExitCode.TEMPFAIL, e.exitCode());
        assertTrue(e.getMessage().matches("account work: the sign-in server 127\\.0\\.0\\.1:\\d+ did not answer within 2 s;"
                + " try again later\\."), e.getMessage());
        assertTrue(ms < 10_000, "gave up after " + ms + " ms");
    }

    @Test
    void aTokenEndpointOutagePageIsExit75AndAPageInPlaceOfTokensIsExit65() {
        server.accessTtl(1);
        TokenService tokens = new TokenService(Map.of(), Clock.systemUTC());
        deviceLoginAndSave(tokens);
        server.tokenMode(TestAuthServer.Mode.GARBAGE); // a proxy's HTML 502 page: the provider is down, not misconfigured
        PosternException down = assertThrows(PosternException.class, () -> tokens.accessToken("work", config()));
        assertEquals(ExitCode.TEMPFAIL, down.exitCode(), down.getMessage());
        assertTrue(down.getMessage().matches("account work: the sign-in server 127\\.0\\.0\\.1:\\d+ answered HTTP 502"
                + " \\(a fault on the provider's side\\); try again later\\."), down.getMessage());
        server.canned(200, "text/html", "<html><body>Sign in</body></html>"); // a page where the token answer belongs
        PosternException page = assertThrows(PosternException.class, () -> tokens.accessToken("work", config()));
        assertEquals(ExitCode.DATAERR, page.exitCode());
        assertTrue(page.getMessage().contains("answered HTTP 200 with something that is not a JSON object"), page.getMessage());
        // the saved sign-in is untouched: once the server is well again, it refreshes
        server.tokenMode(TestAuthServer.Mode.NORMAL);
        assertTrue(server.active(tokens.accessToken("work", config())));
    }

    @Test
    void aTokenFileOthersCanReadIsRefused() throws Exception {
        TokenService tokens = new TokenService(Map.of(), Clock.systemUTC());
        deviceLoginAndSave(tokens);
        Files.setPosixFilePermissions(config().tokenFile(), PosixFilePermissions.fromString("rw-r--r--"));
        PosternException e = assertThrows(PosternException.class, () -> tokens.accessToken("work", config()));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().startsWith("account work: the token file " + config().tokenFile()
                + " can be read by others, so postern will not use it"), e.getMessage());
    }

    @Test
    void tokenStoreCommandHoldsTheTokensInsteadOfTheFile() throws Exception {
        Path kept = dir.resolve("keyring");
        String cmd = "case \"$1\" in load) cat '" + kept + "' 2>/dev/null;; store) cat > '" + kept + "';; erase) rm -f '"
                + kept + "';; esac";
        OAuth2Config c = new OAuth2Config(OAuth2Config.Provider.CUSTOM, "postern-test", null, server.url("/device"),
                null, server.url("/token"), List.of("mail"), null, cmd, dir.resolve("oauth2").resolve("work.json"),
                Duration.ofSeconds(5));
        TokenService tokens = new TokenService(Map.of(), Clock.systemUTC());
        TokenSet t = deviceLogin(c, new ArrayList<>(), new StringWriter());
        TokenStore.of("work", c).save(t);
        assertTrue(Files.readString(kept).contains(t.refreshToken()));
        assertFalse(Files.exists(c.tokenFile()));
        assertEquals(t.accessToken(), tokens.accessToken("work", c));
        tokens.logout("work", c);
        assertFalse(Files.exists(kept));
    }

    @Test
    void tokenCommandSuppliesTheAccessToken() {
        OAuth2Config c = new OAuth2Config(OAuth2Config.Provider.CUSTOM, null, null, null, null, null, List.of(),
                "printf 'at-from-command\\n'", null, dir.resolve("x.json"), Duration.ofSeconds(5));
        assertEquals("at-from-command", new TokenService(Map.of(), Clock.systemUTC()).accessToken("work", c));
    }
}

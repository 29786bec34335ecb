package dev.postern.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.SignInNeeded;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt34-B B7: a refresh whose rotated tokens the token store will not take keeps them for the process (its access
 * token works, and so does the next refresh), notes when and why beside the token file, and a later refusal of the
 * saved (spent) refresh token says that, not "expired or was revoked". Real HTTP against a rotating token server.
 */
class UnsavedRefreshTest {
    @TempDir Path dir;
    private TestAuthServer server;
    private OAuth2Config config;

    @BeforeEach
    void start() throws Exception {
        server = new TestAuthServer("alice").accessTtl(1); // within the one-minute margin: every use refreshes
        Path script = dir.resolve("store.sh");
        Files.writeString(script, "cd '" + dir + "'\ncase \"$1\" in\n load) cat tokens 2>/dev/null ;;\n"
                + " store) if [ -e fail ]; then echo 'the vault is locked' >&2; exit 1; fi; cat > tokens ;;\n"
                + " erase) rm -f tokens ;;\nesac\n");
        config = new OAuth2Config(OAuth2Config.Provider.CUSTOM, "postern-test", null, server.url("/device"),
                server.url("/authorize"), server.url("/token"), List.of("mail", "offline_access"), null,
                "sh '" + script + "' \"$1\"", dir.resolve("oauth2").resolve("work.json"), Duration.ofSeconds(10));
        OAuthClient client = new OAuthClient("work", config, Clock.systemUTC());
        TokenSet t = new DeviceFlow("work", config, client, Clock.systemUTC(), ms -> { }).run(new PrintWriter(new StringWriter()));
        TokenStore.of("work", config).save(t);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRenewedSignInTheStoreWillNotTakeIsKeptForTheRunAndNamedLater() throws Exception {
        TokenService tokens = new TokenService(Map.of(), Clock.systemUTC());
        Files.createFile(dir.resolve("fail"));
        String a1 = tokens.accessToken("work", config);
        assertTrue(server.active(a1), "this run goes on with the renewed access token");
        String note = tokens.unsavedRefresh("work", config).orElseThrow();
        assertTrue(note.contains("token_store_command") && note.contains("failed with exit code 1"), note);
        String a2 = tokens.accessToken("work", config);
        assertTrue(server.active(a2), "the next refresh uses the refresh token only this process holds");
        assertEquals(2, server.refreshes());

        // Another process reads the saved, spent refresh token: the provider refuses it, and the reason is postern's.
        SignInNeeded e = assertThrows(SignInNeeded.class, () -> new TokenService(Map.of(), Clock.systemUTC()).accessToken("work", config));
        assertTrue(e.getMessage().contains("postern could not save the renewed one on ")
                && e.getMessage().contains("failed with exit code 1") && e.getMessage().contains("postern auth login work"), e.getMessage());
        assertFalse(e.getMessage().contains("expired or was revoked"), e.getMessage());
    }

    @Test
    void oneSaveThatWorksLaterPutsItRight() throws Exception {
        TokenService tokens = new TokenService(Map.of(), Clock.systemUTC());
        Files.createFile(dir.resolve("fail"));
        tokens.accessToken("work", config);
        Files.delete(dir.resolve("fail"));
        String again = tokens.accessToken("work", config);
        assertTrue(server.active(again));
        assertTrue(tokens.unsavedRefresh("work", config).isEmpty(), "saved now: no note");
        String other = new TokenService(Map.of(), Clock.systemUTC()).accessToken("work", config);
        assertTrue(server.active(other), "another process goes on from what was saved");
    }
}

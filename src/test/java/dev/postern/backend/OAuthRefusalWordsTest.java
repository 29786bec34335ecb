package dev.postern.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.auth.OAuth2Config;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import jakarta.mail.AuthenticationFailedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A refused OAuth2 token points at what supplies it: `postern auth login` for an account whose tokens postern keeps,
 * the token_command for one whose tokens an external program gives (auth login does nothing there; hunt28-G G11).
 */
class OAuthRefusalWordsTest {
    private static AccountConfig account(String tokenCommand) {
        OAuth2Config o = new OAuth2Config(OAuth2Config.Provider.CUSTOM, null, null, null, null, null, List.of(), tokenCommand,
                null, Path.of("/nonexistent/tokens"), Duration.ofSeconds(10));
        return new AccountConfig("t", Protocol.IMAP, "127.0.0.1", 1143, Security.PLAIN, "alice",
                new PasswordSource.OAuth2(o), null, false, Duration.ofSeconds(10), 0);
    }

    private static PosternException refused(AccountConfig a) {
        return ConnectionErrors.translate(a, new AuthenticationFailedException("[AUTHENTICATIONFAILED] Invalid credentials (Failure)"));
    }

    @Test
    void aTokenCommandAccountIsToldToCheckItsTokenCommand() {
        PosternException p = refused(account("get-token alice"));
        assertEquals(ExitCode.CONFIG, p.exitCode());
        assertTrue(p.getMessage().contains("check that token_command gives a current access token"), p.getMessage());
        assertFalse(p.getMessage().contains("auth login"), p.getMessage());
    }

    @Test
    void anAccountWhoseTokensPosternKeepsIsToldToSignInAgain() {
        PosternException p = refused(account(null));
        assertTrue(p.getMessage().contains("run `postern auth login t`"), p.getMessage());
    }
}

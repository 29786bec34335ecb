package dev.postern.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.auth.OAuth2Config;
import dev.postern.backend.imap.ImapSession;
import dev.postern.backend.pop3.Pop3Session;
import dev.postern.backend.smtp.SmtpSender;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordResolver;
import dev.postern.config.PasswordSource;
import dev.postern.model.ExitCode;
import dev.postern.model.Folder;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * IMAP, POP3 and SMTP sessions of an OAuth2 account log in to GreenMail with SASL XOAUTH2 (GreenMail checks the
 * token as the user's password), the token coming from the account's token source through PasswordResolver.
 */
class OAuthSaslGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(new com.icegreen.greenmail.util.ServerSetup[] {
            ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.POP3.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()});

    @TempDir Path dir;

    private static final String TOKEN = "at-greenmail-7Qx2";

    private AccountConfig account(Protocol protocol, int port, String token) {
        OAuth2Config o = new OAuth2Config(OAuth2Config.Provider.CUSTOM, null, null, null, null, null, List.of(),
                "printf '" + token + "\\n'", null, dir.resolve("t.json"), Duration.ofSeconds(5));
        return new AccountConfig("work", protocol, "127.0.0.1", port, Security.PLAIN, "alice@localhost",
                new PasswordSource.OAuth2(o), null, false, Duration.ofSeconds(10), 0);
    }

    private static String resolve(AccountConfig a) {
        return new PasswordResolver(Map.of()).resolve(a);
    }

    @Test
    void imapLogsInWithXoauth2() {
        greenMail.setUser("alice@localhost", "alice@localhost", TOKEN);
        AccountConfig a = account(Protocol.IMAP, greenMail.getImap().getPort(), TOKEN);
        try (ImapSession s = new ImapSession(a, () -> resolve(a))) {
            s.connect();
            assertTrue(s.listFolders().stream().map(Folder::name).anyMatch("INBOX"::equals));
        }
    }

    @Test
    void pop3LogsInWithXoauth2() {
        greenMail.setUser("alice@localhost", "alice@localhost", TOKEN);
        GreenMailUtil.sendTextEmail("alice@localhost", "bob@localhost", "hi", "body", greenMail.getSmtp().getServerSetup());
        AccountConfig a = account(Protocol.POP3, greenMail.getPop3().getPort(), TOKEN);
        try (Pop3Session s = new Pop3Session(a, () -> resolve(a), uid -> Optional.empty())) {
            s.connect();
            assertEquals(1, s.list().size());
        }
    }

    @Test
    void smtpSubmitsWithXoauth2() throws Exception {
        greenMail.setUser("alice@localhost", "alice@localhost", TOKEN);
        greenMail.setUser("bob@localhost", "bob@localhost", "bob");
        AccountConfig a = account(Protocol.IMAP, greenMail.getSmtp().getPort(), TOKEN);
        new SmtpSender(a, () -> resolve(a)).send("From: alice@localhost\r\nTo: bob@localhost\r\nSubject: t\r\n\r\nx\r\n"
                .getBytes(StandardCharsets.US_ASCII), "alice@localhost", List.of("bob@localhost"));
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
    }

    @Test
    void aTokenTheServerRefusesSaysToSignInAgainAndNeverShowsTheToken() {
        greenMail.setUser("alice@localhost", "alice@localhost", TOKEN);
        String stale = "at-stale-Zk81";
        AccountConfig a = account(Protocol.IMAP, greenMail.getImap().getPort(), stale);
        PosternException e = assertThrows(PosternException.class, () -> {
            try (ImapSession s = new ImapSession(a, () -> resolve(a))) {
                s.connect();
            }
        });
        assertEquals(ExitCode.CONFIG, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().startsWith("account work: the server rejected the OAuth2 token for user 'alice@localhost'"),
                e.getMessage());
        // The account's tokens come from its token_command, which `auth login` has nothing to do with (hunt28-G G11).
        assertTrue(e.getMessage().contains("check that token_command gives a current access token"), e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertTrue(t.getMessage() == null || !t.getMessage().contains(stale), t.toString());
        }
    }

    /** token_command answering a stale token first, then the good one: each protocol renews once and logs in. */
    private AccountConfig renewing(Protocol protocol, int port) throws Exception {
        return renewing(protocol, port, "calls-" + protocol + port);
    }

    private AccountConfig renewing(Protocol protocol, int port, String counter) throws Exception {
        Path count = dir.resolve(counter);
        String cmd = "n=$(cat '" + count + "' 2>/dev/null || echo 0); echo $((n+1)) > '" + count + "'; "
                + "if [ \"$n\" = 0 ]; then echo at-stale; else echo " + TOKEN + "; fi";
        OAuth2Config o = new OAuth2Config(OAuth2Config.Provider.CUSTOM, null, null, null, null, null, List.of(), cmd, null,
                dir.resolve("t.json"), Duration.ofSeconds(5));
        return new AccountConfig("work", protocol, "127.0.0.1", port, Security.PLAIN, "alice@localhost",
                new PasswordSource.OAuth2(o), null, false, Duration.ofSeconds(10), 0);
    }

    @Test
    void aRefusedTokenIsRenewedOnceForImapPop3AndSmtp() throws Exception {
        greenMail.setUser("alice@localhost", "alice@localhost", TOKEN);
        AccountConfig imap = renewing(Protocol.IMAP, greenMail.getImap().getPort());
        try (ImapSession s = new ImapSession(imap, () -> resolve(imap))) {
            s.connect();
        }
        AccountConfig pop = renewing(Protocol.POP3, greenMail.getPop3().getPort());
        try (Pop3Session s = new Pop3Session(pop, () -> resolve(pop), uid -> Optional.empty())) {
            s.connect();
        }
        AccountConfig smtp = renewing(Protocol.IMAP, greenMail.getSmtp().getPort());
        new SmtpSender(smtp, () -> resolve(smtp)).send("Subject: t\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII),
                "alice@localhost", List.of("alice@localhost"));
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
    }

    @Test
    void sentCopiesAndImportsLogInTheSameWay() throws Exception {
        greenMail.setUser("alice@localhost", "alice@localhost", TOKEN);
        AccountConfig sent = renewing(Protocol.IMAP, greenMail.getImap().getPort());
        new dev.postern.backend.imap.SentAppender(sent, () -> resolve(sent)).append(
                "Subject: copy\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII), "\\Sent", "Sent",
                new jakarta.mail.Flags(jakarta.mail.Flags.Flag.SEEN));
        AccountConfig imported = renewing(Protocol.IMAP, greenMail.getImap().getPort(), "calls-import");
        try (dev.postern.backend.imap.ImapAppend target = new dev.postern.backend.imap.ImapAppend(
                new AccountConfig("work2", Protocol.IMAP, "127.0.0.1", greenMail.getImap().getPort(), Security.PLAIN,
                        "alice@localhost", imported.password(), null, false, Duration.ofSeconds(10), 0),
                () -> resolve(imported))) {
            target.open("Imported", java.util.Set.of());
        }
        assertTrue(greenMail.getManagers().getImapHostManager().getFolder(greenMail.getManagers().getUserManager()
                .getUserByEmail("alice@localhost"), "Imported") != null);
    }

    @Test
    void smtpWithAWrongTokenIsRefusedWith78() {
        greenMail.setUser("alice@localhost", "alice@localhost", TOKEN);
        AccountConfig a = account(Protocol.IMAP, greenMail.getSmtp().getPort(), "at-wrong");
        PosternException e = assertThrows(PosternException.class, () -> new SmtpSender(a, () -> resolve(a))
                .send("Subject: t\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII), "alice@localhost", List.of("bob@localhost")));
        assertEquals(ExitCode.CONFIG, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("rejected the OAuth2 token"), e.getMessage());
    }
}

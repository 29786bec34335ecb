package dev.postern.backend.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SMTP submission against GreenMail's real SMTP server, and the failures a user must be able to tell apart. */
class SmtpSenderTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String RAW = "From: Alice <alice@localhost>\r\nTo: bob@localhost\r\nSubject: hello\r\n"
            + "Message-ID: <t1@localhost>\r\n\r\nbody line\r\n";

    @BeforeEach
    void users() {
        greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.setUser("bob@localhost", "bob", "bob");
        greenMail.setUser("carol@localhost", "carol", "carol");
    }

    private static AccountConfig smtp(int port, Security security, String password, int timeoutSeconds) {
        return new AccountConfig("test", Protocol.IMAP, "127.0.0.1", port, security, "alice",
                new PasswordSource.Literal(password), null, false, Duration.ofSeconds(timeoutSeconds), 0);
    }

    private static SmtpSender sender(int port, Security security, String password, int timeoutSeconds) {
        AccountConfig a = smtp(port, security, password, timeoutSeconds);
        return new SmtpSender(a, () -> password);
    }

    @Test
    void deliversTheBytesToEveryEnvelopeRecipientIncludingOnesNotInTheHeader() throws Exception {
        sender(greenMail.getSmtp().getPort(), Security.PLAIN, "secret", 5)
                .send(RAW.getBytes(StandardCharsets.UTF_8), "alice@localhost", List.of("bob@localhost", "carol@localhost"));
        assertTrue(greenMail.waitForIncomingEmail(5000, 2));
        MimeMessage[] got = greenMail.getReceivedMessages();
        assertEquals(2, got.length);
        for (MimeMessage m : got) {
            assertEquals("hello", m.getSubject());
            assertEquals("<t1@localhost>", m.getMessageID());
            assertFalse(GreenMailUtil.getWholeMessage(m).contains("carol"), "the hidden recipient is not in the bytes");
        }
        assertEquals(1, greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUserByEmail("carol@localhost")).getMessageCount());
    }

    @Test
    void aWrongPasswordIsAConfigErrorNamingTheAccount() {
        PosternException e = assertThrows(PosternException.class, () -> sender(greenMail.getSmtp().getPort(),
                Security.PLAIN, "wrong", 5).send(RAW.getBytes(StandardCharsets.UTF_8), "alice@localhost", List.of("bob@localhost")));
        assertEquals(ExitCode.CONFIG, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().startsWith("account test: the server at 127.0.0.1:" + greenMail.getSmtp().getPort()
                + " rejected user 'alice' or its password (server said: 535"), e.getMessage());
        assertEquals(0, greenMail.getReceivedMessages().length);
    }

    @Test
    void starttlsIsRequiredSoAServerWithoutItGetsNoPassword() {
        PosternException e = assertThrows(PosternException.class, () -> sender(greenMail.getSmtp().getPort(),
                Security.STARTTLS, "secret", 5).send(RAW.getBytes(StandardCharsets.UTF_8), "alice@localhost", List.of("bob@localhost")));
        assertEquals(ExitCode.CONFIG, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("does not offer STARTTLS"), e.getMessage());
        assertEquals(0, greenMail.getReceivedMessages().length);
    }

    @Test
    void aRefusedConnectionIsUnavailable() throws Exception {
        int port;
        port = dev.postern.ClosedPort.take();
        PosternException e = assertThrows(PosternException.class, () -> sender(port, Security.PLAIN, "secret", 5)
                .send(RAW.getBytes(StandardCharsets.UTF_8), "alice@localhost", List.of("bob@localhost")));
        assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("was refused"), e.getMessage());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aSilentServerTimesOutAsATemporaryFailure() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread accept = new Thread(() -> {
                try (Socket ignored = silent.accept()) {
                    Thread.sleep(10_000);
                } catch (Exception done) {
                    // the test is over
                }
            });
            accept.setDaemon(true);
            accept.start();
            PosternException e = assertThrows(PosternException.class, () -> sender(silent.getLocalPort(),
                    Security.PLAIN, "secret", 1).send(RAW.getBytes(StandardCharsets.UTF_8), "alice@localhost", List.of("bob@localhost")));
            assertEquals(ExitCode.TEMPFAIL, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains("no answer"), e.getMessage());
        }
    }

    @Test
    void aMalformedRecipientIsRefusedBeforeConnecting() {
        PosternException e = assertThrows(PosternException.class, () -> sender(1, Security.PLAIN, "secret", 1)
                .send(RAW.getBytes(StandardCharsets.UTF_8), "alice@localhost", List.of("not an address")));
        assertEquals(ExitCode.DATAERR, e.exitCode());
    }

    /** hunt33-Z Z5: the certificate advice names the SMTP table, whose tls_trust_cert is the one that counts. */
    @org.junit.jupiter.api.Test
    void anUntrustedCertificateNamesTheSmtpTablesSetting() {
        dev.postern.config.AccountConfig a = new dev.postern.config.AccountConfig("work", dev.postern.model.Protocol.IMAP,
                "smtp.example.org", 465, dev.postern.model.Security.TLS, "alice",
                new dev.postern.config.PasswordSource.Literal("x"), null, false, java.time.Duration.ofSeconds(5), 0);
        dev.postern.model.PosternException p = new SmtpSender(a, () -> "x").named(new dev.postern.model.PosternException(
                dev.postern.model.ExitCode.CONFIG, "account work: the TLS certificate of smtp.example.org:465 is not trusted;"
                        + " if you trust it, save it as PEM and set tls_trust_cert to that file."));
        org.junit.jupiter.api.Assertions.assertEquals(dev.postern.model.ExitCode.CONFIG, p.exitCode());
        org.junit.jupiter.api.Assertions.assertTrue(p.getMessage().contains("set tls_trust_cert in [accounts.work.smtp] to"
                + " that file"), p.getMessage());
    }
}

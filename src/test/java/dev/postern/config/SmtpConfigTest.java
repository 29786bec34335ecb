package dev.postern.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Security;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The [accounts.X.smtp] table: defaults, the plaintext rule, strict keys. */
class SmtpConfigTest {
    @TempDir Path dir;
    private final ConfigLoader loader = new ConfigLoader(Map.of("HOME", "/home/u"));

    private static final String ACCOUNT = """
            [accounts.work]
            protocol = "imap"
            host = "imap.example.org"
            user = "alice"
            password_command = "pass show mail"
            timeout_seconds = 12
            """;

    private Config load(String smtp) throws IOException {
        Path p = dir.resolve("config.toml");
        Files.writeString(p, ACCOUNT + smtp);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return loader.load(p);
    }

    private String fails(String smtp) {
        PosternException e = assertThrows(PosternException.class, () -> load(smtp));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        return e.getMessage();
    }

    @Test
    void anAccountWithoutSmtpTableCannotSend() throws IOException {
        assertNull(load("").accounts().get(0).smtp());
    }

    @Test
    void defaultsToImplicitTlsOn465WithTheAccountsUserAndTimeout() throws IOException {
        AccountConfig a = load("[accounts.work.smtp]\nhost = \"smtp.example.org\"\n").accounts().get(0);
        SmtpConfig s = a.smtp();
        assertEquals(Security.TLS, s.security());
        assertEquals(465, s.port());
        AccountConfig sub = s.asAccount(a);
        assertEquals("alice", sub.user());
        assertEquals("smtp.example.org", sub.host());
        assertEquals(Duration.ofSeconds(12), sub.timeout());
        assertEquals(a.password(), sub.password());
    }

    @Test
    void starttlsDefaultsToSubmissionPortAndKeepsItsOwnUser() throws IOException {
        AccountConfig a = load("[accounts.work.smtp]\nhost = \"smtp.example.org\"\nsecurity = \"starttls\"\n"
                + "user = \"alice@example.org\"\ntimeout_seconds = 5\n").accounts().get(0);
        assertEquals(587, a.smtp().port());
        assertEquals("alice@example.org", a.smtp().asAccount(a).user());
        assertEquals(Duration.ofSeconds(5), a.smtp().asAccount(a).timeout());
    }

    @Test
    void refusesPlaintextToARemoteHostWithoutConsent() throws IOException {
        String m = fails("[accounts.work.smtp]\nhost = \"smtp.example.org\"\nsecurity = \"plain\"\n");
        assertTrue(m.contains("[accounts.work.smtp] sends the password unencrypted"), m);
        assertEquals(25, load("[accounts.work.smtp]\nhost = \"127.0.0.1\"\nsecurity = \"plain\"\n").accounts().get(0).smtp().port());
        assertEquals(Security.PLAIN, load("[accounts.work.smtp]\nhost = \"smtp.example.org\"\nsecurity = \"plain\"\n"
                + "allow_plaintext = true\n").accounts().get(0).smtp().security());
    }

    @Test
    void unknownKeysAndBadValuesAreOneSentence() {
        assertTrue(fails("[accounts.work.smtp]\nhost = \"h\"\npassword = \"x\"\n")
                .contains("[accounts.work.smtp] has an unknown key 'password'"));
        assertTrue(fails("[accounts.work.smtp]\nport = 587\n").contains("[accounts.work.smtp] needs host"));
        assertTrue(fails("[accounts.work.smtp]\nhost = \"h\"\nsecurity = \"ssl\"\n").contains("is not one of tls | starttls | plain"));
    }

    /** hunt33-Z Z5: the account's tls_trust_cert serves its SMTP table on the same host; another host needs its own. */
    @Test
    void theSmtpTableOnTheAccountsHostTrustsTheAccountsCertificate() {
        Path pem = dir.resolve("server.pem");
        AccountConfig a = new AccountConfig("work", dev.postern.model.Protocol.IMAP, "mail.example.org", 993, Security.TLS,
                "alice", new PasswordSource.Literal("x"), pem, false, Duration.ofSeconds(5), 0);
        assertEquals(pem, new SmtpConfig("MAIL.example.org", 465, Security.TLS, null, null, false, null, null)
                .asAccount(a).trustCert());
        assertNull(new SmtpConfig("smtp.example.org", 465, Security.TLS, null, null, false, null, null).asAccount(a).trustCert());
        Path own = dir.resolve("smtp.pem");
        assertEquals(own, new SmtpConfig("mail.example.org", 465, Security.TLS, null, own, false, null, null)
                .asAccount(a).trustCert());
    }
}

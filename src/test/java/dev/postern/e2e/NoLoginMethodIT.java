package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt37-I, I3 and I4: a Dovecot that offers CRAM-MD5 only ({@code auth_mechanisms = cram-md5}; its IMAP greeting
 * says {@code STARTTLS LOGINDISABLED AUTH=CRAM-MD5}, its POP3 refuses USER and PASS). IMAP was 75 "failed (No login
 * methods supported!); try again later", which cron retried for ever; POP3 was 78 "rejected user 'alice' or its
 * password ... check the password source", sending the user to a password that is right. Both are 78 now, saying
 * what the server offers and what to set.
 */
@Tag("e2e")
class NoLoginMethodIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer().authMechanisms("cram-md5");

    @TempDir Path home;

    private PosternProcess.Result postern(String account, String... args) throws IOException {
        Path config = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"), account);
        return PosternProcess.withConfig(home, config, args).timeout(Duration.ofMinutes(2)).run().assertNoStackTrace();
    }

    @Test
    void imapWithNoMechanismPosternSpeaksIsTheConfigsSayingWhatItOffers() throws Exception {
        PosternProcess.Result plain = postern(PosternConfig.account("cm", "imap", "127.0.0.1", DOVECOT.imapPort(), "plain",
                "alice", DOVECOT.user("alice"), 10, null), "list").assertExitCode(78);
        assertTrue(plain.stderr().contains("found no way to log in (it offers only AUTH=CRAM-MD5 and says LOGINDISABLED"),
                plain.describe());
        assertTrue(plain.stderr().contains("so no password was sent; the server offers STARTTLS"), plain.describe());
        assertTrue(plain.stderr().contains("set security = \"starttls\" in [accounts.cm]"), plain.describe());
        assertFalse(plain.stderr().contains("try again later"), plain.describe());

        PosternProcess.Result tls = postern(PosternConfig.account("cm", "imap", "localhost", DOVECOT.imapPort(), "starttls",
                "alice", DOVECOT.user("alice"), 10, DOVECOT.certPem()), "sync", "--json").assertExitCode(78);
        assertTrue(tls.stderr().contains("it offers only AUTH=CRAM-MD5"), tls.describe());
        assertTrue(tls.stderr().contains("check host, port and security in the config"), tls.describe());
        assertFalse(tls.stderr().contains("try again later"), tls.describe());
    }

    @Test
    void pop3RefusingUserAndPassIsNotToldAsAWrongPassword() throws Exception {
        PosternProcess.Result r = postern(PosternConfig.account("cp", "pop3", "127.0.0.1", DOVECOT.pop3Port(), "plain",
                "alice", DOVECOT.user("alice"), 10, null), "fetch").assertExitCode(78);
        assertTrue(r.stderr().contains("does not take postern's way of logging in, USER and PASS"), r.describe());
        assertTrue(r.stderr().contains("Unsupported authentication mechanism"), r.describe());
        assertTrue(r.stderr().contains("it offers SASL CRAM-MD5"), r.describe());
        assertFalse(r.stderr().contains("password source"), r.describe());
        assertFalse(r.stderr().contains("rejected user"), r.describe());
    }
}

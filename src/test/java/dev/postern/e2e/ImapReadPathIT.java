package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built program ({@code target/postern.jar}, as a user runs it) against a real Dovecot: STARTTLS
 * and TLS with a pinned certificate, a folder of thousands of messages listed header-only, reading a
 * message without marking it read until asked, and the failures a user meets first.
 */
@Tag("e2e")
class ImapReadPathIT {
    static final int BULK = 5000;

    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    static DovecotServer.Seeded bulk;
    static DovecotServer.Seeded small;

    @TempDir Path home;

    @BeforeAll
    static void seed() {
        bulk = DOVECOT.seedBulk("alice", "INBOX", BULK);
        small = DOVECOT.seedBulk("bob", "INBOX", 30);
    }

    private Path config(String user, String security, int port, Path trust, String password) throws IOException {
        return PosternConfig.write(home.resolve("config-" + user + "-" + security + "-" + password.hashCode() + ".toml"),
                home.resolve("data-" + user),
                PosternConfig.account("e2e", "imap", "localhost", port, security, user, password, 20, trust));
    }

    private PosternProcess.Result postern(Path config, String... args) {
        return PosternProcess.withConfig(home, config, args)
                .timeout(Duration.ofMinutes(3))
                .run()
                .assertNoStackTrace();
    }

    /**
     * Bytes the server sent to every IMAP session of {@code user} that ended since {@code before}: Angus
     * keeps one connection for the account and one per open folder, and both count.
     */
    private long serverBytesSince(String user, List<SessionBytes> before) {
        return DOVECOT.imapBytesOutSince(user, before);
    }

    @Test
    void listsThousandsOfMessagesHeaderOnlyOverStartTls() throws IOException {
        Path cfg = config("alice", "starttls", DOVECOT.imapPort(), DOVECOT.certPem(), DOVECOT.user("alice"));
        List<SessionBytes> before = DOVECOT.sessionBytes();
        PosternProcess.Result r = postern(cfg, "list", "--json").assertExitCode(0);
        long firstBytes = serverBytesSince("alice", before);
        List<String> lines = r.stdout().lines().toList();
        assertEquals(BULK, lines.size(), r.describe());
        // Newest first: the last seeded message leads.
        assertTrue(lines.get(0).contains("\"message_id\":\"" + SyntheticMail.messageId(bulk.last()) + "\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"cached\":false"), lines.get(0));
        assertTrue(r.stdout().contains("\"subject\":\"" + SyntheticMail.subject(bulk.first() + 12) + "\""),
                "RFC 2047 subjects decoded");
        assertTrue(r.stdout().contains("\"from\":\"Zoë Ng <zoe@ng.example>\""), "raw UTF-8 display names decoded");
        assertEquals(bulk.count() - bulk.unread(), r.stdout().split("\"seen\"", -1).length - 1, "\\Seen flags as seeded");

        long seededBytes = 0;
        for (long n = bulk.first(); n <= bulk.last(); n++) seededBytes += SyntheticMail.message(n, "alice@postern.test").length;
        assertTrue(firstBytes < seededBytes / 2,
                "header-only listing moved " + firstBytes + " bytes for " + seededBytes + " bytes of mail");
        System.out.printf("list --json of %d messages: %d ms, server sent %d bytes (mail itself: %d bytes)%n",
                BULK, r.elapsed().toMillis(), firstBytes, seededBytes);

        // Nothing changed: a CONDSTORE server answers the refresh with a SELECT.
        List<SessionBytes> before2 = DOVECOT.sessionBytes();
        PosternProcess.Result again = postern(cfg, "list", "--json").assertExitCode(0);
        long secondBytes = serverBytesSince("alice", before2);
        assertEquals(r.stdout(), again.stdout());
        assertTrue(secondBytes < 5_000, "no-change refresh moved " + secondBytes + " bytes");
        System.out.printf("no-change list --json: %d ms, server sent %d bytes%n", again.elapsed().toMillis(), secondBytes);
    }

    @Test
    void readsOneMessageOverTlsAndMarksItReadOnlyWhenAsked() throws IOException {
        Path cfg = config("bob", "tls", DOVECOT.imapsPort(), DOVECOT.certPem(), DOVECOT.user("bob"));
        long n = small.first();
        while (SyntheticMail.seen(n)) n++; // an unread one
        long uid = n - small.first() + 1;
        PosternProcess.Result preview = postern(cfg, "read", String.valueOf(uid), "--preview").assertExitCode(0);
        assertTrue(preview.stdout().contains("Subject: " + SyntheticMail.subject(n)), preview.describe());
        assertFalse(flagsOf(cfg, uid).contains("\"seen\""), "preview must not set \\Seen on the server");
        postern(cfg, "read", "INBOX", String.valueOf(uid)).assertExitCode(0);
        assertTrue(flagsOf(cfg, uid).contains("\"seen\""), "read sets \\Seen on the server");
        PosternProcess.Result raw = postern(cfg, "read", String.valueOf(uid), "--raw").assertExitCode(0);
        assertTrue(raw.stdout().contains("Message-ID: " + SyntheticMail.messageId(n)), raw.describe());
    }

    private String flagsOf(Path cfg, long uid) {
        PosternProcess.Result r = postern(cfg, "list", "--json").assertExitCode(0);
        return r.stdout().lines().filter(l -> l.contains("\"uid\":" + uid + ",")).findFirst().orElseThrow();
    }

    @Test
    void refusesAnUntrustedCertificateWithOneSentence() throws IOException {
        Path cfg = config("bob", "tls", DOVECOT.imapsPort(), DOVECOT.untrustedCertPem(), DOVECOT.user("bob"));
        PosternProcess.Result r = postern(cfg, "list").assertExitCode(78);
        assertTrue(r.stderr().startsWith("postern: account e2e: the TLS certificate of localhost:"), r.describe());
        assertTrue(r.stderr().contains("not trusted"), r.describe());
        assertEquals("", r.stdout());
    }

    @Test
    void refusesTheSystemTrustStoreForASelfSignedServer() throws IOException {
        Path cfg = config("bob", "starttls", DOVECOT.imapPort(), null, DOVECOT.user("bob"));
        PosternProcess.Result r = postern(cfg, "list").assertExitCode(78);
        assertTrue(r.stderr().contains("not trusted") && r.stderr().contains("tls_trust_cert"), r.describe());
    }

    @Test
    void wrongPasswordIsAConfigError() throws IOException {
        Path cfg = config("bob", "starttls", DOVECOT.imapPort(), DOVECOT.certPem(), "not-the-password");
        PosternProcess.Result r = postern(cfg, "list").assertExitCode(78);
        assertTrue(r.stderr().startsWith("postern: account e2e: the server rejected user 'bob' or its password"), r.describe());
        assertEquals(1, r.stderr().strip().lines().count(), r.describe());
    }
}

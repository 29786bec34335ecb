package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built program sends a message through a real SMTP conversation that ends in Dovecot's mailboxes:
 * `postern send` (jar, stdin) -> SMTP with AUTH -> doveadm save -> read back over IMAP with STARTTLS and a
 * pinned certificate; the copy in Sent is on Dovecot too, and Bcc is in the envelope only.
 */
@Tag("e2e")
class SendToDovecotIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @TempDir Path home;

    private Path config(String user, int smtpPort) throws Exception {
        return PosternConfig.write(home.resolve("config-" + user + ".toml"), home.resolve("data-" + user),
                PosternConfig.dovecot(DOVECOT, user, 20),
                "[accounts.e2e.smtp]\nhost = \"127.0.0.1\"\nport = " + smtpPort + "\nsecurity = \"plain\"\n"
                + "from = \"" + user + "@localhost\"\n");
    }

    private PosternProcess.Result postern(Path config, byte[] stdin, String... args) {
        return PosternProcess.withConfig(home, config, args)
                .stdin(stdin == null ? new byte[0] : stdin)
                .timeout(Duration.ofMinutes(2))
                .run()
                .assertNoStackTrace();
    }

    @Test
    void aMessageSentFromStdinArrivesInDovecotAndItsCopyIsInSent() throws Exception {
        try (SmtpToDovecot relay = new SmtpToDovecot(DOVECOT)) {
            byte[] eml = ("From: Alice <alice@localhost>\nTo: Bob <bob@localhost>\nBcc: alice@localhost\n"
                    + "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= from the e2e suite\n"
                    + "Content-Type: text/plain; charset=UTF-8\n\nHello Bob,\n.leading dot survives\n")
                    .getBytes(StandardCharsets.UTF_8);
            PosternProcess.Result sent = postern(config("alice", relay.port()), eml, "send", "--json");
            sent.assertExitCode(0);
            assertTrue(sent.stdout().contains("\"status\":\"sent\""), sent.describe());
            assertTrue(sent.stdout().contains("\"sent_folder\":\"Sent\""), sent.describe());

            assertEquals(1, relay.received.size());
            SmtpToDovecot.Received r = relay.received.get(0);
            assertEquals("alice", r.authUser());
            assertEquals("alice@localhost", r.from());
            assertEquals(List.of("bob@localhost", "alice@localhost"), r.rcpts());
            String wire = new String(r.data(), StandardCharsets.UTF_8);
            assertFalse(wire.contains("Bcc"), wire);
            assertTrue(wire.contains("\r\n.leading dot survives\r\n"), wire);

            PosternProcess.Result bob = postern(config("bob", relay.port()), null, "list", "INBOX", "--json");
            bob.assertExitCode(0);
            assertTrue(bob.stdout().contains("Grüße from the e2e suite"), bob.describe());

            PosternProcess.Result aliceSent = postern(config("alice", relay.port()), null, "list", "Sent", "--json");
            aliceSent.assertExitCode(0);
            assertTrue(aliceSent.stdout().contains("Grüße from the e2e suite"), aliceSent.describe());
            PosternProcess.Result aliceInbox = postern(config("alice", relay.port()), null, "list", "INBOX", "--json");
            assertTrue(aliceInbox.stdout().contains("Grüße from the e2e suite"), "the Bcc copy reached alice: " + aliceInbox.describe());
        }
    }

    /**
     * An encrypted message with a Bcc goes as separate copies; when the server refuses the Bcc copy after the main
     * one went, the send is partial: the exit code says so (65, the refused address), stderr and --json name who
     * did not get it, and the To recipient's copy arrived once.
     */
    @Test
    void aBccCopyTheServerRefusesMakesTheSendExitNonZeroAndNamesWhoDidNotGetIt() throws Exception {
        dev.postern.crypto.GpgKeys keys = dev.postern.crypto.GpgKeys.create("localhost");
        try (SmtpToDovecot relay = new SmtpToDovecot(DOVECOT)) {
            relay.refused.add("dave@localhost");
            Path config = PosternConfig.write(home.resolve("config-bcc.toml"), home.resolve("data-bcc"),
                    PosternConfig.dovecot(DOVECOT, "alice", 20),
                    "[accounts.e2e.smtp]\nhost = \"127.0.0.1\"\nport = " + relay.port() + "\nsecurity = \"plain\"\n"
                    + "from = \"Alice <alice@localhost>\"\n");
            PosternProcess.Result sent = PosternProcess.withConfig(home, config, "send", "--to", "bob@localhost", "--bcc",
                    "dave@localhost", "--subject", "partial", "--encrypt", "--json")
                    .env(keys.env()).stdin("Meet at noon.\n").timeout(Duration.ofMinutes(2)).run().assertNoStackTrace();
            sent.assertExitCode(65);
            assertTrue(sent.stdout().contains("\"status\":\"sent\""), sent.describe());
            assertTrue(sent.stdout().contains("\"not_sent\":[\"dave@localhost\"]"), sent.describe());
            assertTrue(sent.stderr().contains("the separate copy for dave@localhost was NOT sent"), sent.describe());
            assertTrue(sent.stderr().contains("User unknown"), "the server's words are quoted: " + sent.describe());
            assertEquals(1, relay.received.size(), "only the To copy went");
            assertEquals(List.of("bob@localhost"), relay.received.get(0).rcpts());
        }
    }
}

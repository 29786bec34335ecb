package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import dev.postern.crypto.GpgKeys;
import dev.postern.crypto.GpgProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt34-B B6: a reply to (or inline forward of) a message that came encrypted quoted its decrypted text and went out
 * in clear under the default pgp_encrypt = "never", with postern's own status lines in the quote. As mutt's
 * crypt_replyencrypt: such a message is encrypted; without a key for a recipient it is refused (65) naming
 * --no-encrypt and pgp_reply_encrypt, which send it in clear; the quote holds the sender's words only. Real gpg, GreenMail.
 */
class EncryptedReplyTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    static GpgKeys keys;
    @TempDir Path dir;
    private Path config;
    private Path body;

    @BeforeAll
    static void keys() {
        keys = GpgKeys.get();
    }

    @BeforeEach
    void setUp() throws Exception {
        greenMail.setUser("alice@example.org", "alice", "secret");
        greenMail.setUser("bob@example.org", "bob", "bob");
        greenMail.setUser("carol@example.org", "carol", "carol"); // no key in the keyring
        config = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret"),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                        + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@example.org>\"\n");
        body = dir.resolve("body.txt");
        Files.writeString(body, "my reply\n");
        // Bob's message to Alice, PGP/MIME encrypted to her and signed by him.
        String inner = "Content-Type: text/plain; charset=utf-8\r\n\r\nthe vault opens at 0400\r\n";
        byte[] armor = GpgKeys.ok(GpgKeys.gpg(keys.home, inner.getBytes(StandardCharsets.US_ASCII), "--armor", "--sign",
                "--local-user", "bob@example.org", "--encrypt", "--recipient", "alice@example.org"), "encrypt");
        String raw = "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: vault\r\nMessage-ID: <vault@example.org>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"e1\"\r\n\r\n"
                + "--e1\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n\r\n--e1\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + new String(armor, StandardCharsets.US_ASCII) + "\r\n--e1--\r\n";
        inbox("alice@example.org").appendMessage(new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(
                new java.util.Properties()), new java.io.ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))),
                new jakarta.mail.Flags(), new java.util.Date());
    }

    private Result run(String... args) {
        return CliRun.run(dir, config, keys.env(), args);
    }

    private MailFolder inbox(String email) throws Exception {
        return greenMail.getManagers().getImapHostManager().getInbox(greenMail.getManagers().getUserManager().getUserByEmail(email));
    }

    /** What reached {@code email}: the send is over when postern exits, GreenMail having delivered before its 250. */
    private String arrivedAt(String email) throws Exception {
        assertEquals(1, inbox(email).getMessageCount());
        return GreenMailUtil.getWholeMessage(inbox(email).getMessages().get(0).getMimeMessage());
    }

    @Test
    void aReplyToEncryptedMailIsEncryptedThoughPgpEncryptIsNeverAndQuotesNoStatusLine() throws Exception {
        Result r = run("reply", "INBOX", "1", "--body-file", body.toString());
        assertEquals(0, r.code(), r.err());
        String raw = arrivedAt("bob@example.org");
        assertTrue(raw.contains("multipart/encrypted"), raw);
        assertFalse(raw.contains("vault opens"), "the quote went out in clear: " + raw);
        int s = raw.indexOf("-----BEGIN PGP MESSAGE-----");
        String armor = raw.substring(s, raw.indexOf("-----END PGP MESSAGE-----") + 25) + "\n";
        GpgProcess.Result dec = GpgKeys.gpg(keys.home, armor.getBytes(StandardCharsets.US_ASCII), "--decrypt");
        assertTrue(dec.has("DECRYPTION_OKAY"), dec.status().toString());
        String plain = new String(dec.out(), StandardCharsets.UTF_8);
        assertTrue(plain.contains("my reply") && plain.contains("> the vault opens at 0400"), plain);
        assertFalse(plain.contains("[postern]"), "postern's status lines are not the sender's words: " + plain);
    }

    @Test
    void anInlineForwardToSomeoneWithoutAKeyIsRefusedUnlessTheUserSaysSo() throws Exception {
        Result refused = run("forward", "INBOX", "1", "--to", "carol@example.org", "--body-file", body.toString());
        assertEquals(65, refused.code(), refused.err());
        assertTrue(refused.err().contains("came encrypted") && refused.err().contains("carol@example.org")
                && refused.err().contains("--no-encrypt") && refused.err().contains("pgp_reply_encrypt = false"), refused.err());
        assertEquals(1, refused.err().strip().split("\n").length, "one sentence: " + refused.err());
        Result dry = run("forward", "INBOX", "1", "--to", "carol@example.org", "--body-file", body.toString(), "--dry-run");
        assertEquals(65, dry.code(), "a dry run shows what would happen: " + dry.out() + dry.err());
        assertFalse(dry.out().contains("vault opens"), dry.out());
        assertEquals(0, inbox("carol@example.org").getMessageCount(), "nothing sent");

        // The user's say: --no-encrypt sends it in clear, the quote without postern's lines.
        Result clear = run("forward", "INBOX", "1", "--to", "carol@example.org", "--body-file", body.toString(), "--no-encrypt");
        assertEquals(0, clear.code(), clear.err());
        String raw = arrivedAt("carol@example.org");
        assertTrue(raw.contains("the vault opens at 0400") && !raw.contains("[postern]"), raw);
    }

    @Test
    void pgpReplyEncryptFalseSendsTheQuoteAsPgpEncryptSays() throws Exception {
        Files.writeString(config, Files.readString(config).replace("[accounts.test.smtp]",
                "pgp_reply_encrypt = false\n\n[accounts.test.smtp]"));
        Result r = run("forward", "INBOX", "1", "--to", "carol@example.org", "--body-file", body.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(arrivedAt("carol@example.org").contains("the vault opens at 0400"));
    }
}

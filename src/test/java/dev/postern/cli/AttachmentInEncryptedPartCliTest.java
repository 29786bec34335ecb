package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import dev.postern.crypto.GpgKeys;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt34-B B13: an attachment inside an encrypted part gpg cannot open is not "no such attachment" (66): the
 * answer says why it cannot be read, with the engine's class (here no secret key: 65). Real gpg.
 */
class AttachmentInEncryptedPartCliTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private MailFolder inbox;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        var user = greenMail.setUser("alice@localhost", "alice", "secret");
        inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        config = dir.resolve("config.toml");
        CliRun.writeConfig(config, dir.resolve("data"),
                CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret"));
    }

    private long deliverEncrypted() throws Exception {
        GpgKeys keys = GpgKeys.get();
        String inner = "Content-Type: multipart/mixed; boundary=\"i\"\r\n\r\n--i\r\nContent-Type: text/plain\r\n\r\nsee the file\r\n"
                + "--i\r\nContent-Type: text/plain; name=secret.txt\r\nContent-Disposition: attachment; filename=secret.txt\r\n\r\n"
                + "the secret\r\n--i--\r\n";
        String armored = new String(GpgKeys.ok(GpgKeys.gpg(keys.home, inner.getBytes(StandardCharsets.UTF_8), "--armor",
                "--trust-model", "always", "--recipient", "alice@example.org", "--encrypt"), "encrypt"), StandardCharsets.US_ASCII);
        String raw = "From: Bob <bob@example.org>\r\nTo: alice@localhost\r\nSubject: secret\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/encrypted; boundary=\"e1\"; protocol=\"application/pgp-encrypted\"\r\n\r\n"
                + "--e1\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n\r\n"
                + "--e1\r\nContent-Type: application/octet-stream; name=encrypted.asc\r\n\r\n" + armored + "\r\n--e1--\r\n";
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        return inbox.appendMessage(m, new Flags(), new Date());
    }

    @Test
    void anAttachmentInAnEncryptedPartThatCannotBeOpenedSaysWhy() throws Exception {
        long uid = deliverEncrypted();
        Path elsewhere = Files.createDirectory(dir.resolve("empty-gnupg"),
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        Map<String, String> noKeys = Map.of("GNUPGHOME", elsewhere.toString());
        Path out = Files.createDirectory(dir.resolve("out"));
        Result one = CliRun.run(dir, config, noKeys, "attachment", "save", "INBOX", String.valueOf(uid), "3", "--out", out.toString());
        assertEquals(65, one.code, one.err);
        assertTrue(one.err.contains("could not be decrypted") && one.err.contains("no secret key"), one.err);
        Result all = CliRun.run(dir, config, noKeys, "attachment", "save", "INBOX", String.valueOf(uid), "--out", out.toString());
        assertEquals(65, all.code, all.err);
        assertTrue(all.err.contains("could not be decrypted"), all.err);
        // With the key the same attachment is there.
        Result withKey = CliRun.run(dir, config, GpgKeys.get().env(), "attachment", "save", "INBOX", String.valueOf(uid), "3",
                "--out", out.toString());
        assertEquals(0, withKey.code, withKey.err);
        assertEquals("the secret", Files.readString(out.resolve("secret.txt")).strip());
    }
}

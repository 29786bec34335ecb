package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.crypto.GpgKeys;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt34-B B6 in the reader: r on a message that came encrypted opened the review screen with "encrypt: no", and y
 * sent the decrypted quote in clear; P put it in the server's Drafts in clear. Now the review screen starts at
 * "encrypt: yes", says the original came encrypted, asks before it goes in clear (a key missing, or E turned it off),
 * and P keeps the draft on this machine. Real gpg, GreenMail.
 */
class TuiEncryptedReplyTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    static GpgKeys keys;
    @TempDir Path dir;
    private GreenMailUser alice;
    private Map<String, String> env;
    private Path config;

    @BeforeAll
    static void keys() {
        keys = GpgKeys.get();
    }

    @BeforeEach
    void seed() throws Exception {
        alice = greenMail.setUser("alice@example.org", "alice", "secret");
        greenMail.setUser("bob@example.org", "bob", "bob");
        greenMail.setUser("carol@example.org", "carol", "carol"); // no key in the keyring
        String inner = "Content-Type: text/plain; charset=utf-8\r\n\r\nthe vault opens at 0400\r\n";
        byte[] armor = GpgKeys.ok(GpgKeys.gpg(keys.home, inner.getBytes(StandardCharsets.US_ASCII), "--armor", "--sign",
                "--local-user", "bob@example.org", "--encrypt", "--recipient", "alice@example.org"), "encrypt");
        String raw = "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nCc: carol@example.org\r\nSubject: vault\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/encrypted; boundary=\"e\"; protocol=\"application/pgp-encrypted\"\r\n\r\n"
                + "--e\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n\r\n--e\r\nContent-Type: application/octet-stream\r\n\r\n"
                + new String(armor, StandardCharsets.US_ASCII) + "\r\n--e--\r\n";
        greenMail.getManagers().getImapHostManager().getInbox(alice).appendMessage(new MimeMessage(Session.getInstance(new Properties()),
                new java.io.ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))), new Flags(), new Date());
        Path script = dir.resolve("editor.sh");
        Files.writeString(script, "#!/bin/sh\nsed -i '0,/^$/s//\\nmy reply./' \"$1\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 10, null),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                        + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@example.org>\"\n");
        env = new HashMap<>(keys.env());
        env.put("HOME", dir.toString());
        env.put("EDITOR", script.toString());
    }

    private MailFolder inbox(String email) throws Exception {
        return greenMail.getManagers().getImapHostManager().getInbox(greenMail.getManagers().getUserManager().getUserByEmail(email));
    }

    @Test
    void aReplyStartsEncryptedAndGoesSo() throws Exception {
        try (AppContext ctx = new AppContext(env, config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 120, 30, Palette.defaults())) {
            h.awaitText("vault");
            h.press(KeyType.Enter);
            h.awaitText("the vault opens at 0400");
            h.type("r");
            String review = h.awaitText("Crypto:  PGP, sign: no, encrypt: yes");
            assertTrue(review.contains("Original: came encrypted"), review);
            assertFalse(review.contains("> [postern]"), "postern's status lines are not quoted: " + review);
            h.type("y");
            h.awaitText("Sent to bob@example.org");
        }
        String atBob = GreenMailUtil.getWholeMessage(inbox("bob@example.org").getMessages().get(0).getMimeMessage());
        assertTrue(atBob.contains("multipart/encrypted"), atBob);
        assertFalse(atBob.contains("vault opens"), atBob);
    }

    @Test
    void aKeyMissingOrEncryptionOffAsksBeforeItGoesInClearAndPostponingKeepsItHere() throws Exception {
        try (AppContext ctx = new AppContext(env, config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 120, 30, Palette.defaults())) {
            h.awaitText("vault");
            h.press(KeyType.Enter);
            h.awaitText("the vault opens at 0400");
            h.type("g"); // Bob (a key) and Carol (none)
            h.awaitText("no usable key for carol@example.org: sending will ask before it goes unencrypted");
            h.type("y");
            h.awaitText("The original came encrypted, and carol@example.org has no usable key; send it unencrypted? (y/n)");
            h.type("n");
            h.awaitText("Not sent; E changes the encryption");
            h.type("E"); // encrypt: no, which asks too
            h.awaitText("encrypt: no");
            h.type("y");
            h.awaitText("The original came encrypted; send this unencrypted? (y/n)");
            h.type("n");
            h.awaitText("Not sent");
            h.type("P");
            h.awaitText("not put in Drafts on the server in clear; it is kept in ");
        }
        assertEquals(0, inbox("bob@example.org").getMessageCount(), "nothing was sent");
        assertEquals(0, inbox("carol@example.org").getMessageCount(), "nothing was sent");
        MailFolder drafts = greenMail.getManagers().getImapHostManager().getFolder(alice, "Drafts");
        assertTrue(drafts == null || drafts.getMessageCount() == 0, "a draft in the server's Drafts, in clear");
    }
}

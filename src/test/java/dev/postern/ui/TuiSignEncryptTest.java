package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.crypto.GpgKeys;
import dev.postern.e2e.PosternConfig;
import dev.postern.render.CryptoEngine;
import dev.postern.render.MessageRenderer;
import dev.postern.render.Protection;
import dev.postern.render.RenderOptions;
import dev.postern.render.RenderedMessage;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
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
 * The review screen's toggles: a reply signed and encrypted with S and E reaches Bob encrypted, and the copy in
 * Sent is encrypted to Alice too, so she can read it.
 */
class TuiSignEncryptTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    static GpgKeys keys;
    @TempDir Path dir;
    private GreenMailUser alice;

    @BeforeAll
    static void keys() {
        keys = GpgKeys.get();
    }

    @BeforeEach
    void seed() throws Exception {
        alice = greenMail.setUser("alice@example.org", "alice", "secret");
        greenMail.setUser("bob@example.org", "bob", "bob");
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom("Bob <bob@example.org>");
        m.setRecipients(MimeMessage.RecipientType.TO, "alice@example.org");
        m.setSubject("Secret plans");
        m.setText("Where do we meet?", "UTF-8");
        m.saveChanges();
        greenMail.getManagers().getImapHostManager().getInbox(alice).appendMessage(m, new Flags(), new Date());
    }

    @Test
    void thePagerShowsTheSignatureStatusLineAboveTheSignedText() throws Exception {
        String inner = "Content-Type: text/plain; charset=utf-8\r\n\r\nSigned by Bob.\r\n";
        byte[] sig = GpgKeys.ok(GpgKeys.gpg(keys.home, inner.getBytes(java.nio.charset.StandardCharsets.US_ASCII), "--armor",
                "--local-user", "bob@example.org", "--detach-sign"), "sign");
        String raw = "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: signed note\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/signed; boundary=\"b1\"; protocol=\"application/pgp-signature\"; micalg=pgp-sha256\r\n\r\n"
                + "--b1\r\n" + inner + "\r\n--b1\r\nContent-Type: application/pgp-signature\r\n\r\n"
                + new String(sig, java.nio.charset.StandardCharsets.US_ASCII) + "\r\n--b1--\r\n";
        greenMail.getManagers().getImapHostManager().getInbox(alice).appendMessage(new MimeMessage(Session.getInstance(new Properties()),
                new java.io.ByteArrayInputStream(raw.getBytes(java.nio.charset.StandardCharsets.US_ASCII))), new Flags(), new Date());
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 10, null));
        Map<String, String> env = new HashMap<>(keys.env());
        env.put("HOME", dir.toString());
        try (AppContext ctx = new AppContext(env, config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 140, 24, Palette.defaults())) {
            h.awaitText("signed note");
            h.press(KeyType.Enter);
            String screen = h.awaitText("Signed by Bob.");
            assertTrue(screen.contains("[postern] PGP GOOD signature from Bob <bob@example.org>"), screen);
            assertTrue(screen.indexOf("[postern] PGP GOOD") < screen.indexOf("Signed by Bob."), screen);
            h.type("q");
            h.awaitGone("Signed by Bob.");
            h.type("q");
            h.awaitExit();
        }
    }

    @Test
    void anAttachmentInsideAnEncryptedMessageIsListedInThePagerAndSavedWithS() throws Exception {
        String inner = "Content-Type: multipart/mixed; boundary=\"in\"\r\n\r\n--in\r\nContent-Type: text/plain\r\n\r\n"
                + "The key file is attached.\r\n--in\r\nContent-Type: application/octet-stream; name=\"door.bin\"\r\n"
                + "Content-Disposition: attachment; filename=\"door.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + java.util.Base64.getMimeEncoder().encodeToString("OPEN-SESAME-0815".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                + "\r\n--in--\r\n";
        byte[] armor = GpgKeys.ok(GpgKeys.gpg(keys.home, inner.getBytes(java.nio.charset.StandardCharsets.US_ASCII), "--armor",
                "--encrypt", "--recipient", "alice@example.org"), "encrypt");
        String raw = "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: the key\r\nMIME-Version: 1.0\r\n"
                + "Date: " + new jakarta.mail.internet.MailDateFormat().format(new Date(System.currentTimeMillis() + 60_000)) + "\r\n"
                + "Content-Type: multipart/encrypted; boundary=\"e\"; protocol=\"application/pgp-encrypted\"\r\n\r\n"
                + "--e\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n\r\n--e\r\nContent-Type: application/octet-stream\r\n\r\n"
                + new String(armor, java.nio.charset.StandardCharsets.US_ASCII) + "\r\n--e--\r\n";
        greenMail.getManagers().getImapHostManager().getInbox(alice).appendMessage(new MimeMessage(Session.getInstance(new Properties()),
                new java.io.ByteArrayInputStream(raw.getBytes(java.nio.charset.StandardCharsets.US_ASCII))), new Flags(), new Date());
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 10, null));
        Path out = Files.createDirectory(dir.resolve("out"));
        Map<String, String> env = new HashMap<>(keys.env());
        env.put("HOME", dir.toString());
        try (AppContext ctx = new AppContext(env, config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 120, 30, Palette.defaults())) {
            h.awaitText("the key");
            h.press(KeyType.Enter);
            // Both awaited in one look: the UI thread draws a frame cell by cell, and a look taken mid-frame once
            // held the body with its status-line row not yet drawn.
            String screen = h.awaitScreen("the decrypted body under its status line",
                    sc -> sc.contains("The key file is attached.") && sc.contains("[postern] PGP encrypted to "));
            assertTrue(screen.indexOf("[postern] PGP encrypted to ") < screen.indexOf("The key file is attached."), screen);
            java.util.regex.Matcher n = java.util.regex.Pattern.compile("\\[(\\d+)\\] door\\.bin").matcher(
                    h.awaitScreen("door.bin numbered", sc -> sc.matches("(?s).*\\[\\d+\\] door\\.bin.*")));
            assertTrue(n.find(), h.screen());
            h.type("s");
            h.awaitText("Save attachment");
            h.type(n.group(1) + " " + out);
            h.press(KeyType.Enter);
            h.awaitText("Saved door.bin in " + out);
            h.type("q");
            h.awaitGone("The key file is attached.");
            h.type("q");
            h.awaitExit();
        }
        assertEquals("OPEN-SESAME-0815", Files.readString(out.resolve("door.bin")));
    }

    @Test
    void theReviewScreenNamesTheRecipientsWithoutAKeyBeforeSending() throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom("Carol <carol@example.org>");
        m.setRecipients(MimeMessage.RecipientType.TO, "alice@example.org");
        m.setRecipients(MimeMessage.RecipientType.CC, "bob@example.org");
        m.setSubject("Lunch?");
        m.setText("Noon at the mill?", "UTF-8");
        m.setSentDate(new Date(System.currentTimeMillis() + 60_000));
        m.saveChanges();
        greenMail.getManagers().getImapHostManager().getInbox(alice).appendMessage(m, new Flags(), new Date());
        Path script = dir.resolve("editor.sh");
        Files.writeString(script, "#!/bin/sh\nsed -i '0,/^$/s//\\nYes./' \"$1\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 10, null),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                        + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@example.org>\"\n");
        Map<String, String> env = new HashMap<>(keys.env());
        env.put("HOME", dir.toString());
        env.put("EDITOR", script.toString());
        try (AppContext ctx = new AppContext(env, config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 100, 24, Palette.defaults())) {
            h.awaitText("Lunch?");
            h.press(KeyType.Enter);
            h.awaitText("Noon at the mill?");
            h.type("g"); // group reply: Carol (no key) and Bob (a key)
            h.awaitText("encrypt: no");
            h.type("E");
            String screen = h.awaitText("Keys:    no usable key for carol@example.org: it goes out unencrypted");
            assertFalse(screen.contains("bob@example.org:"), screen);
            h.type("E");
            h.awaitText("no usable key for carol@example.org: sending will refuse");
            h.type("E");
            h.awaitGone("Keys:    no usable key");
        }
        assertEquals(0, greenMail.getManagers().getImapHostManager().getInbox(greenMail.getManagers().getUserManager()
                .getUserByEmail("bob@example.org")).getMessageCount(), "nothing was sent");
    }

    @Test
    void replySignedAndEncryptedFromTheReviewScreen() throws Exception {
        Path script = dir.resolve("editor.sh");
        Files.writeString(script, "#!/bin/sh\nsed -i '0,/^$/s//\\nBehind the old mill./' \"$1\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 10, null),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                        + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@example.org>\"\n");
        Map<String, String> env = new HashMap<>(keys.env());
        env.put("HOME", dir.toString());
        env.put("EDITOR", script.toString());
        try (AppContext ctx = new AppContext(env, config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 100, 24, Palette.defaults())) {
            h.awaitText("Secret plans");
            h.press(KeyType.Enter);
            h.awaitText("Where do we meet?");
            h.type("r");
            h.awaitText("Crypto:  PGP, sign: no, encrypt: no");
            h.type("S");
            h.awaitText("sign: yes, encrypt: no");
            h.type("E");
            h.awaitText("encrypt: if every recipient has a key");
            h.type("E");
            h.awaitText("sign: yes, encrypt: yes");
            h.type("y");
            h.awaitText("Sent to bob@example.org; copy in Sent");
            h.type("q"); // the pager, back where the reply started
            h.awaitGone("Where do we meet?");
            h.type("q");
            h.awaitExit();
        }
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
        String atBob = GreenMailUtil.getWholeMessage(greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUserByEmail("bob@example.org")).getMessages().get(0).getMimeMessage());
        assertTrue(atBob.contains("multipart/encrypted"), atBob);
        assertFalse(atBob.contains("old mill"), atBob);

        MimeMessage sentCopy = greenMail.getManagers().getImapHostManager().getFolder(alice, "Sent").getMessages().get(0).getMimeMessage();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        sentCopy.writeTo(raw);
        RenderedMessage m = new MessageRenderer(RenderOptions.defaults(), null, keys.engine()).render(raw.toByteArray());
        assertEquals(1, m.protections().size(), m.body());
        Protection p = m.protections().get(0);
        assertTrue(p.encryption().decrypted(), m.body());
        assertTrue(p.encryption().to().stream().anyMatch(t -> t.contains("alice@example.org")), p.encryption().to().toString());
        assertTrue(p.encryption().to().stream().anyMatch(t -> t.contains("bob@example.org")), p.encryption().to().toString());
        assertEquals(CryptoEngine.Status.GOOD, p.signature().status());
        assertTrue(m.body().contains("Behind the old mill."), m.body());
    }
}

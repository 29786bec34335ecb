package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * L in the reader: the reply goes to the list of List-Post, not to the sender; a message of no list is refused.
 * b bounces the message shown to a new recipient after a y/n question.
 */
class TuiListReplyTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;

    private void deliver(GreenMailUser to, String raw) throws Exception {
        to.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
    }

    private MailFolder inbox(String email) throws Exception {
        return greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUserByEmail(email));
    }

    @Test
    void replyListGoesToTheListAndAMessageOfNoListIsRefused() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.setUser("bob@localhost", "bob", "bob");
        greenMail.setUser("dev@localhost", "dev", "dev");
        deliver(alice, "From: Bob <bob@localhost>\r\nTo: dev@localhost\r\nSubject: [dev] release\r\n"
                + "List-Id: <dev.localhost>\r\nList-Post: <mailto:dev@localhost>\r\nMessage-ID: <r-1@localhost>\r\n\r\nShip it?\r\n");
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i '0,/^$/s//\\nYes./' \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 10, null),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n");
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "EDITOR", editor.toString()), config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 80, 24, Palette.defaults())) {
            h.awaitText("[dev] release");
            h.type("L");
            String review = h.awaitText("Review the message");
            assertTrue(review.contains("To:      dev@localhost"), review);
            h.type("y");
            h.awaitText("Sent to dev@localhost");
            h.type("q");
            h.awaitExit();
        }
        assertTrue(greenMail.waitForIncomingEmail(5000, 2));
        assertEquals(1, inbox("dev@localhost").getMessageCount());
        assertEquals(0, inbox("bob@localhost").getMessageCount(), "not to the sender");
        assertEquals("Re: [dev] release", inbox("dev@localhost").getMessages().get(0).getMimeMessage().getSubject());
    }

    @Test
    void aMessageOfNoListIsRefusedWithOneSentence() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        deliver(alice, "From: Bob <bob@localhost>\r\nTo: alice@localhost\r\nSubject: private\r\n\r\nhi\r\n");
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 10, null),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n");
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "EDITOR", "false"), config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 100, 24, Palette.defaults())) {
            h.awaitText("private");
            h.type("L");
            h.awaitText("this message names no list address");
            h.type("q");
            h.awaitExit();
        }
    }

    @Test
    void bounceAsksWhomAndThenRemailsTheOriginal() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.setUser("dave@localhost", "dave", "dave");
        deliver(alice, "From: Bob <bob@localhost>\r\nTo: alice@localhost\r\nSubject: for dave\r\n"
                + "Message-ID: <fd-1@localhost>\r\n\r\nPlease pass it on.\r\n");
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 10, null),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n");
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "EDITOR", "false"), config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 100, 24, Palette.defaults())) {
            h.awaitText("for dave");
            h.press(com.googlecode.lanterna.input.KeyType.Enter);
            h.awaitText("Please pass it on.");
            h.type("b");
            h.awaitText("Bounce to:");
            h.type("dave@localhost");
            h.press(com.googlecode.lanterna.input.KeyType.Enter);
            h.awaitText("Bounce the message to dave@localhost? (y/n)");
            h.type("n");
            h.awaitText("Not bounced.");
            h.type("b");
            h.awaitText("Bounce to:");
            h.type("dave@localhost");
            h.press(com.googlecode.lanterna.input.KeyType.Enter);
            h.awaitText("(y/n)");
            h.type("y");
            h.awaitText("Bounced to dave@localhost.");
            h.type("q");
            h.type("q");
            h.awaitExit();
        }
        assertTrue(greenMail.waitForIncomingEmail(5000, 2));
        MimeMessage m = inbox("dave@localhost").getMessages().get(0).getMimeMessage();
        assertEquals(1, inbox("dave@localhost").getMessageCount(), "one bounce: the n answer sent nothing");
        assertEquals("Alice <alice@localhost>", m.getHeader("Resent-From", null));
        assertEquals("<fd-1@localhost>", m.getMessageID());
        assertEquals("for dave", m.getSubject());
    }
}

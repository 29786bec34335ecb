package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.googlecode.lanterna.input.KeyType;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Flags;
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
 * The typed reply and bounce from the reader's ':' prompt (issue 14: one command object behind every door):
 * {@code :reply --all} gives the typed command's draft to the compose screen (the editor, the review, the send, the
 * original flagged answered), and {@code :bounce --to ADDR} remails the message under the cursor; neither goes
 * through a batch command line.
 */
class TuiTypedComposeCommandsTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;

    private MailFolder inbox(String email) throws Exception {
        return greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUserByEmail(email));
    }

    @Test
    void colonReplyAllOpensTheTypedDraftInTheComposeScreenAndColonBounceRemails() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        for (String u : new String[] {"bob", "carol", "dave"}) greenMail.setUser(u + "@localhost", u, u);
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream((
                "From: Bob <bob@localhost>\r\nTo: alice@localhost\r\nCc: carol@localhost\r\nSubject: lunch\r\n"
                + "Message-ID: <l-1@localhost>\r\n\r\nNoon?\r\n").getBytes(StandardCharsets.UTF_8))));
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i '0,/^$/s//\\nAgreed./' \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 10, null),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n");
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "EDITOR", editor.toString()), config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 100, 24, Palette.defaults())) {
            h.awaitText("lunch");
            h.type(":reply --all");
            h.press(KeyType.Enter);
            h.awaitText("Review the message");
            String review = h.awaitText("carol@localhost"); // the frame may be drawn in parts
            assertTrue(review.contains("bob@localhost"), review);
            h.type("y");
            h.awaitText("Sent to");
            h.type(":bounce --to dave@localhost");
            h.press(KeyType.Enter);
            h.awaitText("Bounced to dave@localhost.");
            h.type("q");
            h.awaitExit();
        }
        assertTrue(greenMail.waitForIncomingEmail(5000, 4));
        MimeMessage reply = inbox("bob@localhost").getMessages().get(0).getMimeMessage();
        assertEquals("Re: lunch", reply.getSubject());
        assertEquals("<l-1@localhost>", reply.getHeader("In-Reply-To", null));
        assertTrue(String.valueOf(reply.getContent()).contains("Agreed."), String.valueOf(reply.getContent()));
        assertEquals(1, inbox("carol@localhost").getMessageCount(), "reply-all reached the Cc");
        MimeMessage bounced = inbox("dave@localhost").getMessages().get(0).getMimeMessage();
        assertEquals("<l-1@localhost>", bounced.getMessageID());
        assertEquals("Alice <alice@localhost>", bounced.getHeader("Resent-From", null));
        assertTrue(inbox("alice@localhost").getMessages().get(0).getFlags().contains(Flags.Flag.ANSWERED), "the original is answered");
    }

    /**
     * The reader's r drafts through the typed reply even for an account without SMTP (the batch door refuses at once):
     * the compose screen can still postpone the answer to Drafts, as it could before reply was typed.
     */
    @Test
    void theReaderDraftsAReplyOfAnAccountWithoutSmtpAndPostponesIt() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice@localhost", "secret");
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream((
                "From: Bob <bob@localhost>\r\nTo: alice@localhost\r\nSubject: later\r\n"
                + "Message-ID: <p-1@localhost>\r\n\r\nWhen you can.\r\n").getBytes(StandardCharsets.UTF_8))));
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice@localhost",
                        "secret", 10, null), "");
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "EDITOR", "true"), config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 100, 24, Palette.defaults())) {
            h.awaitText("later");
            h.type("r");
            h.awaitText("Review the message");
            h.awaitText("Re: later");
            h.type("P");
            h.awaitText("Postponed to Drafts.");
            h.type("q");
            h.awaitExit();
        }
        MailFolder drafts = greenMail.getManagers().getImapHostManager().getFolder(
                greenMail.getManagers().getUserManager().getUserByEmail("alice@localhost"), "Drafts");
        assertEquals(1, drafts.getMessageCount());
        assertEquals("Re: later", drafts.getMessages().get(0).getMimeMessage().getSubject());
        assertEquals("alice@localhost", drafts.getMessages().get(0).getMimeMessage().getFrom()[0].toString(),
                "From is the login, as the reader gave it before");
    }
}

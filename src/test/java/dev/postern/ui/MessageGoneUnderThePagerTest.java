package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 39-Y, Y4: another client moves the message the pager shows to another folder; once the reader's watch has taken
 * it out of the store, r said "there is no message with UID N in 'INBOX'" (and so did F, d, |) though the message was
 * on the screen. Reply and pipe now work from the message in hand, and a flag, which has nothing left to act on, says
 * the message was moved or deleted by another client.
 */
class MessageGoneUnderThePagerTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;

    private static void deliver(GreenMailUser to, String raw) throws Exception {
        to.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
    }

    private static void await(String what, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TuiHarness.DEADLINE.toNanos();
        while (!cond.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(cond.getAsBoolean(), what);
    }

    @Test
    void replyAndPipeWorkFromTheMessageInHandAndAFlagSaysItIsGone() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        GreenMailUser bob = greenMail.setUser("bob@localhost", "bob", "bob");
        greenMail.getManagers().getImapHostManager().createMailbox(alice, "Archive");
        deliver(alice, "From: Carol <carol@localhost>\r\nTo: alice@localhost\r\nSubject: stays here\r\n"
                + "Message-ID: <keep-1@localhost>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\n\r\nStill in the inbox.\r\n");
        deliver(alice, "From: Bob <bob@localhost>\r\nTo: alice@localhost\r\nSubject: topic lunch\r\n"
                + "Message-ID: <lunch-1@localhost>\r\nDate: Mon, 7 Dec 2026 11:00:00 +0000\r\n\r\nShall we have lunch at noon?\r\n");
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i '0,/^$/s//\\nNoon suits me./' \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 8, null),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n");
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "EDITOR", editor.toString()), config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 160, 24, Palette.defaults())) {
            h.awaitText("[1/2]");
            h.press(KeyType.Enter); // the newest: topic lunch
            h.awaitText("Shall we have lunch at noon?");
            // The phone moves it to Archive (copy, \Deleted, expunge), and the reader's watch takes it out of the store.
            Session other = Session.getInstance(new Properties());
            try (Store store = other.getStore("imap")) {
                store.connect("127.0.0.1", greenMail.getImap().getPort(), "alice", "secret");
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_WRITE);
                Message lunch = null;
                for (Message m : inbox.getMessages()) if ("topic lunch".equals(m.getSubject())) lunch = m;
                inbox.copyMessages(new Message[] {lunch}, store.getFolder("Archive"));
                lunch.setFlags(new Flags(Flags.Flag.DELETED), true);
                inbox.close(true);
            }
            await("the reader's store no longer lists it", () -> ctx.controller().count("test", "INBOX") == 1);
            h.awaitText("Shall we have lunch at noon?"); // still on the screen

            // F has nothing left to flag: one sentence that says why, and it stays up.
            h.type("F");
            h.awaitText(Errors.GONE);

            // r replies from the bytes in hand: the quote, the thread's headers, the sender as To.
            h.type("r");
            String review = h.awaitText("Review the message");
            assertTrue(review.contains("To:      Bob <bob@localhost>") || review.contains("To:      bob@localhost"), review);
            h.type("y");
            h.awaitText("the original was moved or deleted by another client, so it is not flagged answered");
            assertTrue(greenMail.waitForIncomingEmail(10_000, 1));
            MimeMessage sent = greenMail.getManagers().getImapHostManager().getInbox(bob).getMessages().get(0).getMimeMessage();
            assertEquals("Re: topic lunch", sent.getSubject());
            assertEquals("<lunch-1@localhost>", sent.getHeader("In-Reply-To", null));
            String body = new String(sent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(body.contains("> Shall we have lunch at noon?") && body.contains("Noon suits me."), body);

            // | pipes the bytes in hand.
            h.awaitText("Shall we have lunch at noon?");
            h.type("|");
            h.awaitText("Pipe the message to command:");
            h.type("grep -c lunch-1@localhost");
            h.press(KeyType.Enter);
            h.awaitText("The command exited with status 0");
            h.type("q"); // from the command's output back to the index, where the message is no more
            h.awaitText("[1/1]");
            h.type("q");
            h.awaitExit();
        }
    }
}

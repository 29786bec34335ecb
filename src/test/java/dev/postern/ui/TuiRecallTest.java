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
import dev.postern.compose.Draft;
import dev.postern.compose.MessageBuilder;
import dev.postern.compose.Postman;
import dev.postern.e2e.PosternConfig;
import dev.postern.store.MapDbStore;
import jakarta.mail.Flags;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Postponed drafts come back (R, recall) into the editor with their threading headers and attachments, and
 * leave Drafts once sent; the sidebar's Outbox line opens a list of what waits, where d drops one.
 */
class TuiRecallTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;
    private GreenMailUser alice;

    @BeforeEach
    void seed() throws Exception {
        alice = greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.setUser("bob@localhost", "bob", "bob");
        greenMail.setUser("carol@localhost", "carol", "carol");
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties())) {
            @Override protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", "<orig@example.org>");
            }
        };
        m.setFrom("Bob Builder <bob@localhost>");
        m.setRecipients(MimeMessage.RecipientType.TO, "alice@localhost");
        m.setSubject("Plans", "UTF-8");
        m.setHeader("References", "<root@example.org>");
        m.setSentDate(Date.from(Instant.parse("2026-11-20T09:30:00Z")));
        m.setText("Shall we meet on Friday?", "UTF-8");
        m.saveChanges();
        greenMail.getManagers().getImapHostManager().getInbox(alice).appendMessage(m, new Flags(), new Date());
    }

    private Path config(int smtpPort) throws Exception {
        return PosternConfig.write(dir.resolve("config-" + smtpPort + ".toml"), dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 10, null),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + smtpPort
                + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n");
    }

    /**
     * First run: writes a line above the quote. Every later run: keeps a copy of what it was given (what the
     * recalled draft looked like in the editor) and adds a second line.
     */
    private Path editor() throws Exception {
        Path script = dir.resolve("editor.sh");
        Path marker = dir.resolve("edited-once");
        Path seen = dir.resolve("seen.txt");
        Files.writeString(script, "#!/bin/sh\n"
                + "if [ -e '" + marker + "' ]; then\n"
                + "  cp \"$1\" '" + seen + "'\n"
                + "  sed -i '0,/^$/s//\\nSecond thoughts./' \"$1\"\n"
                + "else\n"
                + "  touch '" + marker + "'\n"
                + "  sed -i '0,/^$/s//\\nFirst thoughts./; s/^Bcc: $/Bcc: carol@localhost/' \"$1\"\n"
                + "fi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private MailFolder folder(String user, String name) throws Exception {
        return greenMail.getManagers().getImapHostManager().getFolder(
                greenMail.getManagers().getUserManager().getUser(user), name);
    }

    @Test
    void aPostponedReplyIsRecalledIntoTheEditorSentWithItsThreadAndAttachmentAndLeavesDrafts() throws Exception {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "notes for friday\n");
        Map<String, String> env = Map.of("HOME", dir.toString(), "EDITOR", editor().toString());
        try (AppContext ctx = new AppContext(env, config(greenMail.getSmtp().getPort()));
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 100, 30, Palette.defaults())) {
            h.awaitText("Plans");
            h.type("r");
            h.awaitText("First thoughts.");
            h.type("a");
            h.awaitText("Attach file:");
            h.type(notes.toString());
            h.press(KeyType.Enter);
            h.awaitText("Attach 1: notes.txt");
            h.type("P");
            h.awaitText("Postponed to Drafts.");
            assertEquals(1, folder("alice", "Drafts").getMessageCount());

            h.type("R");
            // The list's title is drawn first and its rows when the Drafts folder has been read: wait for both.
            String list = h.awaitScreen("the postponed list and its message", sc -> sc.contains("Postponed messages in Drafts of test (1)")
                    && sc.contains("Re: Plans") && sc.contains("Bob Builder <bob@localhost>"));
            h.press(KeyType.Enter);
            String review = h.awaitText("Second thoughts.");
            assertTrue(review.contains("First thoughts."), review);
            assertTrue(review.contains("Subject: Re: Plans"), review);
            assertTrue(review.contains("Attach 1: notes.txt"), review);
            assertTrue(review.contains("Bcc:     carol@localhost"), "Bcc survives postponing: " + review);
            String seen = Files.readString(dir.resolve("seen.txt"));
            assertTrue(seen.contains("First thoughts."), "the editor got the postponed body: " + seen);
            assertTrue(seen.contains("> Shall we meet on Friday?"), seen);
            assertTrue(seen.contains("To: Bob Builder <bob@localhost>"), seen);
            assertFalse(seen.contains("Second thoughts."), seen);
            h.type("y");
            h.awaitText("Sent; the draft is removed from Drafts.");
            h.type("q");
            h.awaitExit();
        }
        assertTrue(greenMail.waitForIncomingEmail(5000, 2));
        assertEquals(1, folder("carol", "INBOX").getMessageCount(), "the Bcc recipient got it");
        assertEquals(null, folder("bob", "INBOX").getMessages().get(0).getMimeMessage().getHeader("Bcc"));
        MimeMessage sent = folder("bob", "INBOX").getMessages().get(0).getMimeMessage();
        assertEquals("Re: Plans", sent.getSubject());
        assertEquals("<orig@example.org>", sent.getHeader("In-Reply-To", null));
        assertEquals("<root@example.org> <orig@example.org>", sent.getHeader("References", " ").replaceAll("\\s+", " "));
        Multipart mp = (Multipart) sent.getContent();
        assertEquals(2, mp.getCount());
        String body = GreenMailUtil.getBody(mp.getBodyPart(0));
        assertTrue(body.contains("First thoughts.") && body.contains("Second thoughts."), body);
        assertEquals("notes.txt", mp.getBodyPart(1).getFileName());
        assertEquals("notes for friday\n", new String(mp.getBodyPart(1).getInputStream().readAllBytes()).replace("\r\n", "\n"));
        assertEquals(0, folder("alice", "Drafts").getMessageCount(), "the sent draft left Drafts");
    }

    /**
     * A recalled draft postponed once more replaces itself in Drafts (it is built again with its own Message-ID), as
     * mutt's recall leaves one postponed copy: Drafts holds one message, the edited one.
     */
    @Test
    void aRecalledDraftPostponedAgainReplacesItself() throws Exception {
        Map<String, String> env = Map.of("HOME", dir.toString(), "EDITOR", editor().toString());
        try (AppContext ctx = new AppContext(env, config(greenMail.getSmtp().getPort()));
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 100, 30, Palette.defaults())) {
            h.awaitText("Plans");
            h.type("r");
            h.awaitText("First thoughts.");
            h.type("P");
            h.awaitText("Postponed to Drafts.");
            String id = folder("alice", "Drafts").getMessages().get(0).getMimeMessage().getMessageID();
            h.type("R");
            h.awaitScreen("the postponed list and its message", sc -> sc.contains("Postponed messages in Drafts of test (1)")
                    && sc.contains("Re: Plans"));
            h.press(KeyType.Enter);
            h.awaitText("Second thoughts.");
            h.type("P");
            h.awaitText("Postponed to Drafts.");
            h.type("q");
            h.awaitExit();
            assertEquals(1, folder("alice", "Drafts").getMessageCount(), "postponed twice, one draft");
            MimeMessage left = folder("alice", "Drafts").getMessages().get(0).getMimeMessage();
            assertEquals(id, left.getMessageID());
            String body = GreenMailUtil.getBody(left);
            assertTrue(body.contains("First thoughts.") && body.contains("Second thoughts."), body);
        }
    }

    @Test
    void recallWithNothingPostponedSaysSo() throws Exception {
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "EDITOR", editor().toString()),
                config(greenMail.getSmtp().getPort()));
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 100, 30, Palette.defaults())) {
            h.awaitText("Plans");
            h.type("R");
            h.awaitText("No postponed messages in Drafts.");
            h.type("q");
            h.awaitExit();
        }
        assertFalse(Files.exists(dir.resolve("edited-once")), "no editor was opened");
    }

    @Test
    void theOutboxLineOpensTheListOfWaitingMessagesAndDropAsksFirst() throws Exception {
        int closed;
        closed = dev.postern.ClosedPort.take();
        Path offline = config(closed);
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), offline)) {
            for (String subject : List.of("first \u001b[31mred", "second")) {
                Postman.Result r = ctx.postman().send("test", new MessageBuilder().build(new Draft("alice@localhost",
                        List.of("bob@localhost"), null, null, subject, "body", null, null, null, false)));
                assertEquals(Postman.Outcome.QUEUED, r.outcome());
            }
        }
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), offline);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 120, 24, Palette.defaults())) {
            h.awaitText("Outbox (2)");
            h.press(KeyType.Tab);
            h.type("G");
            h.press(KeyType.Enter);
            // One wait for the whole list: a screen read right after its title may catch the frame half drawn.
            String list = h.awaitScreen("the outbox list", sc -> sc.contains("Outbox of test: waiting for the SMTP server, or set aside (2)")
                    && sc.contains("bob@localhost") && sc.contains("second"));
            assertFalse(list.contains("\u001b"), "escapes reach the screen sanitised");
            h.type("d");
            h.awaitText("from the outbox, unsent? (y/N)");
            h.type("n");
            h.awaitText("Not dropped.");
            h.type("d");
            h.awaitText("from the outbox, unsent? (y/N)");
            h.type("y");
            h.awaitText("Dropped; it will not be sent.");
            h.type("q");
            h.awaitText("Outbox (1)");
            h.type("q");
            h.type("q");
            h.awaitExit();
        }
        try (MapDbStore store = MapDbStore.open(dir.resolve("data"))) {
            assertEquals(1, store.outbox("test").size());
            assertTrue(new String(store.outbox("test").get(0).raw()).contains("Subject: second"), "the first one was dropped");
        }
    }
}

package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * d on an account whose server has no Trash: one key answers the question, the Trash is made and the
 * message moved there; a failing command leaves the status bar "online"; a long error is shown whole.
 */
class TuiDeleteWithoutTrashTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private static void deliver(MailFolder f, String subject) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom("Bob <bob@example.org>");
        m.setSubject(subject, "UTF-8");
        m.setSentDate(new Date());
        m.setText("body of " + subject, "UTF-8");
        m.saveChanges();
        f.appendMessage(m, new Flags(), new Date());
    }

    @Test
    void deleteWithOneKeyMakesTheTrashAndTheBarStaysOnlineThroughAFailure() throws Exception {
        GreenMailUser user = greenMail.setUser("carol@localhost", "carol", "pw");
        ImapHostManager imap = greenMail.getManagers().getImapHostManager();
        MailFolder inbox = imap.getInbox(user);
        deliver(inbox, "Keep this one");
        deliver(inbox, "Throw this away");
        Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "carol", "pw", 30, null));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg);
             TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 100, 24, Palette.defaults())) {
            h.awaitText("Throw this away");
            h.awaitText("online");
            assertNull(imap.getFolder(user, "Trash"));
            // Newest first: the cursor is on "Throw this away". d asks; y alone answers (no Enter).
            h.type("d");
            h.awaitText("Delete 1 message(s) to Trash? (y/n):");
            h.type("y");
            h.awaitText("Deleted 1 message(s)");
            h.awaitGone("Throw this away");
            MailFolder trash = imap.getFolder(user, "Trash");
            assertNotNull(trash, "the Trash was made on first use");
            assertEquals(1, trash.getMessageCount());
            assertEquals(1, inbox.getMessageCount());
            // Read from one awaited look with the status bar drawn up to its state: the UI thread draws a frame
            // cell by cell, and a look taken mid-frame held the bar's row cut after "real: INBOX".
            String bar = h.awaitScreen("the status bar with its connection state",
                    sc -> sc.matches("(?s).*real: INBOX  \\[[^]]*]  (online|offline|connecting).*"));
            assertTrue(bar.matches("(?s).*real: INBOX  \\[[^]]*]  online.*"), bar);

            // A command the server cannot carry out (a move to a folder that is not there) fails; its
            // error is shown, and the connection, which is fine, is still shown as online.
            h.type("M");
            h.awaitText("to folder:");
            h.type("A folder with a long name that the server has never heard of, so that the error is long");
            h.press(com.googlecode.lanterna.input.KeyType.Enter);
            // Wrapped over two rows rather than cut off at the screen's edge: the sentence's end is there.
            String screen = h.awaitScreen("the whole error", s -> s.replaceAll("\\s+", " ")
                    .contains("never heard of, so that the error is long' on the server; `postern folders --account real` lists them."));
            assertTrue(screen.contains("online"), screen);
            assertFalse(screen.contains("offline"), screen);
            assertTrue(screen.contains("Keep this one"), screen);
            // Another command goes through as before.
            h.type("F");
            h.awaitText("Marked flagged: 1 message(s)");
            assertTrue(h.screen().contains("online"), h.screen());
        }
    }
}

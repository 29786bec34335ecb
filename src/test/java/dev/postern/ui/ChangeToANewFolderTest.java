package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
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
 * Hunt 34-A, A2: {@code c NAME} of a folder another client made after the reader listed the folders said "No folder
 * named NAME in real." (the server has it). The reader now asks the server's list before saying no; a name the server
 * does not have either is still refused.
 */
class ChangeToANewFolderTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private static void deliver(MailFolder folder, String subject) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom("s@example.org");
        m.setSubject(subject, "UTF-8");
        m.setSentDate(new Date());
        m.setText("body of " + subject, "UTF-8");
        m.saveChanges();
        folder.appendMessage(m, new Flags(), new Date());
    }

    @Test
    void aFolderMadeElsewhereSinceTheListOpens() throws Exception {
        GreenMailUser user = greenMail.setUser("carol@localhost", "carol", "pw");
        var imap = greenMail.getManagers().getImapHostManager();
        deliver(imap.getInbox(user), "inbox note");
        imap.createMailbox(user, "Before");
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "carol", "pw", 30, null));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config);
             TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 120, 24, Palette.defaults())) {
            h.awaitScreen("the index and the server's folder list", s -> s.contains("inbox note") && s.contains("Before"));
            deliver(imap.createMailbox(user, "Lists"), "list note");
            h.type("c");
            h.awaitText("Open folder:");
            h.type("Lists");
            h.press(KeyType.Enter);
            String opened = h.awaitScreen("Lists opened", s -> s.contains("real: Lists") && s.contains("list note"));
            assertTrue(!opened.contains("No folder named"), opened);
            h.awaitGone("Looking for Lists on the server"); // the notice goes once the answer is in
            h.type("c");
            h.awaitText("Open folder:");
            h.type("Nowhere");
            h.press(KeyType.Enter);
            h.awaitText("No folder named Nowhere in real.");
            h.type("q");
            h.awaitExit();
        }
    }
}

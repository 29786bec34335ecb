package dev.postern.ui;

import com.googlecode.lanterna.input.KeyType;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt43-R R7: while the reader shows another folder, mail another client delivers to INBOX is noticed: the
 * sidebar's INBOX count follows and the status line says "1 new message in INBOX", as in the folder shown.
 */
class TuiInboxNewsTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private static MimeMessage message(Session s, String subject) throws Exception {
        MimeMessage m = new MimeMessage(s);
        m.setFrom("Other <other@example.org>");
        m.setSubject(subject, "UTF-8");
        m.setText("text of " + subject, "UTF-8");
        m.saveChanges();
        return m;
    }

    @Test
    void newMailInInboxIsSaidAndCountedWhileAnotherFolderIsShown() throws Exception {
        greenMail.setUser("dora@localhost", "dora", "pw");
        Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "dora", "pw", 4, null));
        Session other = Session.getInstance(new Properties());
        try (Store store = other.getStore("imap")) {
            store.connect("127.0.0.1", greenMail.getImap().getPort(), "dora", "pw");
            Folder inbox = store.getFolder("INBOX");
            inbox.appendMessages(new Message[] {message(other, "Inbox one"), message(other, "Inbox two")});
            Folder lists = store.getFolder("Lists");
            lists.create(Folder.HOLDS_MESSAGES);
            lists.appendMessages(new Message[] {message(other, "List post")});
            try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg);
                 TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 120, 24, Palette.defaults())) {
                h.awaitText("Inbox two");
                h.awaitScreen("the sidebar's INBOX 2/2", s -> s.contains("INBOX") && s.contains("2/2"));
                // Lists is opened: INBOX is no longer the folder shown.
                h.type("c");
                h.awaitText("Open folder");
                h.type("Lists");
                h.press(KeyType.Enter);
                h.awaitText("List post");
                h.awaitGone("Inbox two");
                Thread.sleep(1500); // the watches settle (IDLE entered)

                inbox.appendMessages(new Message[] {message(other, "Inbox three")});
                h.awaitScreen("the notice of INBOX's new mail", s -> s.contains("1 new message in INBOX"),
                        java.time.Duration.ofSeconds(40));
                h.awaitScreen("the sidebar's INBOX 3/3", s -> s.contains("3/3"));
                h.assertAlive();
            }
        }
    }
}

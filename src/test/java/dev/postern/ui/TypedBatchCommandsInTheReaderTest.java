package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.googlecode.lanterna.input.KeyType;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
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
 * The batch commands typed so far ({@code :store stats}, {@code :list} ...) run in the reader as typed commands on
 * the reader's own controller (no command line, no captured output: the reader here has none to hand argv to)
 * and show their result's sentence.
 */
class TypedBatchCommandsInTheReaderTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    @Test
    void storeListReadSearchAndAttachmentShowTheirSentence() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("dora@localhost", "dora", "pw"));
        for (int i = 1; i <= 3; i++) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            m.setFrom("s" + i + "@example.org");
            m.setSubject("Stored " + i);
            m.setText("body " + i);
            m.saveChanges();
            inbox.appendMessage(m, new Flags(), new Date());
        }
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "dora", "pw", 30, null));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config);
             TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 120, 24, Palette.defaults())) {
            h.awaitText("Stored 3");
            h.awaitText("online");
            h.type(":store stats");
            h.press(KeyType.Enter);
            h.awaitText("store: 3 messages (");
            h.type(":store verify");
            h.press(KeyType.Enter);
            h.awaitText("bodies intact and every envelope readable");
            h.type(":store bogus");
            h.press(KeyType.Enter);
            h.awaitText("store: 'bogus' is not stats, verify, compact, reindex or adopt.");
            h.type(":list --cached");
            h.press(KeyType.Enter);
            h.awaitText("INBOX: 3 message(s) listed, 3 unread");
            h.type(":list --limit 2");
            h.press(KeyType.Enter);
            h.awaitText("INBOX: 2 message(s) listed, 2 unread");
            h.type(":list Nowhere --cached");
            h.press(KeyType.Enter);
            h.awaitText("account real has no folder 'Nowhere'");
            h.type(":read 1 --preview");
            h.press(KeyType.Enter);
            h.awaitText("message 1 of INBOX: from s1@example.org, Stored 1");
            h.type(":search --local subject:Stored");
            h.press(KeyType.Enter);
            h.awaitText("3 message(s) in INBOX match subject:Stored");
            h.type(":attachment save INBOX 2 --out " + dir);
            h.press(KeyType.Enter);
            h.awaitText("message 2 in 'INBOX' has no attachments.");
            h.type(":attachment show INBOX 2");
            h.press(KeyType.Enter);
            h.awaitText("attachment show: say which attachment (INDEX, as `postern read` numbers them).");
        }
    }

    /**
     * A bound {@code read --raw} (or {@code :read}, {@code attachment save}) with no message named gets the message
     * under the cursor, as delete, move and flag do (hunt 32-V, G9); after ';' with several tagged it says it takes one.
     */
    @Test
    void readAndAttachmentBoundOrTypedWithoutAMessageTakeTheOneUnderTheCursor() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("eve@localhost", "eve", "pw"));
        for (int i = 1; i <= 2; i++) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            m.setFrom("s" + i + "@example.org");
            m.setSubject("Kept " + i);
            m.setText("body " + i);
            m.saveChanges();
            inbox.appendMessage(m, new Flags(), new Date(System.currentTimeMillis() - (3 - i) * 60_000L));
        }
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "eve", "pw", 30, null));
        KeyMap keys = BindingsFile.parse("mine", "[index]\nX = read --raw\nY = attachment save --out " + dir + "\n",
                KeyMap.defaults(), CommandRegistry.uiOnly());
        TuiOptions options = new TuiOptions(Palette.defaults(), keys, null, dir.resolve("history"), null);
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config);
             TuiHarness h = new TuiHarness(120, 24, t -> Tui.run(ctx.controller(), "real", "INBOX", t, options,
                     java.time.Clock.systemUTC()))) {
            h.awaitText("Kept 2");
            h.awaitText("online");
            h.type("X");
            String said = h.awaitScreen("read --raw's sentence", s -> s.matches("(?s).*message \\d of INBOX: \\d+ bytes.*"));
            assertFalse(said.contains("name the message"), said);
            h.type(":read --preview");
            h.press(KeyType.Enter);
            h.awaitScreen("read's sentence", s -> s.matches("(?s).*message \\d of INBOX: from s\\d@example.org, Kept \\d.*"));
            h.type("Y");
            h.awaitScreen("attachment save's sentence", s -> s.matches("(?s).*message \\d in 'INBOX' has no attachments.*"));
            h.press(KeyType.Home);
            h.type("tt;X");
            h.awaitText("read acts on one message, not 2 tagged ones; leave out the ';'.");
            h.type(":read INBOX 1 --preview");
            h.press(KeyType.Enter);
            h.awaitText("message 1 of INBOX: from s1@example.org, Kept 1");
        }
    }
}

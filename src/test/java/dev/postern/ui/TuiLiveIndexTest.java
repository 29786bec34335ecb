package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another client delivers and expunges while the reader shows the folder: rows come and go with no key
 * pressed, the cursor stays on the message it was on, and a notice says how much mail came. In a folder
 * longer than the screen (the new row must not land above the window), threaded, and under a limit.
 */
class TuiLiveIndexTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    private static final Instant BASE = Instant.parse("2026-03-01T08:00:00Z");

    @TempDir Path dir;

    private static MimeMessage message(Session s, String subject, int hour) throws Exception {
        MimeMessage m = new MimeMessage(s);
        m.setFrom("Other <other@example.org>");
        m.setSubject(subject, "UTF-8");
        m.setSentDate(Date.from(BASE.plus(Duration.ofHours(hour))));
        m.setText("text of " + subject, "UTF-8");
        m.saveChanges();
        return m;
    }

    /** Another client removes the message with this subject for good. */
    private static void expunge(Store store, String subject) throws Exception {
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        for (Message m : inbox.getMessages()) {
            if (subject.equals(m.getSubject())) m.setFlag(Flags.Flag.DELETED, true);
        }
        inbox.close(true);
    }

    private static String statusBar(TuiHarness h) {
        int r = h.rowContaining("real: INBOX");
        return r < 0 ? "" : h.row(r);
    }

    private static void awaitPosition(TuiHarness h, String position) {
        h.awaitScreen("the status bar shows [" + position + "]", s -> statusBar(h).contains("[" + position + "]"));
    }

    @Test
    void rowsComeAndGoWithoutAKeyAndTheCursorStaysOnItsMessage() throws Exception {
        greenMail.setUser("carol@localhost", "carol", "pw");
        Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "carol", "pw", 4, null));
        Session other = Session.getInstance(new Properties());
        try (Store store = other.getStore("imap")) {
            store.connect("127.0.0.1", greenMail.getImap().getPort(), "carol", "pw");
            Folder inbox = store.getFolder("INBOX");
            // 30 messages: more than the 22 rows the index has, so the list is scrolled.
            Message[] seed = new Message[30];
            for (int i = 0; i < 30; i++) seed[i] = message(other, String.format("Older %02d", i + 1), i);
            inbox.appendMessages(seed);
            try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg);
                 TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 120, 24, Palette.defaults())) {
                h.awaitText("Older 30");
                awaitPosition(h, "1/30");
                Thread.sleep(500); // the watcher enters IDLE

                // 1. Flat view, cursor on the newest ("Older 30"), at the top of the list. Two arrive at once.
                inbox.appendMessages(new Message[] {message(other, "Fresh one", 40), message(other, "Fresh two", 41)});
                h.awaitText("Fresh two");
                h.awaitText("Fresh one");
                awaitPosition(h, "3/32"); // still on "Older 30", now the third row
                h.awaitScreen("a notice of the new mail", s -> s.contains("2 new messages in INBOX")
                        || s.contains("1 new message in INBOX"));

                // 2. Another client expunges a message above the cursor: its row goes, the cursor stays.
                expunge(store, "Fresh one");
                h.awaitGone("Fresh one");
                awaitPosition(h, "2/31");

                // 3. Threaded view: the same, from a built order.
                h.type("T");
                h.awaitText("Threaded view.");
                awaitPosition(h, "2/31");
                inbox.appendMessages(new Message[] {message(other, "Fresh three", 42)});
                h.awaitText("Fresh three");
                awaitPosition(h, "3/32");
                expunge(store, "Older 29"); // below the cursor: the cursor keeps its row
                h.awaitGone("Older 29");
                awaitPosition(h, "3/31");
                h.press(KeyType.Enter); // the cursor is on the message it was on from the start
                h.awaitText("text of Older 30");
                h.type("q");
                h.awaitText("Fresh three");

                // 4. A limit: a matching arrival shows, a non-matching one does not.
                h.type("l");
                h.awaitText("Limit to");
                h.type("subject:Fresh");
                h.press(KeyType.Enter);
                h.awaitText("2 message(s) match subject:Fresh");
                inbox.appendMessages(new Message[] {message(other, "Fresh four", 43), message(other, "Unrelated", 44)});
                h.awaitText("Fresh four");
                h.awaitScreen("3 rows under the limit", s -> statusBar(h).contains("/3]"));
                assertTrue(!h.screen().contains("Unrelated"), h.screen());
            }
        }
    }
}

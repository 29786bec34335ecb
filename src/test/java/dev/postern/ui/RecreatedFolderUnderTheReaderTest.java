package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 43-R, R9: another client deletes the folder the reader shows and makes it again with other messages, which get
 * the old UIDs under a new UIDVALIDITY. The threaded index kept the old rows (its order was rebuilt only when the
 * count changed), and d on one of them, or on the message the pager still showed, deleted the new message that had
 * taken its UID: an action on a message the user never saw. Now the order is rebuilt and such an action says the
 * message is gone.
 */
class RecreatedFolderUnderTheReaderTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private static MimeMessage message(Session s, String subject, int minute) throws Exception {
        String raw = "From: Carol <carol@localhost>\r\nTo: alice@localhost\r\nSubject: " + subject + "\r\nMessage-ID: <"
                + subject.replace(' ', '-') + "@localhost>\r\nDate: Mon, 7 Dec 2026 10:0" + minute + ":00 +0000\r\n\r\nbody\r\n";
        return new MimeMessage(s, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    /** As another client: Box deleted, made again, {@code subjects} appended (UIDs 1, 2, ... again). */
    private void recreate(String... subjects) throws Exception {
        Session other = Session.getInstance(new Properties());
        try (Store store = other.getStore("imap")) {
            store.connect("127.0.0.1", greenMail.getImap().getPort(), "alice", "secret");
            Folder box = store.getFolder("Box");
            if (box.exists()) box.delete(true);
            box = store.getFolder("Box");
            box.create(Folder.HOLDS_MESSAGES);
            List<Message> add = new ArrayList<>();
            for (int i = 0; i < subjects.length; i++) add.add(message(other, subjects[i], i + 1));
            box.appendMessages(add.toArray(new Message[0]));
        }
    }

    private List<String> onServer() throws Exception {
        Session other = Session.getInstance(new Properties());
        try (Store store = other.getStore("imap")) {
            store.connect("127.0.0.1", greenMail.getImap().getPort(), "alice", "secret");
            Folder box = store.getFolder("Box");
            box.open(Folder.READ_ONLY);
            List<String> out = new ArrayList<>();
            for (Message m : box.getMessages()) out.add(m.getSubject());
            box.close(false);
            return out;
        }
    }

    private boolean flaggedOnServer() throws Exception {
        Session other = Session.getInstance(new Properties());
        try (Store store = other.getStore("imap")) {
            store.connect("127.0.0.1", greenMail.getImap().getPort(), "alice", "secret");
            Folder box = store.getFolder("Box");
            box.open(Folder.READ_ONLY);
            boolean any = false;
            for (Message m : box.getMessages()) any |= m.isSet(jakarta.mail.Flags.Flag.FLAGGED);
            box.close(false);
            return any;
        }
    }

    @Test
    void theIndexShowsTheNewMessagesAndAnActionOnAnOldOneTouchesNoNewOne() throws Exception {
        var alice = greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.getManagers().getImapHostManager().createMailbox(alice, "Trash");
        recreate("old one", "old two", "old three");
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 8, null));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "Box", 120, 24, Palette.defaults())) {
            h.awaitText("[1/3]");
            h.type("T");
            h.awaitText("threads");
            h.press(KeyType.Enter); // the newest: old three, UID 3
            h.awaitText("Subject: old three");
            Thread.sleep(1_100); // GreenMail's UIDVALIDITY is the second the folder was made
            recreate("new one", "new two", "new three");
            h.type(":sync");
            h.press(KeyType.Enter);
            long deadline = System.nanoTime() + TuiHarness.DEADLINE.toNanos();
            while (System.nanoTime() < deadline && ctx.controller().page("test", "Box", 0, 10).stream()
                    .noneMatch(e -> "new three".equals(e.subject()))) {
                Thread.sleep(50);
            }
            h.awaitText("Subject: old three"); // still the message shown, though the store has the new ones now
            // d y on the message shown, which is not in the folder any more: the new UID 3 stays.
            h.type("d");
            h.awaitText("Delete 1 message(s) to Trash?");
            h.type("y");
            h.awaitText(Errors.GONE);
            assertEquals(List.of("new one", "new two", "new three"), onServer());
            h.type("x"); // a key takes the answer away ("Key x is not bound")
            h.awaitGone(Errors.GONE);
            h.type(":flag --set flagged"); // a typed command on it says so too: the new UID 3 is not flagged
            h.press(KeyType.Enter);
            h.awaitText(Errors.GONE);
            assertFalse(flaggedOnServer(), "no message flagged");
            // The threaded index is the folder as it is now.
            h.type("i");
            String index = h.awaitText("new three");
            assertFalse(index.contains("old t"), index);
            assertTrue(index.contains("new one") && index.contains("new two"), index);
            h.type("q");
            h.awaitExit();
        }
    }
}

package dev.postern.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.controller.MailController;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.MessageGone;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 43-R, R9's root: another client deletes a folder and makes it again, whose new messages take the old UIDs under
 * a new UIDVALIDITY. A command on messages the caller saw before that (the reader, a binding, a served reader) went to
 * the server as FOLDER UID and deleted, moved, copied or flagged the new message with that UID. Now the messages carry
 * the UIDVALIDITY they were seen under and the controller refuses a mismatch, touching nothing; a UID typed at a batch
 * command (no UIDVALIDITY seen) still names what it names now.
 */
class RecreatedFolderCommandsTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private static MimeMessage message(Session s, String subject, int minute) throws Exception {
        String raw = "From: Carol <carol@localhost>\r\nTo: alice@localhost\r\nSubject: " + subject + "\r\nMessage-ID: <"
                + subject.replace(' ', '-') + "@localhost>\r\nDate: Mon, 7 Dec 2026 10:0" + minute + ":00 +0000\r\n\r\nbody\r\n";
        return new MimeMessage(s, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    private Store other() throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", greenMail.getImap().getPort(), "alice", "secret");
        return store;
    }

    /** As another client: Box deleted, made again, {@code subjects} appended (UIDs 1, 2, ... again). */
    private void recreate(String... subjects) throws Exception {
        try (Store store = other()) {
            Folder box = store.getFolder("Box");
            if (box.exists()) box.delete(true);
            box = store.getFolder("Box");
            box.create(Folder.HOLDS_MESSAGES);
            List<Message> add = new ArrayList<>();
            for (int i = 0; i < subjects.length; i++) add.add(message(Session.getInstance(new Properties()), subjects[i], i + 1));
            box.appendMessages(add.toArray(new Message[0]));
        }
    }

    /** The subjects in {@code name} on the server, "*" after a flagged one's. */
    private List<String> onServer(String name) throws Exception {
        try (Store store = other()) {
            Folder f = store.getFolder(name);
            f.open(Folder.READ_ONLY);
            List<String> out = new ArrayList<>();
            for (Message m : f.getMessages()) out.add(m.getSubject() + (m.isSet(jakarta.mail.Flags.Flag.FLAGGED) ? "*" : ""));
            f.close(false);
            return out;
        }
    }

    private static String refused(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
        return assertInstanceOf(MessageGone.class, e.getCause(), String.valueOf(e.getCause())).getMessage();
    }

    private static void sync(MailController c) throws Exception {
        Commands.run(c, List.of("sync", "--folder", "Box"), "test", null).get(60, TimeUnit.SECONDS);
    }

    @Test
    void anActionOnMessagesSeenBeforeTheFolderWasMadeAgainTouchesNothing() throws Exception {
        var alice = greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.getManagers().getImapHostManager().createMailbox(alice, "Trash");
        greenMail.getManagers().getImapHostManager().createMailbox(alice, "Other");
        recreate("old one", "old two", "old three");
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 8, null));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config)) {
            MailController c = ctx.controller();
            sync(c);
            long seen = c.page("test", "Box", 0, 10).get(0).ref().uidValidity();
            Thread.sleep(1_100); // GreenMail's UIDVALIDITY is the second the folder was made
            recreate("new one", "new two", "new three");
            sync(c);
            assertFalse(c.page("test", "Box", 0, 10).get(0).ref().uidValidity() == seen, "a new UIDVALIDITY");

            Messages three = Messages.seen("test", "Box", seen, List.of(3L));
            String gone = "message 3 of Box was removed: the folder was re-created by another client; nothing done.";
            assertEquals(gone, refused(Commands.DELETE.run(c, new DeleteCommand.Args(three, false, null))));
            assertEquals(gone, refused(Commands.DELETE.run(c, new DeleteCommand.Args(three, true, null))));
            assertEquals(gone, refused(Commands.DELETE.run(c, new DeleteCommand.Args(three, false, "Other"))));
            assertEquals(gone, refused(Commands.MOVE.run(c, new MoveCommand.Args(three, "Other"))));
            assertEquals(gone, refused(Commands.COPY.run(c, new CopyCommand.Args(three, "Other"))));
            assertEquals(gone, refused(Commands.FLAG.run(c, new FlagCommand.Args(three, List.of(dev.postern.model.Flag.FLAGGED),
                    List.of()))));
            assertEquals("messages 1, 2 of Box were removed: the folder was re-created by another client; nothing done.",
                    refused(Commands.FLAG.run(c, new FlagCommand.Args(Messages.seen("test", "Box", seen, List.of(1L, 2L)),
                            List.of(dev.postern.model.Flag.FLAGGED), List.of()))));
            assertEquals(List.of("new one", "new two", "new three"), onServer("Box"));
            assertEquals(List.of(), onServer("Trash"));
            assertEquals(List.of(), onServer("Other"));
            assertEquals(3, c.page("test", "Box", 0, 10).size(), "the store untouched");

            // A UID typed at a batch command names the message it names now (as `postern delete Box 3`).
            Commands.DELETE.run(c, new DeleteCommand.Args(Messages.of("test", "Box", List.of(3L)), false, null)).get(60, TimeUnit.SECONDS);
            assertEquals(List.of("new one", "new two"), onServer("Box"));
            // And one seen under the folder's UIDVALIDITY now is acted on.
            long now = c.page("test", "Box", 0, 10).get(0).ref().uidValidity();
            Commands.FLAG.run(c, new FlagCommand.Args(Messages.seen("test", "Box", now, List.of(1L)),
                    List.of(dev.postern.model.Flag.FLAGGED), List.of())).get(60, TimeUnit.SECONDS);
            assertEquals(List.of("new one*", "new two"), onServer("Box"));
        }
    }

    /** Reading it, its attachments, a reply or forward to it: the old message, never the new one with its UID. */
    @Test
    void aReadOfAMessageSeenBeforeTheFolderWasMadeAgainNamesTheOldOneOrNone() throws Exception {
        var alice = greenMail.setUser("alice@localhost", "alice", "secret");
        recreate("old one", "old two");
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 8, null));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config)) {
            MailController c = ctx.controller();
            sync(c);
            long seen = c.page("test", "Box", 0, 10).get(0).ref().uidValidity();
            Thread.sleep(1_100);
            recreate("new one", "new two");
            sync(c);
            Messages two = Messages.seen("test", "Box", seen, List.of(2L));
            String gone = "message 2 of Box was removed: the folder was re-created by another client; nothing done.";
            assertEquals(gone, refused(Commands.run(c, List.of("read"), "test", two)));
            assertEquals(gone, refused(Commands.run(c, List.of("attachment", "save", "--out", dir.toString()), "test", two)));
            assertEquals(gone, refused(Commands.run(c, List.of("reply", "--dry-run", "--yes"), "test", two)));
            assertEquals(gone, refused(Commands.run(c, List.of("forward", "--dry-run", "--yes", "--to", "bob@localhost"), "test", two)));
            // Typed, the UID names the message it names now.
            ReadCommand.Read now = (ReadCommand.Read) Commands.run(c, List.of("read", "Box", "2"), "test", null).get(60, TimeUnit.SECONDS);
            assertEquals("new two", now.ref().uid() == 2 ? now.message().headers().stream().filter(h -> h.name().equals("Subject")).findFirst().orElseThrow().value() : "");
        }
    }
}

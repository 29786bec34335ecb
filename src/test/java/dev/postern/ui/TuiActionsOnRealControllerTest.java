package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.googlecode.lanterna.input.KeyType;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** t, ;, N, F, d, M and C in the index, on the real controller and store against an in-process IMAP server. */
class TuiActionsOnRealControllerTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private Path config() throws Exception {
        return config(greenMail.getImap().getPort());
    }

    private Path config(int port) throws Exception {
        Path p = dir.resolve("config-" + port + ".toml");
        return PosternConfig.write(p, dir.resolve("data"),
                PosternConfig.account("real", "imap", "127.0.0.1", port, "plain", "carol", "pw", 30, null));
    }

    private static List<String> subjects(MailFolder f) {
        return f.getMessages().stream().map(m -> {
            try {
                return m.getMimeMessage().getSubject();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static void await(String what, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TuiHarness.DEADLINE.toNanos();
        while (!cond.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(cond.getAsBoolean(), what);
    }

    @Test
    void tagsAndActsOnTheServerAndTheIndexFollows() throws Exception {
        GreenMailUser user = greenMail.setUser("carol@localhost", "carol", "pw");
        ImapHostManager imap = greenMail.getManagers().getImapHostManager();
        MailFolder inbox = imap.getInbox(user);
        imap.createMailbox(user, "Archive");
        imap.createMailbox(user, "Trash");
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 1; i <= 5; i++) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            m.setFrom("Sender " + i + " <s" + i + "@example.org>");
            m.setSubject("Subject number " + i, "UTF-8");
            m.setSentDate(Date.from(base.plus(Duration.ofHours(i))));
            m.setText("Body " + i, "UTF-8");
            m.saveChanges();
            inbox.appendMessage(m, new Flags(), new Date());
        }
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config());
             TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 100, 24, Palette.defaults())) {
            h.awaitText("[1/5");
            // F flags the message under the cursor (the newest, UID 5) on the server; the index shows '!'.
            h.type("F");
            await("UID 5 flagged on the server", () -> inbox.getMessages().get(4).isSet(Flags.Flag.FLAGGED));
            h.awaitText("N!");
            // N toggles it read.
            h.type("N");
            await("UID 5 read on the server", () -> inbox.getMessages().get(4).isSet(Flags.Flag.SEEN));
            // Tag 5 and 4, then ; M moves both.
            h.type("tt");
            h.awaitText("T");
            h.type(";M");
            h.awaitText("Move 2 message(s) to folder:");
            h.type("Archive");
            h.press(KeyType.Enter);
            await("moved on the server", () -> inbox.getMessages().size() == 3);
            await("in Archive", () -> imap.getFolder(user, "Archive").getMessageCount() == 2);
            assertEquals(List.of("Subject number 5", "Subject number 4").stream().sorted().toList(),
                    subjects(imap.getFolder(user, "Archive")).stream().sorted().toList());
            h.awaitText("[");
            h.awaitText("/3");
            // C copies the message under the cursor without touching the source.
            h.type("C");
            h.awaitText("Copy 1 message(s) to folder:");
            h.type("Archive");
            h.press(KeyType.Enter);
            await("copied", () -> imap.getFolder(user, "Archive").getMessageCount() == 3);
            assertEquals(3, inbox.getMessages().size());
            h.awaitText("Copied to Archive: 1 message(s)");
            // d asks first; n keeps it, y sends it to Trash.
            h.type("d");
            h.awaitText("Delete 1 message(s) to Trash? (y/n):");
            h.type("n");
            h.awaitText("Nothing deleted.");
            assertEquals(3, inbox.getMessages().size());
            h.type("d");
            h.type("y");
            await("deleted to Trash", () -> inbox.getMessages().size() == 2);
            // GreenMail's MOVE takes the message out of the source before it lands in the target: wait for both.
            await("in Trash", () -> imap.getFolder(user, "Trash").getMessageCount() == 1);
            h.awaitText("/2");
            h.type("q");
            h.awaitExit();
        }
    }

    /**
     * Hunt 39-Y, Y10: ";M" and the folder's name typed at once (as a quick typist does, before the prompt is drawn) go
     * into the move's prompt. The tagged messages are read off the UI thread before it opens; the letters of "Study" were
     * index commands meanwhile: S, t (tagged the cursor's row and stepped), d, y (deleted the row under the cursor to
     * Trash), and Enter answered the prompt empty.
     */
    @Test
    void aFolderNameTypedAheadOfTheTaggedMovesPromptGoesIntoIt() throws Exception {
        GreenMailUser user = greenMail.setUser("carol@localhost", "carol", "pw");
        ImapHostManager imap = greenMail.getManagers().getImapHostManager();
        MailFolder inbox = imap.getInbox(user);
        imap.createMailbox(user, "Study");
        imap.createMailbox(user, "Trash");
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 1; i <= 5; i++) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            m.setFrom("Sender " + i + " <s" + i + "@example.org>");
            m.setSubject("Subject number " + i, "UTF-8");
            m.setSentDate(Date.from(base.plus(Duration.ofHours(i))));
            m.setText("Body " + i, "UTF-8");
            m.saveChanges();
            inbox.appendMessage(m, new Flags(), new Date());
        }
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config());
             TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 100, 24, Palette.defaults())) {
            h.awaitText("[1/5");
            h.type("tt");
            h.awaitText("2 tagged");
            h.type(";MStudy");
            h.press(KeyType.Enter);
            await("both tagged moved to Study", () -> imap.getFolder(user, "Study").getMessageCount() == 2);
            h.awaitText("Moved to Study: 2 message(s)");
            assertEquals(List.of("Subject number 4", "Subject number 5"),
                    subjects(imap.getFolder(user, "Study")).stream().sorted().toList());
            assertEquals(3, inbox.getMessages().size(), "nothing else left INBOX");
            assertEquals(0, imap.getFolder(user, "Trash").getMessageCount(), "no letter of the name deleted a message");
            h.type("q");
            h.awaitExit();
        }
    }

    /**
     * Hunt 39-Y, Y2: offline, M answered "Working…" and then, for good, "the connection ... was refused; try again later":
     * the failure of the folder list the move re-reads replaced the move's own answer, so a user told to try again moved
     * it again. The reader's own refresh failing is background news: the answer to the key stays until a key.
     */
    @Test
    void anOfflineMoveSaysItWasQueuedAndNoBackgroundRefreshSaysOtherwise() throws Exception {
        GreenMailUser user = greenMail.setUser("carol@localhost", "carol", "pw");
        ImapHostManager imap = greenMail.getManagers().getImapHostManager();
        MailFolder inbox = imap.getInbox(user);
        imap.createMailbox(user, "Archive");
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom("Sender <s@example.org>");
        m.setSubject("Only one", "UTF-8");
        m.setText("Body", "UTF-8");
        m.saveChanges();
        inbox.appendMessage(m, new Flags(), new Date());
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config())) {
            ctx.controller().refreshFolders("real").get();
            ctx.controller().refreshFolder("real", "INBOX").get();
        }
        int closed = dev.postern.ClosedPort.take(); // refused, and no other fork's server can take it
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config(closed));
             TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 100, 24, Palette.defaults())) {
            h.awaitText("Only one");
            h.awaitText("offline");
            h.type("M");
            h.awaitText("Move 1 message(s) to folder:");
            h.type("Archive");
            h.press(KeyType.Enter);
            h.awaitText("1 queued");
            h.awaitText("Moved to Archive: 1 message(s) (queued: the server is unreachable)");
            Thread.sleep(1000); // the folder list's refresh has failed by now
            assertTrue(h.screen().contains("Moved to Archive: 1 message(s) (queued"), h.screen());
            h.type("q");
            h.awaitExit();
        }
        assertEquals(1, inbox.getMessages().size(), "not moved on the server yet");
    }

    @Test
    void anActionWhileTheServerIsUnreachableIsShownAndCountedAsQueued() throws Exception {
        GreenMailUser user = greenMail.setUser("carol@localhost", "carol", "pw");
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom("Sender <s@example.org>");
        m.setSubject("Only one", "UTF-8");
        m.setText("Body", "UTF-8");
        m.saveChanges();
        inbox.appendMessage(m, new Flags(), new Date());
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config())) {
            ctx.controller().refreshFolder("real", "INBOX").get();
        }
        int closed = dev.postern.ClosedPort.take(); // refused, and no other fork's server can take it
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config(closed));
             TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 100, 24, Palette.defaults())) {
            h.awaitText("Only one");
            h.awaitText("offline");
            h.type("F");
            h.awaitText("1 queued");
            h.awaitText("(queued: the server is unreachable)");
            h.awaitText("N!");
            h.type("q");
            h.awaitExit();
        }
        assertTrue(!inbox.getMessages().get(0).isSet(Flags.Flag.FLAGGED), "not on the server yet");
        // The next session that connects replays it.
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config())) {
            ctx.controller().refreshFolder("real", "INBOX").get();
            assertTrue(inbox.getMessages().get(0).isSet(Flags.Flag.FLAGGED), "replayed on connect");
            assertTrue(ctx.controller().queue("real").isEmpty());
        }
    }
}

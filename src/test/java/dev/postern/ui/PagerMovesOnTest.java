package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * d and M pressed in the pager, mutt style, on the real wiring against GreenMail: the pager moves on to the
 * next message of the index's arrangement (else the previous one, else back to the index), never shows a
 * message that is gone, and stays put with the server's error when the action fails.
 */
class PagerMovesOnTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private ImapHostManager imap;
    private GreenMailUser user;
    private MailFolder inbox;

    @BeforeEach
    void user() throws Exception {
        user = greenMail.setUser("carol@localhost", "carol", "pw");
        imap = greenMail.getManagers().getImapHostManager();
        inbox = imap.getInbox(user);
        imap.createMailbox(user, "Archive");
        imap.createMailbox(user, "Trash");
    }

    private AppContext context() throws Exception {
        Path p = dir.resolve("config.toml");
        return new AppContext(Map.of("HOME", dir.toString()), PosternConfig.write(p, dir.resolve("data"),
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "carol", "pw", 30, null)));
    }

    private void add(String id, String subject, int hour, String inReplyTo) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom("Sender <s@example.org>");
        m.setSubject(subject, "UTF-8");
        m.setSentDate(Date.from(Instant.parse("2026-03-01T00:00:00Z").plus(Duration.ofHours(hour))));
        m.setText("Body of " + subject, "UTF-8");
        m.saveChanges();
        m.setHeader("Message-ID", "<" + id + "@t>");
        if (inReplyTo != null) m.setHeader("In-Reply-To", "<" + inReplyTo + "@t>");
        inbox.appendMessage(m, new Flags(), new Date());
    }

    private static List<String> subjects(MailFolder f) {
        return f.getMessages().stream().map(m -> {
            try {
                return m.getMimeMessage().getSubject();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).sorted().toList();
    }

    private static void await(String what, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TuiHarness.DEADLINE.toNanos();
        while (!cond.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(cond.getAsBoolean(), what);
    }

    /** The pager shows {@code subject} and none of {@code notShown}. */
    private static void awaitPager(TuiHarness h, String subject, String... notShown) {
        h.awaitScreen("pager shows " + subject, s -> {
            if (!s.contains("Subject: " + subject) || !s.contains("Body of " + subject)) return false;
            for (String n : notShown) if (s.contains(n)) return false;
            return true;
        });
    }

    @Test
    void deleteAndMoveInThePagerShowTheNextThenThePreviousThenTheIndex() throws Exception {
        for (int i = 1; i <= 4; i++) add("m" + i, "Subject number " + i, i, null);
        try (AppContext ctx = context();
             TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 100, 24, Palette.defaults())) {
            h.awaitText("[1/4");
            h.press(KeyType.Enter); // newest first: number 4
            awaitPager(h, "Subject number 4");

            h.type("d");
            h.awaitText("Delete 1 message(s) to Trash? (y/n):");
            h.type("y");
            // The row that is now where number 4 was: number 3.
            awaitPager(h, "Subject number 3", "Subject number 4");
            h.awaitText("Deleted 1 message(s)");
            await("number 4 in Trash", () -> subjects(imap.getFolder(user, "Trash")).equals(List.of("Subject number 4")));
            assertEquals(List.of("Subject number 1", "Subject number 2", "Subject number 3"), subjects(inbox));
            h.awaitText("1/3");

            h.type("M");
            h.awaitText("Move 1 message(s) to folder:");
            h.type("Archive");
            h.press(KeyType.Enter);
            awaitPager(h, "Subject number 2", "Subject number 3");
            h.awaitText("Moved to Archive: 1 message(s)");
            await("number 3 in Archive", () -> subjects(imap.getFolder(user, "Archive")).equals(List.of("Subject number 3")));
            assertEquals(List.of("Subject number 1", "Subject number 2"), subjects(inbox));

            // The server refuses a move to a folder that does not exist: the pager stays, the error is shown.
            h.type("M");
            h.awaitText("Move 1 message(s) to folder:");
            h.type("Nowhere");
            h.press(KeyType.Enter);
            h.awaitScreen("the server's error on the status line", s -> s.contains("Nowhere") && !s.contains("Working"));
            awaitPager(h, "Subject number 2");
            assertEquals(List.of("Subject number 1", "Subject number 2"), subjects(inbox));

            // The last row has no next: the previous one is shown.
            h.type("J");
            awaitPager(h, "Subject number 1", "Subject number 2");
            h.type("d");
            h.type("y");
            awaitPager(h, "Subject number 2", "Subject number 1");
            await("number 1 in Trash", () -> subjects(imap.getFolder(user, "Trash")).size() == 2);

            // The folder is now empty: back to the index.
            h.type("d");
            h.type("y");
            h.awaitScreen("the empty index", s -> s.contains("[0/0") && !s.contains("Subject number"));
            await("INBOX empty on the server", () -> inbox.getMessageCount() == 0);
            h.awaitText("Deleted 1 message(s)");
            h.type("q");
            h.awaitExit();
        }
    }

    /** A user's [pager] binding to a batch move (Main.run, so the bindings file and the command line are real). */
    @Test
    void aBoundBatchMoveInThePagerMovesOnToo() throws Exception {
        for (int i = 1; i <= 2; i++) add("b" + i, "Batch number " + i, i, null);
        Path cfg = dir.resolve("cfg").resolve("postern");
        java.nio.file.Files.createDirectories(cfg);
        Path config = PosternConfig.write(cfg.resolve("config.toml"), dir.resolve("data"), "",
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "carol", "pw", 30, null));
        java.nio.file.Files.writeString(cfg.resolve("bindings"), "[pager]\nA = move --to Archive\n");
        Map<String, String> env = Map.of("HOME", dir.toString(), "XDG_CONFIG_HOME", dir.resolve("cfg").toString(),
                "XDG_STATE_HOME", dir.resolve("state").toString(), "TERM", "xterm-256color");
        InProcessPostern postern = new InProcessPostern();
        try (TuiHarness h = postern.start(config, env, 100, 24)) {
            postern.awaitStart(h, "[1/2");
            h.press(KeyType.Enter);
            awaitPager(h, "Batch number 2");
            h.type("A");
            awaitPager(h, "Batch number 1", "Subject: Batch number 2");
            h.awaitText("moved 1 message(s) from INBOX to Archive");
            await("in Archive", () -> subjects(imap.getFolder(user, "Archive")).equals(List.of("Batch number 2")));
            assertEquals(List.of("Batch number 1"), subjects(inbox));
            h.type("A");
            h.awaitScreen("back on the empty index", s -> s.contains("[0/0") && !s.contains("Batch number"));
            await("both in Archive", () -> imap.getFolder(user, "Archive").getMessageCount() == 2);
            h.type("q");
            h.awaitExit();
        }
    }

    @Test
    void inThreadsTheNextRowOfTheTreeAndWithTagsTheNextNotRemoved() throws Exception {
        add("alpha", "Alpha", 1, null);
        add("x", "Unrelated", 2, null);
        add("reply", "Re: Alpha", 3, "alpha");
        add("late", "Latest", 4, null);
        add("later", "Last one", 5, null);
        try (AppContext ctx = context();
             TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 100, 24, Palette.defaults())) {
            h.awaitText("[1/5");
            // Threads, newest thread first: Last one, Latest, Unrelated, Alpha, Re: Alpha (flat: Re: Alpha is 3rd).
            h.type("T");
            h.awaitText("threads date");
            h.awaitScreen("thread tree", s -> s.indexOf("Unrelated") >= 0 && s.indexOf("Unrelated") < s.indexOf("Alpha")
                    && s.indexOf("Alpha") < s.indexOf("Re: Alpha"));
            h.type("jjj");
            h.press(KeyType.Enter);
            awaitPager(h, "Alpha");
            h.type("d");
            h.type("y");
            // In the flat view the next row would be nothing (Alpha is the oldest); in the tree it is the reply.
            awaitPager(h, "Re: Alpha", "Subject: Alpha");
            await("Alpha in Trash", () -> subjects(imap.getFolder(user, "Trash")).equals(List.of("Alpha")));
            // K never lands on Alpha: before the tree is rebuilt without it, its row is stepped over (to
            // Unrelated); after, Re: Alpha is a thread of its own (3h) just below Latest.
            h.type("K");
            h.awaitScreen("the previous message that exists", s -> (s.contains("Subject: Unrelated") || s.contains("Subject: Latest"))
                    && !s.contains("Subject: Alpha") && !s.contains("Subject: Re: Alpha"));

            // Tag the two newest, open the first of them and ;d: the pager skips both.
            h.type("q");
            h.awaitText("threads date");
            h.type("=");
            h.type("tt");
            h.type("=");
            h.press(KeyType.Enter);
            awaitPager(h, "Last one");
            h.type(";d");
            h.awaitText("Delete 2 message(s) to Trash? (y/n):");
            h.type("y");
            // Alpha gone, its reply is a thread of its own (3h), so it now comes right after Latest.
            awaitPager(h, "Re: Alpha", "Subject: Last one", "Subject: Latest");
            await("both in Trash", () -> subjects(imap.getFolder(user, "Trash")).size() == 3);
            assertEquals(List.of("Re: Alpha", "Unrelated"), subjects(inbox));
            h.type("qq"); // pager, then index
            h.awaitExit();
        }
    }
}

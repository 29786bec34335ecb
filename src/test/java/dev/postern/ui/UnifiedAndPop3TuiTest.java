package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.model.Envelope;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TUI on the real wiring against one GreenMail serving POP3 (user alice, account home) and IMAP (user
 * carol, account work): "All Inboxes" in the sidebar, and a POP3 account's single INBOX fetched in the
 * background, header-only messages completed when opened.
 */
class UnifiedAndPop3TuiTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.POP3.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()});

    private static final Instant BASE = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir Path dir;
    private MailFolder homeInbox;
    private MailFolder workInbox;

    @BeforeEach
    void setUp() throws Exception {
        homeInbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("alice@localhost", "alice", "secret"));
        workInbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("carol@localhost", "carol", "pw"));
    }

    private Path config(String top, String pop3Table, boolean withWork) throws Exception {
        return config(top, "", pop3Table, withWork);
    }

    private Path config(String top, String homeExtra, String pop3Table, boolean withWork) throws Exception {
        Path p = dir.resolve("config.toml");
        Files.writeString(p, "data_dir = \"" + dir.resolve("data") + "\"\n" + top
                + "[accounts.home]\nprotocol = \"pop3\"\nhost = \"127.0.0.1\"\nport = " + greenMail.getPop3().getPort()
                + "\nsecurity = \"plain\"\nuser = \"alice\"\npassword = \"secret\"\ntimeout_seconds = 10\n" + homeExtra
                + (pop3Table.isEmpty() ? "" : "[accounts.home.pop3]\n" + pop3Table + "\n")
                + (withWork ? "[accounts.work]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nport = " + greenMail.getImap().getPort()
                        + "\nsecurity = \"plain\"\nuser = \"carol\"\npassword = \"pw\"\ntimeout_seconds = 10\n" : ""));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    private static void deliver(MailFolder inbox, String subject, int hour) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom("Sender <s@example.org>");
        m.setSubject(subject, "UTF-8");
        m.setSentDate(Date.from(BASE.plus(Duration.ofHours(hour))));
        m.setText("Body of " + subject + ".", "UTF-8");
        m.saveChanges();
        inbox.appendMessage(m, new Flags(), new Date());
    }

    @Test
    void allInboxesMergesBothAccountsAndReadsEachFromItsOwn() throws Exception {
        for (int h = 1; h <= 6; h++) {
            if (h % 2 == 1) deliver(homeInbox, "home hour " + h, h);
            else deliver(workInbox, "work hour " + h, h);
        }
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()),
                config("unified_inbox = [\"home\", \"work\"]\n", "", true));
             TuiHarness h = new TuiHarness(ctx.controller(), "work", "INBOX", 100, 24, Palette.defaults())) {
            h.awaitText("work hour 6");
            // The sidebar fills as each account's folders arrive: wait for both lines before comparing rows.
            h.awaitScreen("the sidebar lists All Inboxes and the home account", s -> s.contains("All Inboxes") && s.contains("home"));
            assertTrue(h.rowContaining("All Inboxes") < h.rowContaining("home"), "All Inboxes sits at the top:\n" + h.screen());
            h.press(KeyType.Tab);
            h.type("=");
            h.press(KeyType.Enter);
            // Rows from both accounts, newest first, each naming its account; counts summed in the status bar.
            h.awaitText("[1/6]");
            h.awaitScreen("merged rows", s -> s.contains("home hour 5") && s.contains("work hour 6") && s.contains("home hour 1"));
            int work6 = h.rowContaining("work hour 6");
            int home5 = h.rowContaining("home hour 5");
            assertTrue(work6 >= 0 && home5 == work6 + 1, "newest first across accounts:\n" + h.screen());
            assertTrue(Pattern.compile("│work +.*work hour 6").matcher(h.row(work6)).find(), h.row(work6));
            assertTrue(Pattern.compile("│home +.*home hour 5").matcher(h.row(home5)).find(), h.row(home5));
            // Waited for, as a person would: the status row is redrawn on its own (a CI run read it mid-redraw, empty).
            h.awaitRow(h.rows() - 2, " All Inboxes  [1/6]");

            h.press(KeyType.Enter); // work hour 6, over IMAP
            h.awaitText("Body of work hour 6.");
            h.type("q");
            h.type("j");
            h.press(KeyType.Enter); // home hour 5, from the POP3 account's store
            h.awaitText("Body of home hour 5.");
            h.type("q");
            h.type("q");
            h.awaitExit();
        }
    }

    /**
     * Hunt 33, Z6: from All Inboxes, c opened nothing: Tab offered folder names, Enter said "No folder named INBOX in *."
     * (the merged view's internal account). Now Tab completes ACCOUNT/FOLDER across the accounts, and a bare name opens
     * the first account's folder of that name; a name no account has is said without the internal name.
     */
    @Test
    void changeFolderFromAllInboxesOpensAFolderOfAnyAccount() throws Exception {
        deliver(homeInbox, "home hour 1", 1);
        deliver(workInbox, "work hour 2", 2);
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()),
                config("unified_inbox = [\"home\", \"work\"]\n", "", true));
             TuiHarness h = new TuiHarness(ctx.controller(), "*", "All Inboxes", 80, 24, Palette.defaults())) {
            h.awaitScreen("merged rows and both accounts in the sidebar",
                    s -> s.contains("home hour 1") && s.contains("work hour 2") && s.contains("home") && s.contains("work"));
            h.type("c");
            h.awaitText("Open folder:");
            h.type("nosuch");
            h.press(KeyType.Enter);
            String refused = h.awaitText("No folder named nosuch in any account");
            assertTrue(!refused.contains(" in *"), refused);
            h.type("c");
            h.awaitText("Open folder:");
            h.type("wo");
            h.press(KeyType.Tab);
            h.awaitText("Open folder: work/INBOX");
            h.press(KeyType.Enter);
            h.awaitScreen("work's INBOX alone", s -> s.contains(" work: INBOX") && s.contains("work hour 2") && !s.contains("home hour 1"));
            h.type("c");
            h.awaitText("Open folder:");
            h.type("All Inboxes");
            h.press(KeyType.Enter);
            h.awaitScreen("back in All Inboxes", s -> s.contains("home hour 1") && s.contains("work hour 2"));
            h.type("c");
            h.awaitText("Open folder:");
            h.type("INBOX");
            h.press(KeyType.Enter);
            h.awaitScreen("the first account's INBOX", s -> s.contains(" home: INBOX") && s.contains("home hour 1") && !s.contains("work hour 2"));
            h.type("q");
            h.awaitExit();
        }
    }

    /**
     * Hunt 33, Z7: All Inboxes refused N, F and d ("Open the message's own account INBOX..."). Each now acts on the
     * message in its own account: F on an IMAP row flags it on that server, d moves it to that account's Trash, N on a
     * POP3 row marks it read in the store; a POP3 row's d says why it cannot, and M (a folder is one account's) says
     * where to move from.
     */
    @Test
    void marksInAllInboxesActOnEachMessagesOwnAccount() throws Exception {
        deliver(homeInbox, "home hour 1", 1);
        deliver(workInbox, "work hour 2", 2);
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()),
                config("unified_inbox = [\"home\", \"work\"]\n", "", true));
             TuiHarness h = new TuiHarness(ctx.controller(), "*", "All Inboxes", 100, 24, Palette.defaults())) {
            h.awaitScreen("merged rows", s -> s.contains("home hour 1") && s.contains("work hour 2"));
            // the cursor starts on the newest: work hour 2
            h.type("F");
            h.awaitText("Marked flagged: 1 message(s)");
            assertTrue(workInbox.getMessages().get(0).isSet(Flags.Flag.FLAGGED), "flagged on work's server");
            h.type("M");
            h.awaitText("to move or copy it.");
            h.type("j");
            h.type("N");
            h.awaitText("Marked read: 1 message(s)");
            h.type("d");
            h.awaitText("account home cannot delete messages (POP3");
            h.type("k");
            h.type("d");
            h.awaitText("Delete 1 message(s) to Trash? (y/n)");
            h.type("y");
            h.awaitText("Deleted 1 message(s)");
            assertTrue(workInbox.getMessageCount() == 0, "moved out of work's INBOX");
            h.type("q");
            h.awaitExit();
        }
    }

    @Test
    void pop3AccountShowsItsInboxFetchesInTheBackgroundAndCompletesHeaderOnlyMessagesWhenOpened() throws Exception {
        int n = 120;
        for (int i = 1; i <= n; i++) deliver(homeInbox, "pop message " + i, i);
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config("",
                // Every message counts as large: POP3's "text only" is still the whole message, kept once read.
                "fetch_whole_below = 10\n", "headers_first = true", false));
             TuiHarness h = new TuiHarness(ctx.controller(), "home", "INBOX", 100, 24, Palette.defaults())) {
            // Progress of the background fetch in the status bar while the list fills.
            h.awaitScreen("fetch progress in the status bar",
                    s -> Pattern.compile("fetch \\d+/" + n).matcher(s).find());
            // The list fills batch by batch while the fetch goes on (GreenMail answers TOP slowly: allow a minute).
            h.awaitScreen("first batch listed", s -> Pattern.compile("\\[1/\\d+\\]").matcher(s).find() && !s.contains("[1/0]"));
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ctx.controller().count("home", "INBOX") < n && System.nanoTime() < end) Thread.sleep(50);
            h.awaitGone("fetch ");
            // The screen has all of them before the key: a key typed on a shorter list would leave the cursor on the
            // message it went to while the rest arrived above it (as mutt does).
            h.awaitScreen("all " + n + " listed", s -> Pattern.compile("\\[\\d+/" + n + "\\]").matcher(s).find());
            h.type("=");
            h.awaitText("[1/" + n + "]");
            h.awaitText("pop message " + n + " ");
            h.awaitGone("fetch ");
            // One account heading, one folder.
            String screen = h.screen();
            assertTrue(screen.contains("│") && h.row(0).startsWith("home"), screen);
            h.awaitRow(1, "INBOX");
            h.awaitRow(1, n + "/" + n); // all unread: POP3 flags live in the store, not on the server
            assertTrue(!h.row(2).substring(0, Sidebar.DEFAULT_WIDTH).contains("/"), "only INBOX:\n" + screen);

            Envelope newest = ctx.controller().page("home", "INBOX", 0, 1).get(0);
            assertTrue(!newest.cached(), "headers_first: only the header was fetched");
            h.press(KeyType.Enter);
            h.awaitText("Body of pop message " + n + ".");
            long deadline = System.nanoTime() + TuiHarness.DEADLINE.toNanos();
            while (!ctx.controller().envelope(newest.ref()).orElseThrow().cached() && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(ctx.controller().envelope(newest.ref()).orElseThrow().cached(), "the body fetched on opening is kept");
            h.type("q");
            h.type("q");
            h.awaitExit();
        }
    }
}

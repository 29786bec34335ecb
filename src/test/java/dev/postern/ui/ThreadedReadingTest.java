package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
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
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a thread the way a person does, on the real wiring (config, MapDB store, IMAP session,
 * renderer, controller) against GreenMail, in 80x24: threads drawn as a tree, collapsed and expanded,
 * sorted, limited to a search; then the pager's full headers, quote colour, '/' search with 'n', and a
 * mark made from the pager reaching the server.
 */
class ThreadedReadingTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private MailFolder inbox;

    private Path config() throws Exception {
        Path p = dir.resolve("config.toml");
        return PosternConfig.write(p, dir.resolve("data"),
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "carol", "pw", 30, null));
    }

    private void add(String id, String from, String subject, int hour, String inReplyTo, String references,
                     String body, boolean seen) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(from + " <" + from.toLowerCase() + "@example.org>");
        m.setSubject(subject, "UTF-8");
        m.setSentDate(Date.from(Instant.parse("2026-02-01T00:00:00Z").plus(Duration.ofHours(hour))));
        m.setText(body, "UTF-8");
        m.saveChanges();
        m.setHeader("Message-ID", "<" + id + "@t>");
        if (inReplyTo != null) m.setHeader("In-Reply-To", "<" + inReplyTo + "@t>");
        if (references != null) m.setHeader("References", references);
        inbox.appendMessage(m, seen ? new Flags(Flags.Flag.SEEN) : new Flags(), new Date());
    }

    @BeforeEach
    void seed() throws Exception {
        inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("carol@localhost", "carol", "pw"));
        StringBuilder long1 = new StringBuilder("> Where shall we go?\n>> and when?\nThe mountains, I think.\n");
        for (int i = 1; i <= 40; i++) long1.append("Filler line ").append(i).append('\n');
        long1.append("Second mention: mountains again.\n");
        add("zebra", "Yves", "Zebra facts", 0, null, null, "Stripes.", true);
        add("root", "Alice", "Plans for the offsite", 1, null, null, "Where shall we go?", true);
        add("r1", "Bob", "Re: Plans for the offsite", 2, "root", "<root@t>", long1.toString(), true);
        add("r2", "Carol", "Re: Plans for the offsite", 3, "r1", "<root@t> <r1@t>", "Agreed.", true);
        add("r3", "Dave", "Re: Plans for the offsite", 4, "root", "<root@t>", "Beach!", false);
        add("lunch", "Mallory", "Lunch menu", 5, null, null, "Soup.", true);
        add("lunch2", "Eve", "Re: Lunch menu", 6, null, null, "No links, same subject.", true);
    }

    /** Column where {@code text} starts on the first index row showing {@code who}; fails if none. */
    private static int col(TuiHarness h, String who, String text) {
        int r = h.rowContaining(who);
        assertTrue(r >= 0, who + " not on screen:\n" + h.screen());
        int c = h.row(r).indexOf(text);
        assertTrue(c >= 0, text + " not on the row of " + who + ":\n" + h.screen());
        return c;
    }

    private static boolean above(TuiHarness h, String a, String b) {
        int ra = h.rowContaining(a);
        int rb = h.rowContaining(b);
        return ra >= 0 && rb >= 0 && ra < rb;
    }

    @Test
    void threadsCollapseSortAndLimitInTheIndex() throws Exception {
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config());
             TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 80, 24, Palette.defaults())) {
            h.awaitText("[1/7]");
            h.awaitText("flat date");
            // Flat, newest first: Eve's linkless reply on top, Alice's original below Dave's reply.
            h.awaitScreen("flat order", s -> above(h, "Eve", "Mallory") && above(h, "Dave", "Alice"));

            h.type("T");
            h.awaitText("threads date");
            // Threads by their first message's date: Lunch (5h), Plans (1h), Zebra (0h); replies in order under them.
            h.awaitScreen("thread tree", s -> above(h, "Eve", "Alice") && above(h, "Alice", "Bob")
                    && above(h, "Bob", "Carol") && above(h, "Carol", "Dave") && above(h, "Dave", "Yves"));
            int root = col(h, "Alice", "Plans");
            int bob = col(h, "Bob", "Re: Plans");
            int carol = col(h, "Carol", "Re: Plans");
            int dave = col(h, "Dave", "Re: Plans");
            assertTrue(root < bob && bob < carol, "Carol's reply to Bob is drawn deeper than Bob's:\n" + h.screen());
            assertEquals(bob, dave, "Bob and Dave both answer Alice:\n" + h.screen());
            assertTrue(h.row(h.rowContaining("Bob")).substring(0, bob).contains(">"), "tree glyphs before the subject");
            assertTrue(col(h, "Eve", "Re: Lunch") > col(h, "Mallory", "Lunch"), "linkless reply joined by subject");

            // Collapse the Plans thread: one row with its count and unread, the replies hidden.
            h.type("=jj");
            h.awaitScreen("cursor on Alice", s -> h.row(h.rowContaining("Alice")).contains("Plans")
                    && h.terminal.getCharacter(40, h.rowContaining("Alice")).getBackgroundColor()
                            .equals(h.palette.style(Palette.INDEX_SELECTED).bg()));
            h.type("z");
            // One wait, on one snapshot, for the whole row: a row read again after the wait could be from another frame.
            h.awaitScreen("thread collapsed, with unread shown as N", s -> s.contains("(4, 1 new)") && !s.contains("Carol")
                    && !s.contains("Bob") && s.lines().anyMatch(l -> l.contains("(4, 1 new)") && l.startsWith("N", 21)));
            h.type("z");
            h.awaitScreen("thread expanded", s -> s.contains("Carol") && !s.contains("(4, 1 new)"));
            h.type("Z");
            h.awaitScreen("all collapsed", s -> s.contains("(4, 1 new)") && s.contains("(2)") && !s.contains("Eve"));
            h.type("Z");
            h.awaitScreen("all expanded", s -> s.contains("Eve") && s.contains("Carol"));

            // Sort by sender, then reversed; then thread activity (Lunch has the newest message).
            h.type("o");
            h.awaitText("threads from");
            h.awaitScreen("Alice's thread first", s -> above(h, "Alice", "Mallory") && above(h, "Mallory", "Yves"));
            h.type("O");
            h.awaitText("threads from rev");
            h.awaitScreen("reversed", s -> above(h, "Yves", "Mallory") && above(h, "Mallory", "Alice"));
            h.type("Oooo");
            h.awaitText("threads activity");
            h.awaitScreen("by activity", s -> above(h, "Mallory", "Alice") && above(h, "Alice", "Yves"));
            h.type("T");
            h.awaitText("flat activity");
            h.awaitScreen("flat by activity: the Lunch thread's two, then the Plans thread's four", s ->
                    above(h, "Mallory", "Dave") && above(h, "Eve", "Alice") && above(h, "Carol", "Yves")
                            && h.row(h.rowContaining("Carol")).indexOf(">") < 0);

            // Limit with the search language; Enter on an empty limit shows everything again.
            h.type("l");
            h.awaitText("Limit to");
            h.type("from:carol or from:dave");
            h.press(KeyType.Enter);
            h.awaitText("limit: from:carol or from:dave");
            h.awaitScreen("only matches", s -> s.contains("Carol") && s.contains("Dave") && !s.contains("Alice")
                    && !s.contains("Yves") && s.contains("[1/2]"));
            h.type("l");
            h.type("from:(");
            h.press(KeyType.Enter);
            h.awaitScreen("bad query is one sentence, limit kept", s -> s.contains("Limit:") && s.contains("limit: from:carol"));
            h.type("l");
            h.press(KeyType.Enter);
            h.awaitScreen("limit cleared", s -> s.contains("Alice") && s.contains("Yves") && s.contains("/7]") && !s.contains("limit:"));
            h.type("q");
            h.awaitExit();
        }
    }

    @Test
    void pagerShowsFullHeadersDimsQuotesSearchesAndMarks() throws Exception {
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config());
             TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 80, 24, Palette.defaults())) {
            h.awaitText("[1/7]");
            h.type("l");
            h.type("from:bob");
            h.press(KeyType.Enter);
            h.awaitScreen("Bob only", s -> s.contains("[1/1]") && s.contains("Bob"));
            h.press(KeyType.Enter);
            h.awaitText("The mountains, I think.");
            // Quotes at any depth in the quote colour, plain text not.
            var quote = h.palette.style(Palette.PAGER_QUOTE).fg();
            // Polled: the virtual terminal may be read while a frame is still being written.
            h.awaitScreen("quotes dimmed, plain text not", s -> {
                int q1 = h.rowContaining("> Where shall we go?");
                int q2 = h.rowContaining(">> and when?");
                int plain = h.rowContaining("The mountains, I think.");
                return q1 >= 0 && q2 >= 0 && plain >= 0
                        && quote.equals(h.terminal.getCharacter(2, q1).getForegroundColor())
                        && quote.equals(h.terminal.getCharacter(3, q2).getForegroundColor())
                        && !quote.equals(h.terminal.getCharacter(2, plain).getForegroundColor());
            });

            assertTrue(!h.screen().contains("Message-ID:"), "the usual headers only at first");
            h.type("h");
            h.awaitText("Message-ID: <r1@t>");
            h.awaitText("In-Reply-To: <root@t>");
            h.type("h");
            h.awaitGone("Message-ID:");

            // '/' finds and highlights; n goes to the next match, then wraps with a notice.
            h.type("/");
            h.awaitText("Find in message:");
            h.type("mountains");
            h.press(KeyType.Enter);
            h.awaitScreen("first match highlighted", s -> {
                int r = h.rowContaining("The mountains");
                return r >= 0 && h.terminal.getCharacter(h.row(r).indexOf("mountains"), r).getBackgroundColor()
                        .equals(h.palette.style(Palette.PAGER_MATCH).bg());
            });
            h.type("n");
            h.awaitScreen("scrolled to the second match", s -> s.contains("Second mention") && !s.contains("The mountains, I think."));
            var match = h.palette.style(Palette.PAGER_MATCH).bg();
            h.awaitScreen("second match highlighted, and only the match", s -> {
                int r = h.rowContaining("Second mention");
                return r >= 0 && match.equals(h.terminal.getCharacter(h.row(r).indexOf("mountains"), r).getBackgroundColor())
                        && !match.equals(h.terminal.getCharacter(0, r).getBackgroundColor());
            });
            h.type("n");
            h.awaitText("Search wrapped to the top.");
            h.awaitText("The mountains, I think.");
            h.type("/");
            h.type("volcano");
            h.press(KeyType.Enter);
            h.awaitText("Not found: volcano");

            // A mark from the pager reaches the server for the message shown.
            h.type("F");
            h.awaitText("Marked flagged: 1 message(s)");
            StoredMessage bob = inbox.getMessages().get(2);
            long deadline = System.nanoTime() + TuiHarness.DEADLINE.toNanos();
            while (!bob.isSet(Flags.Flag.FLAGGED) && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(bob.isSet(Flags.Flag.FLAGGED), "flagged on the server from the pager");
            assertTrue(!inbox.getMessages().get(3).isSet(Flags.Flag.FLAGGED), "only the shown message");
            h.type("q");
            h.awaitText("Bob");

            // The tag prefix from the pager: two tagged in the index, ';' then N in the pager marks both unread.
            h.type("l");
            h.press(KeyType.Enter);
            h.awaitText("Yves");
            h.type("=");
            h.awaitScreen("cursor on the top row", s -> s.contains("[1/7]"));
            h.type("tt");
            h.awaitScreen("two tagged", s -> h.row(h.rowContaining("Eve")).startsWith("T", 25)
                    && h.row(h.rowContaining("Mallory")).startsWith("T", 25));
            h.type("k");
            h.press(KeyType.Enter);
            h.awaitText("Soup.");
            h.type(";");
            h.awaitText("Next action applies to 2 tagged");
            h.type("N");
            h.awaitText("Marked unread: 2 message(s)");
            deadline = System.nanoTime() + TuiHarness.DEADLINE.toNanos();
            while ((inbox.getMessages().get(5).isSet(Flags.Flag.SEEN) || inbox.getMessages().get(6).isSet(Flags.Flag.SEEN))
                    && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(!inbox.getMessages().get(5).isSet(Flags.Flag.SEEN) && !inbox.getMessages().get(6).isSet(Flags.Flag.SEEN),
                    "both tagged messages unread on the server");
            assertTrue(inbox.getMessages().get(0).isSet(Flags.Flag.SEEN), "an untagged one is untouched");
            h.type("q");
            h.type("q");
            h.awaitExit();
        }
    }
}

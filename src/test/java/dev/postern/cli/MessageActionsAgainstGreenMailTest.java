package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** flag, move, copy, delete and folder commands against a real (in-process) IMAP server and the real store. */
class MessageActionsAgainstGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private GreenMailUser user;
    private ImapHostManager imap;
    private MailFolder inbox;
    private Path config;


    @BeforeEach
    void setUp() throws Exception {
        user = greenMail.setUser("alice@localhost", "alice", "secret");
        imap = greenMail.getManagers().getImapHostManager();
        inbox = imap.getInbox(user);
        config = dir.resolve("config.toml");
        CliRun.writeConfig(config, dir.resolve("data"),
                CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret"));
    }

    private Result run(String... args) {
        return CliRun.run(dir, config, args);
    }

    private Result ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.code, String.join(" ", args) + " -> " + r);
        return r;
    }

    private void deliver(MailFolder folder, String subject, Flags flags) throws Exception {
        MimeMessage m = TestMail.fromBob(subject, "body of " + subject);
        folder.appendMessage(m, flags, new Date());
    }

    private static String line(String out, long uid) {
        return TestMail.jsonLine(out, uid);
    }

    private List<String> subjects(MailFolder f) throws Exception {
        return TestMail.subjects(f);
    }

    @Test
    void flagSetsAndClearsOnTheServerAndInTheStore() throws Exception {
        deliver(inbox, "one", new Flags(Flags.Flag.SEEN));
        deliver(inbox, "two", new Flags());
        deliver(inbox, "three", new Flags());
        ok("list");
        ok("flag", "INBOX", "1:2", "--set", "flagged", "--clear", "seen");
        assertTrue(inbox.getMessages().get(0).isSet(Flags.Flag.FLAGGED));
        assertFalse(inbox.getMessages().get(0).isSet(Flags.Flag.SEEN));
        assertTrue(inbox.getMessages().get(1).isSet(Flags.Flag.FLAGGED));
        assertFalse(inbox.getMessages().get(2).isSet(Flags.Flag.FLAGGED), "UID 3 was not named");
        String cached = ok("list", "--cached", "--json").out;
        assertTrue(line(cached, 1).contains("\"flags\":[\"flagged\"]"), cached);
        assertTrue(line(cached, 3).contains("\"flags\":[]"), cached);
    }

    @Test
    void aMissingUidChangesNothingAndExits66() throws Exception {
        deliver(inbox, "one", new Flags());
        ok("list");
        Result r = run("flag", "INBOX", "1", "9", "--set", "flagged");
        assertEquals(66, r.code, r.toString());
        assertTrue(r.err.contains("message 9 is no longer in 'INBOX'"), r.err);
        assertFalse(inbox.getMessages().get(0).isSet(Flags.Flag.FLAGGED), "nothing changed");
        assertEquals(64, run("flag", "INBOX", "x1", "--set", "seen").code);
        assertEquals(64, run("flag", "INBOX", "1", "--set", "shiny").code);
        assertEquals(64, run("flag", "INBOX", "1").code);
    }

    @Test
    void moveKeepsTheCachedBodyUnderTheNewUid() throws Exception {
        deliver(inbox, "keep", new Flags());
        deliver(inbox, "archive me", new Flags(Flags.Flag.SEEN));
        ok("folder", "create", "Archive");
        MailFolder archive = imap.getFolder(user, "Archive");
        assertNotNull(archive, "created on the server");
        deliver(archive, "already archived", new Flags());
        ok("list", "Archive");
        ok("list");
        ok("read", "INBOX", "2", "--preview"); // caches the body
        assertTrue(ok("move", "INBOX", "2", "--to", "Archive").out.contains("moved 1 message(s)"));
        assertEquals(List.of("keep"), subjects(inbox));
        assertEquals(List.of("already archived", "archive me"), subjects(archive));
        assertNull(line(ok("list", "--cached", "--json").out, 2), "gone from the source in the store");
        String arch = ok("list", "Archive", "--cached", "--json").out;
        String moved = line(arch, 2);
        assertNotNull(moved, "the target's store has the new UID without a sync: " + arch);
        assertTrue(moved.contains("\"cached\":true") && moved.contains("\"seen\""), moved);
        // The next sync confirms rather than duplicates it.
        assertEquals(2, ok("list", "Archive", "--json").out.lines().count());
    }

    @Test
    void copyLeavesTheSourceAndDeleteGoesToTrashOrIsExpunged() throws Exception {
        deliver(inbox, "a", new Flags());
        deliver(inbox, "b", new Flags());
        deliver(inbox, "c", new Flags());
        ok("folder", "create", "Saved");
        ok("list");
        ok("copy", "INBOX", "1", "--to", "Saved");
        assertEquals(List.of("a", "b", "c"), subjects(inbox));
        assertEquals(List.of("a"), subjects(imap.getFolder(user, "Saved")));

        // No Trash on the server: made on first use (as mutt and aerc do), subscribed, and the message moved there.
        assertNull(imap.getFolder(user, "Trash"));
        ok("delete", "INBOX", "2");
        assertEquals(List.of("a", "c"), subjects(inbox));
        assertEquals(List.of("b"), subjects(imap.getFolder(user, "Trash")));
        assertTrue(subscribed().contains("Trash"), subscribed().toString());
        ok("delete", "INBOX", "3", "--expunge");
        assertEquals(List.of("a"), subjects(inbox));
        assertEquals(List.of("b"), subjects(imap.getFolder(user, "Trash")));
        assertEquals(1, ok("list", "--cached", "--json").out.lines().count());
    }

    @Test
    void deleteHonoursTheAccountsTrashSettingAndCreatesItOnce() throws Exception {
        CliRun.writeConfig(config, dir.resolve("data"),
                CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret") + "trash = \"Bin\"\n");
        imap.createMailbox(user, "Trash"); // a conventional Trash exists, but the setting names another folder
        deliver(inbox, "a", new Flags());
        deliver(inbox, "b", new Flags());
        ok("list");
        assertTrue(ok("delete", "INBOX", "1").out.contains("deleted 1 message(s)"));
        assertEquals(List.of("a"), subjects(imap.getFolder(user, "Bin")));
        assertEquals(List.of(), subjects(imap.getFolder(user, "Trash")));
        ok("delete", "INBOX", "2"); // Bin exists now: used as it is
        assertEquals(List.of("a", "b"), subjects(imap.getFolder(user, "Bin")));
        assertEquals(List.of(), subjects(inbox));
        // Deleting inside the trash folder removes for good.
        ok("list", "Bin");
        ok("delete", "Bin", "1");
        assertEquals(List.of("b"), subjects(imap.getFolder(user, "Bin")));
    }

    @Test
    void deleteExitCodesNameTheCause() throws Exception {
        deliver(inbox, "a", new Flags());
        ok("list");
        // A folder that is not there: 66 (not 69, "server unavailable"), and no Trash made for nothing.
        Result folder = run("delete", "Nowhere", "1");
        assertEquals(66, folder.code, folder.toString());
        assertTrue(folder.err.contains("no folder 'Nowhere'"), folder.err);
        assertNull(imap.getFolder(user, "Trash"));
        // A UID that is not there: 66, nothing changed.
        Result uid = run("delete", "INBOX", "7");
        assertEquals(66, uid.code, uid.toString());
        assertTrue(uid.err.contains("message 7 is no longer in 'INBOX'"), uid.err);
        assertEquals(List.of("a"), subjects(inbox));
    }

    private List<String> subscribed() throws Exception {
        return imap.listSubscribedMailboxes(user, "*").stream().map(MailFolder::getName).toList();
    }

    @Test
    void folderRenameDeleteAndSubscribe() throws Exception {
        ok("folder", "create", "Projects");
        deliver(imap.getFolder(user, "Projects"), "plan", new Flags());
        ok("list", "Projects");
        ok("folder", "rename", "Projects", "Old");
        assertNull(imap.getFolder(user, "Projects"));
        assertEquals(List.of("plan"), subjects(imap.getFolder(user, "Old")));
        assertTrue(ok("list", "Old", "--cached", "--json").out.contains("\"subject\":\"plan\""), "cache follows the rename");
        assertTrue(subscribed().contains("Old"), "the subscription follows the rename: " + subscribed());
        ok("folder", "unsubscribe", "Old");
        assertFalse(subscribed().contains("Old"));
        ok("folder", "subscribe", "Old");
        assertTrue(subscribed().contains("Old"));
        ok("folder", "delete", "--yes", "Old"); // it holds a message: without a terminal, --yes
        assertNull(imap.getFolder(user, "Old"));
        assertFalse(ok("folders", "--cached").out.contains("Old"));
        Result again = run("folder", "delete", "Old");
        assertEquals(66, again.code, again.toString());
        assertEquals(64, run("folder", "delete", "INBOX").code);
        assertEquals(64, run("folder").code);
    }

    @Test
    void searchRunsOnTheServerAndLocallyWithTheSameAnswer() throws Exception {
        deliver(inbox, "monthly report", new Flags());
        deliver(inbox, "weekly report", new Flags(Flags.Flag.SEEN));
        deliver(inbox, "lunch", new Flags());
        Result server = ok("search", "--json", "subject:report", "-seen");
        assertEquals(1, server.out.lines().count(), server.out);
        assertTrue(server.out.contains("\"subject\":\"monthly report\""), server.out);
        Result local = ok("search", "--local", "--json", "subject:report", "-seen");
        assertEquals(server.out, local.out);
        Result either = ok("search", "subject:lunch or subject:weekly");
        assertEquals(2, either.out.lines().count(), either.out);
        Result body = ok("search", "--json", "body:\"of lunch\"");
        assertEquals(1, body.out.lines().count(), body.out);
        assertEquals(64, run("search", "since:someday").code);
    }

    /**
     * Text is compared folded ({@code TextFold}: case, accents and compatibility forms aside), as a server's
     * i;unicode-casemap compares it: GreenMail finds subject:οδοσ in "ΟΔΟΣ" and ISLAK in "ıslak" (σ and ς, ı and I alike
     * upper-cased), and postern dropped both matches when it held the server's answer to the envelopes, lower-cased in
     * Java's way (final sigma kept, ı apart from i); the store's search found neither (hunt 39-I, I1).
     */
    @Test
    void textIsComparedFoldedInTheServersAnswerAndOnTheStore() throws Exception {
        deliver(inbox, "ΟΔΟΣ οδός", new Flags());
        deliver(inbox, "İSTANBUL ıslak", new Flags());
        deliver(inbox, "lunch", new Flags());
        for (String query : List.of("subject:οδοσ", "subject:ISLAK", "subject:\"οδοσ οδ\"")) {
            Result server = ok("search", "--json", query);
            assertEquals(1, server.out.lines().count(), query + ": " + server.out);
            assertEquals(server.out, ok("search", "--local", "--json", query).out, query);
        }
        for (String query : List.of("subject:istanbul", "subject:ıstanbul", "subject:ＩＳＬＡＫ", "subject:\"οδοσ οδοσ\"")) {
            assertEquals(1, ok("search", "--local", "--json", query).out.lines().count(), query); // the store's own folding
        }
    }

    /**
     * Encoded bodies (quoted-printable, base64, Latin-1, Shift_JIS, HTML, attachments): body: finds on the store what
     * the server's SEARCH BODY finds, the decoded text of the text parts. Left out: what an HTML part's markup decides (a
     * tag, an attribute, an entity, a word cut by a tag), which the server matches in the HTML source and postern in
     * the text the HTML shows (README, search).
     */
    @Test
    void bodySearchOfEncodedMailIsTheSameOnTheServerAndLocally() throws Exception {
        java.util.List<String> words = new java.util.ArrayList<>();
        for (dev.postern.index.EncodedMail.Case c : dev.postern.index.EncodedMail.serverCases()) {
            inbox.appendMessage(new MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()),
                    new java.io.ByteArrayInputStream(c.raw())), new Flags(), new Date());
            if (c.name().equals("alternative-html")) {
                words.addAll(java.util.List.of("plan", "menu")); // the rest of its words are cut or spelt by its markup
            } else {
                words.addAll(c.found());
                words.addAll(c.notFound());
            }
        }
        words.remove("café"); // also in the HTML part, as caf&eacute;
        ok("sync");
        for (String w : words) {
            String query = "body:\"" + w + "\"";
            Result server = ok("search", "--json", query);
            Result local = ok("search", "--local", "--json", query);
            assertEquals(server.out, local.out, query);
        }
        for (String w : java.util.List.of("xylophone", "carol", "forecast", "protokoll", "日本語", "wombatboundary")) {
            String query = "text:" + w; // from, subject, to or body, on both sides
            assertEquals(ok("search", "--json", query).out, ok("search", "--local", "--json", query).out, query);
        }
        assertEquals(1, ok("search", "--local", "--json", "body:itinerary").out.lines().count(), "a word of the HTML part's text");
        assertEquals(2, ok("search", "--local", "--json", "body:café").out.lines().count(), "Latin-1, and an HTML entity");
        assertEquals(0, ok("search", "--local", "--json", "body:quetzalcoatl").out.lines().count(), "a word of its markup");
    }
}

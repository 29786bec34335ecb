package dev.postern.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code search} and what retention left apart from the server: a message kept in the store alone is marked as
 * {@code list} marks it (L, {@code "local_only":true}; hunt 38-Q, Q12: always false), and a server match the store no
 * longer holds (a {@code where = "local"} rule removed it) is said on stderr, not dropped in silence as "no match" (Q6).
 */
class SearchStoreMarksGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private MailFolder inbox;

    @BeforeEach
    void setUp() throws Exception {
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        // 3 messages from 2020 (the rule takes them), then 7 from today; all read.
        for (int i = 1; i <= 10; i++) {
            Instant when = i <= 3 ? Instant.parse("2020-03-0" + i + "T10:00:00Z") : Instant.now();
            String raw = "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(when.atOffset(ZoneOffset.UTC)) + "\r\n"
                    + "From: bob@example.org\r\nTo: alice@localhost\r\nMessage-ID: <m" + i + "@example.org>\r\n"
                    + "Subject: message " + i + "\r\n\r\nbody " + i + "\r\n";
            inbox.appendMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(UTF_8))),
                    new Flags(Flags.Flag.SEEN), Date.from(when));
        }
    }

    private Path config(String where) throws Exception {
        return CliRun.writeConfig(dir.resolve("config-" + where + ".toml"), dir.resolve("data"),
                CliRun.account("work", "imap", greenMail.getImap().getPort(), "alice", "secret"),
                "[[retention]]\nname = \"old\"\naccount = \"work\"\nfolders = [\"INBOX\"]\n"
                + "older_than_days = 365\nauto = true\nwhere = \"" + where + "\"\n");
    }

    private static String row(List<String> lines, long uid) {
        return lines.stream().filter(l -> l.contains("\"uid\":" + uid + ",")).findFirst().orElseThrow(() -> new AssertionError(lines));
    }

    @Test
    void searchMarksLocalOnlyMessagesAsListDoes() throws Exception {
        Path cfg = config("server");
        CliRun.Result sync = CliRun.run(dir, cfg, "sync", "-f", "INBOX");
        assertEquals(0, sync.code(), sync.out() + sync.err());
        assertEquals(7, inbox.getMessageCount());

        CliRun.Result json = CliRun.run(dir, cfg, "search", "--local", "--json", "subject:message");
        assertEquals(0, json.code(), json.err());
        List<String> rows = json.out().lines().toList();
        assertEquals(10, rows.size(), json.out());
        for (long uid = 1; uid <= 10; uid++) assertTrue(row(rows, uid).contains("\"local_only\":" + (uid <= 3)), row(rows, uid));

        CliRun.Result text = CliRun.run(dir, cfg, "search", "--local", "subject:message");
        assertEquals(0, text.code(), text.err());
        CliRun.Result list = CliRun.run(dir, cfg, "list", "INBOX", "--cached");
        // The same rows as list's, the L included (both newest first).
        assertEquals(list.out(), text.out());
        assertTrue(text.out().lines().filter(l -> l.substring(8, 12).equals("   L")).count() == 3, text.out());

        // Online: the server holds 4..10 only, none of them local-only.
        CliRun.Result online = CliRun.run(dir, cfg, "search", "--json", "subject:message");
        assertEquals(0, online.code(), online.err());
        assertEquals(7, online.out().lines().filter(l -> l.contains("\"local_only\":false")).count(), online.out());
        assertEquals("", online.err());
    }

    @Test
    void serverMatchesTheStoreNoLongerHoldsAreSaid() throws Exception {
        Path cfg = config("local");
        CliRun.Result sync = CliRun.run(dir, cfg, "sync", "-f", "INBOX");
        assertEquals(0, sync.code(), sync.out() + sync.err());
        assertEquals(10, inbox.getMessageCount(), "the server keeps them");

        CliRun.Result old = CliRun.run(dir, cfg, "search", "subject:\"message 2\"");
        assertEquals(0, old.code(), old.err());
        assertEquals("", old.out());
        assertEquals("postern: 1 message(s) the server matched in INBOX are not in the store (removed from it, as by a"
                + " retention rule with where = \"local\"), so they are not listed.", old.err().strip());

        CliRun.Result all = CliRun.run(dir, cfg, "search", "--json", "subject:message");
        assertEquals(0, all.code(), all.err());
        assertEquals(7, all.out().lines().count(), all.out());
        assertTrue(all.err().contains("3 message(s) the server matched in INBOX are not in the store"), all.err());

        CliRun.Result held = CliRun.run(dir, cfg, "search", "subject:\"message 5\"");
        assertEquals(0, held.code(), held.err());
        assertEquals(1, held.out().lines().count(), held.out());
        assertEquals("", held.err(), "nothing to say when the store holds every match");
    }

    /**
     * `search Archive from:bob` (the folder first, as list and read take it) searched INBOX for the word too, found
     * nothing and ended 0 (hunt 39-Y, Y11): a folder's name as the first word is refused, saying both ways on.
     */
    @Test
    void aFolderNamedAsTheFirstWordIsRefusedNotSearchedFor() throws Exception {
        greenMail.getManagers().getImapHostManager().createMailbox(greenMail.getManagers().getUserManager().getUser("alice"), "Archive");
        Path cfg = config("local");
        assertEquals(0, CliRun.run(dir, cfg, "folders").code());
        CliRun.Result slip = CliRun.run(dir, cfg, "search", "Archive", "from:bob");
        assertEquals(64, slip.code(), slip.out() + slip.err());
        assertEquals("", slip.out());
        assertTrue(slip.err().contains("'Archive' names a folder of work, and search takes its folder from --folder:"
                + " `postern search --folder Archive from:bob` searches it; to search INBOX for the word, name the folder:"
                + " `postern search --folder INBOX Archive from:bob`."), slip.err());
        assertEquals(64, CliRun.run(dir, cfg, "search", "--local", "INBOX", "subject:message").code());
        // Named, the word is searched for; a word that names no folder is searched for as before.
        CliRun.Result word = CliRun.run(dir, cfg, "search", "--folder", "INBOX", "Archive", "from:bob");
        assertEquals(0, word.code(), word.err());
        assertEquals(0, CliRun.run(dir, cfg, "sync", "-f", "INBOX").code());
        CliRun.Result plain = CliRun.run(dir, cfg, "search", "--local", "--json", "message", "from:bob");
        assertEquals(0, plain.code(), plain.err());
        assertEquals(7, plain.out().lines().count(), plain.out() + plain.err()); // the rule took 2020's three
    }
}

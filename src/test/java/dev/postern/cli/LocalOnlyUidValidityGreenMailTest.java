package dev.postern.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.store.MapDbStore;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages kept locally only survive their folder being recreated under a new UIDVALIDITY: they stay listed
 * (under UIDs above every IMAP UID), readable and marked, while the server's messages are re-listed; one
 * that is back on the server (its cached body matched) is listed once, as a server message.
 */
class LocalOnlyUidValidityGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private static byte[] raw(int i) {
        Instant when = i <= 5 ? Instant.parse("2020-03-0" + i + "T10:00:00Z") : Instant.parse("2026-01-0" + (i - 5) + "T10:00:00Z");
        return ("Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(when.atOffset(ZoneOffset.UTC)) + "\r\n"
                + "From: bob@example.org\r\nTo: alice@localhost\r\nMessage-ID: <m" + i + "@example.org>\r\n"
                + "Subject: message " + i + "\r\n\r\nbody " + i + "\r\n").getBytes(UTF_8);
    }

    private static void append(MailFolder f, int i) throws Exception {
        byte[] b = raw(i);
        Instant when = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(b)).getSentDate().toInstant();
        f.appendMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(b)),
                new Flags(Flags.Flag.SEEN), Date.from(when));
    }

    private Path config() throws Exception {
        return CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("work", "imap", greenMail.getImap().getPort(), "alice", "secret"),
                "[[retention]]\nname = \"archive\"\naccount = \"work\"\nfolders = [\"Archive\"]\n"
                + "older_than_days = 365\nwhere = \"server\"\nmax_share_percent = 100\n");
    }

    private long validity() {
        try (MapDbStore store = MapDbStore.open(dir.resolve("data"))) {
            return store.folderState("work", "Archive").orElseThrow().uidValidity();
        }
    }

    @Test
    void localOnlyCopiesAreStillListedAndReadableAfterTheFolderIsRecreated() throws Exception {
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        ImapHostManager imap = greenMail.getManagers().getImapHostManager();
        MailFolder archive = imap.createMailbox(user, "Archive");
        imap.subscribe(user, "Archive");
        for (int i = 1; i <= 7; i++) append(archive, i); // 1-5 from 2020, 6-7 from this year
        Path cfg = config();

        CliRun.Result first = CliRun.run(dir, cfg, "sync", "-f", "Archive");
        assertEquals(0, first.code(), first.out() + first.err());
        CliRun.Result retention = CliRun.run(dir, cfg, "retention");
        assertEquals(0, retention.code(), retention.out() + retention.err());
        assertTrue(retention.out().contains("5 messages deleted"), retention.out());
        assertEquals(2, imap.getFolder(user, "Archive").getMessageCount());
        long oldValidity = validity();

        // Another client recreates the folder (new UIDVALIDITY; GreenMail's counts seconds) with the two
        // young messages, message 1 restored exactly as it was, and one new message.
        Thread.sleep(1100);
        imap.deleteMailbox(user, "Archive");
        MailFolder again = imap.createMailbox(user, "Archive");
        imap.subscribe(user, "Archive");
        for (int i : new int[] {6, 7, 1, 8}) append(again, i);
        assertNotEquals(oldValidity, again.getUidValidity());

        CliRun.Result resync = CliRun.run(dir, cfg, "sync", "-f", "Archive", "--json");
        assertEquals(0, resync.code(), resync.out() + resync.err());
        assertTrue(resync.out().contains("\"bodies_fetched\":1"), "only message 8 is new to the store: " + resync.out());
        long newValidity = validity();
        assertNotEquals(oldValidity, newValidity);

        CliRun.Result list = CliRun.run(dir, cfg, "list", "Archive", "--cached", "--json");
        assertEquals(0, list.code(), list.err());
        List<String> rows = list.out().lines().toList();
        assertEquals(8, rows.size(), "4 on the server, 4 kept locally only (message 1 is on the server again): " + list.out());
        List<String> local = rows.stream().filter(r -> r.contains("\"local_only\":true")).toList();
        assertEquals(4, local.size(), list.out());
        for (int i = 2; i <= 5; i++) {
            String subject = "\"subject\":\"message " + i + "\"";
            assertTrue(local.stream().anyMatch(r -> r.contains(subject)), "message " + i + " kept locally: " + list.out());
        }
        assertEquals(1, rows.stream().filter(r -> r.contains("\"subject\":\"message 1\"")).count(), list.out());
        assertTrue(local.stream().allMatch(r -> Long.parseLong(r.replaceAll(".*\"uid\":(\\d+),.*", "$1")) > 0xFFFF_FFFFL),
                "local-only UIDs never name a server message: " + local);

        // Readable by the UID list shows, and the store is consistent.
        String uid = local.get(0).replaceAll(".*\"uid\":(\\d+),.*", "$1");
        CliRun.Result read = CliRun.run(dir, cfg, "read", "Archive", uid, "--raw", "--force", "--preview");
        assertEquals(0, read.code(), read.err());
        assertTrue(read.out().contains("Subject: message "), read.out());
        try (MapDbStore store = MapDbStore.open(dir.resolve("data"))) {
            assertTrue(store.uids("work", "Archive", oldValidity).isEmpty(), "nothing left under the old UIDVALIDITY");
            assertEquals(4, store.detached("work", "Archive", newValidity).size());
            assertEquals(8, store.blobCount(), "8 distinct messages, one body each");
            assertEquals(List.of(), store.verify());
        }

        // The next sync keeps them; a flag change on one stays local.
        CliRun.Result next = CliRun.run(dir, cfg, "sync", "-f", "Archive");
        assertEquals(0, next.code(), next.err());
        CliRun.Result flag = CliRun.run(dir, cfg, "flag", "Archive", uid, "--set", "flagged");
        assertEquals(0, flag.code(), flag.out() + flag.err());
        List<String> after = CliRun.run(dir, cfg, "list", "Archive", "--cached", "--json").out().lines().toList();
        assertEquals(8, after.size());
        assertTrue(after.stream().anyMatch(r -> r.contains("\"uid\":" + uid + ",") && r.contains("\"flagged\"")), after.toString());
        assertEquals(4, imap.getFolder(user, "Archive").getMessageCount(), "nothing changed on the server");
    }
}

package dev.postern.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.model.MessageRef;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages kept locally only (retention {@code where = "server"} deleted their server copy): {@code list}
 * marks them (an L in the flag column, {@code "local_only": true}), flag changes on them touch the store
 * alone (nothing is sent or queued, so they work with the server unreachable), and delete removes the one
 * copy left and releases its body.
 */
class LocalOnlyGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private MailFolder inbox;

    @BeforeEach
    void setUp() throws Exception {
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        // 3 messages from 2020 (the rule takes their server copy), then 7 from today; all read.
        for (int i = 1; i <= 10; i++) {
            Instant when = i <= 3 ? Instant.parse("2020-03-0" + i + "T10:00:00Z") : Instant.now();
            String raw = "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(when.atOffset(ZoneOffset.UTC)) + "\r\n"
                    + "From: bob@example.org\r\nTo: alice@localhost\r\nMessage-ID: <m" + i + "@example.org>\r\n"
                    + "Subject: message " + i + "\r\n\r\nbody " + i + "\r\n";
            inbox.appendMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(UTF_8))),
                    new Flags(Flags.Flag.SEEN), Date.from(when));
        }
    }

    private Path config(int port) throws Exception {
        return CliRun.writeConfig(dir.resolve("config-" + port + ".toml"), dir.resolve("data"),
                CliRun.account("work", "imap", port, "alice", "secret"),
                "[[retention]]\nname = \"archive\"\naccount = \"work\"\nfolders = [\"INBOX\"]\n"
                + "older_than_days = 365\nauto = true\nwhere = \"server\"\n");
    }

    private static int closedPort() throws Exception {
        return dev.postern.ClosedPort.take();
    }

    private List<String> listJson(Path cfg) {
        CliRun.Result list = CliRun.run(dir, cfg, "list", "INBOX", "--cached", "--json");
        assertEquals(0, list.code(), list.err());
        return list.out().lines().toList();
    }

    private static String row(List<String> lines, long uid) {
        return lines.stream().filter(l -> l.contains("\"uid\":" + uid + ",")).findFirst().orElseThrow(() -> new AssertionError(lines));
    }

    private Path keptLocally() throws Exception {
        Path cfg = config(greenMail.getImap().getPort());
        CliRun.Result sync = CliRun.run(dir, cfg, "sync", "-f", "INBOX");
        assertEquals(0, sync.code(), sync.out() + sync.err());
        assertTrue(sync.out().contains("retention: rule archive deleted 3 in INBOX of work (server)"), sync.out());
        assertEquals(7, inbox.getMessageCount());
        return cfg;
    }

    @Test
    void listMarksLocalOnlyMessagesInTextAndJson() throws Exception {
        Path cfg = keptLocally();
        CliRun.Result text = CliRun.run(dir, cfg, "list", "INBOX", "--cached");
        assertEquals(0, text.code(), text.err());
        List<String> lines = text.out().lines().toList();
        assertEquals(10, lines.size(), text.out());
        for (String l : lines) {
            long uid = Long.parseLong(l.strip().split(" ")[0]);
            // Columns: UID, then the flag column N ! r L.
            String flags = l.substring(8, 12);
            assertEquals(uid <= 3 ? "   L" : "    ", flags, "UID " + uid + ": " + l);
        }
        List<String> json = listJson(cfg);
        for (long uid = 1; uid <= 10; uid++) {
            assertTrue(row(json, uid).contains("\"local_only\":" + (uid <= 3)), row(json, uid));
        }
    }

    @Test
    void flagChangesOnLocalOnlyMessagesGoToTheStoreOnlyEvenWithTheServerUnreachable() throws Exception {
        keptLocally();
        Path offline = config(closedPort());
        CliRun.Result flag = CliRun.run(dir, offline, "flag", "INBOX", "1:2", "--set", "flagged", "--clear", "seen");
        assertEquals(0, flag.code(), flag.out() + flag.err());
        assertFalse(flag.out().contains("queued") || flag.err().contains("queued"), "nothing queued: " + flag.out() + flag.err());
        CliRun.Result queue = CliRun.run(dir, offline, "queue", "--json");
        assertEquals(0, queue.code(), queue.err());
        assertEquals("", queue.out().strip(), "no server action queued");
        List<String> json = listJson(offline);
        assertTrue(row(json, 1).contains("\"flags\":[\"flagged\"]"), row(json, 1));
        assertTrue(row(json, 2).contains("\"flags\":[\"flagged\"]"), row(json, 2));
        assertTrue(row(json, 3).contains("\"flags\":[\"seen\"]"), row(json, 3));

        // Reading one marks it read, in the store only (the server has no copy to mark).
        CliRun.Result read = CliRun.run(dir, offline, "read", "INBOX", "1");
        assertEquals(0, read.code(), read.out() + read.err());
        assertTrue(read.out().contains("body 1"), read.out());
        json = listJson(offline);
        assertTrue(row(json, 1).contains("\"flags\":[\"seen\",\"flagged\"]"), row(json, 1));
        assertEquals("", CliRun.run(dir, offline, "queue", "--json").out().strip(), "still nothing queued");

        // A mixed set online: the server message is flagged on the server, the local-only one in the store.
        Path online = config(greenMail.getImap().getPort());
        CliRun.Result mixed = CliRun.run(dir, online, "flag", "INBOX", "3", "4", "--set", "flagged");
        assertEquals(0, mixed.code(), mixed.out() + mixed.err());
        assertTrue(mixed.out().contains("changed flags of 2 message(s)"), mixed.out());
        json = listJson(online);
        assertTrue(row(json, 3).contains("\"flagged\""), row(json, 3));
        assertTrue(row(json, 4).contains("\"flagged\""), row(json, 4));
        long serverFlagged = inbox.getMessages().stream().filter(m -> m.getFlags().contains(Flags.Flag.FLAGGED)).count();
        assertEquals(1, serverFlagged, "only message 4 exists (and is flagged) on the server");

        // The next sync keeps the local flags: nothing on the server contradicts them.
        CliRun.Result sync = CliRun.run(dir, online, "sync", "-f", "INBOX");
        assertEquals(0, sync.code(), sync.err());
        json = listJson(online);
        assertTrue(row(json, 1).contains("\"flags\":[\"seen\",\"flagged\"]"), row(json, 1));
    }

    @Test
    void deletingALocalOnlyMessageRemovesTheLocalCopyAndItsBody() throws Exception {
        keptLocally();
        String hash;
        long blobs;
        try (MapDbStore store = MapDbStore.open(dir.resolve("data"))) {
            long v = store.folderState("work", "INBOX").orElseThrow().uidValidity();
            hash = store.envelope(new MessageRef("work", "INBOX", v, 2)).orElseThrow().bodyHash();
            blobs = store.blobCount();
            assertTrue(store.blob(hash).isPresent());
        }
        Path offline = config(closedPort());
        CliRun.Result del = CliRun.run(dir, offline, "delete", "INBOX", "2");
        assertEquals(0, del.code(), del.out() + del.err());
        CliRun.Result queue = CliRun.run(dir, offline, "queue", "--json");
        assertEquals("", queue.out().strip(), "no server action queued: " + queue.out());
        List<String> json = listJson(offline);
        assertEquals(9, json.size());
        assertTrue(json.stream().noneMatch(l -> l.contains("\"uid\":2,")), json.toString());
        try (MapDbStore store = MapDbStore.open(dir.resolve("data"))) {
            assertTrue(store.blob(hash).isEmpty(), "its body went with its last reference");
            assertEquals(blobs - 1, store.blobCount());
            assertEquals(List.of(), store.verify());
        }
        assertEquals(7, inbox.getMessageCount(), "nothing on the server changed");
    }

    @Test
    void deleteToTrashRemovesALocalOnlyCopyAndMoveOrCopyRefusesIt() throws Exception {
        keptLocally();
        Path offline = config(closedPort());
        // The reader's "D = delete --to Trash": a local-only message has no server copy to move, so it is removed.
        CliRun.Result del = CliRun.run(dir, offline, "delete", "INBOX", "3", "--to", "Trash");
        assertEquals(0, del.code(), del.out() + del.err());
        assertTrue(del.out().contains("deleted 1 message(s)"), del.out());
        List<String> json = listJson(offline);
        assertEquals(9, json.size());
        assertTrue(json.stream().noneMatch(l -> l.contains("\"uid\":3,")), json.toString());

        for (String verb : List.of("move", "copy")) {
            CliRun.Result refused = CliRun.run(dir, offline, verb, "INBOX", "1", "4", "--to", "Archive");
            assertEquals(64, refused.code(), refused.out() + refused.err());
            assertTrue(refused.err().contains("message(s) 1 in 'INBOX' are kept locally only (retention deleted their server copy), "
                    + "so they cannot be"), refused.err());
        }
        assertEquals(9, listJson(offline).size(), "nothing changed");
        CliRun.Result queue = CliRun.run(dir, offline, "queue", "--json");
        assertEquals("", queue.out().strip(), "nothing queued: " + queue.out());
    }

    /**
     * Hunt 43-Y, Y3: a {@code where = "server"} run killed between its local-only mark (committed first) and the server's
     * expunge left messages the store called kept only here while the server still had them, for good: every later sync
     * kept the mark, every later run passed them over, and no view showed the server's copies. A sync now takes the mark
     * off a UID the server still lists (UIDs are never given twice), and the rule's next run deletes them as planned.
     */
    @Test
    void messagesMarkedKeptOnlyHereThatTheServerStillHasAreTheServersAgain() throws Exception {
        Path plain = CliRun.writeConfig(dir.resolve("plain.toml"), dir.resolve("data"),
                CliRun.account("work", "imap", greenMail.getImap().getPort(), "alice", "secret"));
        CliRun.Result first = CliRun.run(dir, plain, "sync", "-f", "INBOX");
        assertEquals(0, first.code(), first.out() + first.err());
        try (MapDbStore store = MapDbStore.open(dir.resolve("data"))) {
            long v = store.folderState("work", "INBOX").orElseThrow().uidValidity();
            store.detach(List.of(new MessageRef("work", "INBOX", v, 1), new MessageRef("work", "INBOX", v, 2),
                    new MessageRef("work", "INBOX", v, 3)));
            store.commit(); // as the killed run left it: marked, not expunged
        }
        assertEquals(10, inbox.getMessageCount());

        CliRun.Result sync = CliRun.run(dir, plain, "sync", "-f", "INBOX");
        assertEquals(0, sync.code(), sync.out() + sync.err());
        List<String> json = listJson(plain);
        for (long uid = 1; uid <= 3; uid++) {
            assertTrue(row(json, uid).contains("\"local_only\":false"), "the server's again: " + row(json, uid));
        }

        // The rule's next run (auto, after the sync) deletes them on the server and keeps them here, as planned.
        CliRun.Result ruled = CliRun.run(dir, config(greenMail.getImap().getPort()), "sync", "-f", "INBOX");
        assertEquals(0, ruled.code(), ruled.out() + ruled.err());
        assertEquals(7, inbox.getMessageCount(), ruled.out());
        json = listJson(plain);
        for (long uid = 1; uid <= 3; uid++) assertTrue(row(json, uid).contains("\"local_only\":true"), row(json, uid));
    }
}

package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar against Dovecot: changes made while the server is unreachable are queued in the store,
 * survive the process ending, and are replayed in order by the next process that connects.
 */
@Tag("e2e")
class OfflineQueueIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @TempDir Path home;

    private Path config(int port) throws IOException {
        return config(port, "alice");
    }

    private Path config(int port, String user) throws IOException {
        return PosternConfig.write(home.resolve("config-" + port + ".toml"), home.resolve("data"),
                PosternConfig.dovecot(DOVECOT, "e2e", user, port, 10));
    }

    private PosternProcess.Result postern(Path config, String... args) {
        return PosternProcess.withConfig(home, config, args)
                .timeout(Duration.ofMinutes(2))
                .run()
                .assertNoStackTrace();
    }

    private static Store otherClient() throws Exception {
        return otherClient("alice");
    }

    private static Store otherClient(String user) throws Exception {
        return DOVECOT.otherClient(user);
    }

    @Test
    void aQueueMadeOfflineSurvivesTheProcessAndIsReplayedInOrder() throws Exception {
        for (int i = 1; i <= 3; i++) DOVECOT.deliver("alice", "INBOX", SyntheticMail.message(930_000 + i, "alice@postern.test"));
        DOVECOT.createFolder("alice", "Archive");
        Path online = config(DOVECOT.imapPort());
        postern(online, "sync", "--headers-only").assertExitCode(0);

        int closed;
        closed = dev.postern.ClosedPort.take();
        Path offline = config(closed);
        PosternProcess.Result flagged = postern(offline, "flag", "INBOX", "1", "--set", "flagged").assertExitCode(0);
        assertTrue(flagged.stderr().contains("queued"), flagged.stderr());
        postern(offline, "move", "INBOX", "2", "--to", "Archive").assertExitCode(0);
        postern(offline, "delete", "INBOX", "3").assertExitCode(0);
        String queue = postern(offline, "queue", "--json").assertExitCode(0).stdout();
        assertEquals(3, queue.lines().count(), queue);
        String cached = postern(offline, "list", "--cached", "--json").assertExitCode(0).stdout();
        assertEquals(1, cached.lines().count(), "moved and deleted at once in the store: " + cached);

        PosternProcess.Result replay = postern(online, "sync", "--headers-only").assertExitCode(0);
        assertTrue(replay.stderr().contains("replayed 3 queued action(s)"), replay.stderr());
        assertFalse(replay.stderr().contains("dropped"), replay.stderr());
        assertEquals("nothing queued", postern(online, "queue").assertExitCode(0).stdout().strip());

        try (Store other = otherClient()) {
            Folder inbox = other.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertEquals(1, inbox.getMessageCount());
            assertEquals(1, ((UIDFolder) inbox).getUID(inbox.getMessage(1)));
            assertTrue(inbox.getMessage(1).isSet(Flags.Flag.FLAGGED));
            inbox.close(false);
            Folder archive = other.getFolder("Archive");
            archive.open(Folder.READ_ONLY);
            assertEquals(1, archive.getMessageCount());
            archive.close(false);
            Folder trash = other.getFolder("Trash");
            trash.open(Folder.READ_ONLY);
            assertEquals(1, trash.getMessageCount());
            trash.close(false);
        }
    }

    private static int closedPort() throws IOException {
        return dev.postern.ClosedPort.take();
    }

    private static String line(String jsonLines, long uid) {
        return jsonLines.lines().filter(l -> l.contains("\"uid\":" + uid + ",")).findFirst().orElse(null);
    }

    @Test
    void aQueueReplayedAfterChangesOnTheServerMeetsThemAndDropsOnlyTheConflict() throws Exception {
        for (int i = 1; i <= 6; i++) DOVECOT.deliver("bob", "INBOX", SyntheticMail.message(931_000 + i, "bob@postern.test"));
        DOVECOT.createFolder("bob", "Archive");
        Path online = config(DOVECOT.imapPort(), "bob");
        postern(online, "sync", "--headers-only").assertExitCode(0);

        // postern's side, offline: four actions queued.
        Path offline = config(closedPort(), "bob");
        postern(offline, "flag", "INBOX", "1", "--set", "flagged").assertExitCode(0);
        postern(offline, "move", "INBOX", "2", "--to", "Archive").assertExitCode(0);
        postern(offline, "move", "INBOX", "3", "--to", "Archive").assertExitCode(0);
        postern(offline, "delete", "INBOX", "4").assertExitCode(0);
        assertEquals(4, postern(offline, "queue", "--json").assertExitCode(0).stdout().lines().count());

        // The server's side meanwhile: another client expunges UID 3 (the queued move now has nothing to move),
        // answers UID 6, and new mail arrives.
        try (Store other = otherClient("bob")) {
            Folder inbox = other.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            ((UIDFolder) inbox).getMessageByUID(3).setFlag(Flags.Flag.DELETED, true);
            ((UIDFolder) inbox).getMessageByUID(6).setFlag(Flags.Flag.ANSWERED, true);
            inbox.close(true);
        }
        DOVECOT.deliver("bob", "INBOX", SyntheticMail.message(931_007, "bob@postern.test"));

        PosternProcess.Result sync = postern(online, "sync", "--headers-only", "--json").assertExitCode(0);
        assertTrue(sync.stderr().contains("replayed 3 queued action(s)"), sync.describe());
        assertEquals(1, sync.stderr().lines().filter(l -> l.contains("was dropped")).count(), sync.describe());
        assertEquals("nothing queued", postern(online, "queue").assertExitCode(0).stdout().strip());
        assertTrue(sync.stdout().contains("\"folder\":\"INBOX\",\"total\":4"), sync.describe());

        String inboxList = postern(online, "list", "--cached", "--json").assertExitCode(0).stdout();
        assertEquals(4, inboxList.lines().count(), inboxList);
        assertTrue(line(inboxList, 1).contains("\"flagged\""), line(inboxList, 1));
        assertTrue(line(inboxList, 6).contains("\"answered\""), "the other client's flag: " + line(inboxList, 6));
        for (long uid = 2; uid <= 4; uid++) assertEquals(null, line(inboxList, uid), "UID " + uid);
        assertTrue(inboxList.contains(SyntheticMail.messageId(931_007)), "new mail arrived: " + inboxList);
        String archive = postern(online, "list", "Archive", "--cached", "--json").assertExitCode(0).stdout();
        assertEquals(1, archive.lines().count(), archive);
        assertTrue(archive.contains(SyntheticMail.messageId(931_002)), archive);

        try (Store other = otherClient("bob")) {
            Folder inbox = other.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertEquals(4, inbox.getMessageCount());
            assertTrue(((UIDFolder) inbox).getMessageByUID(1).isSet(Flags.Flag.FLAGGED));
            inbox.close(false);
            Folder archiveF = other.getFolder("Archive");
            archiveF.open(Folder.READ_ONLY);
            assertEquals(1, archiveF.getMessageCount(), "only the move that still had a message");
            archiveF.close(false);
            Folder trash = other.getFolder("Trash");
            trash.open(Folder.READ_ONLY);
            assertEquals(1, trash.getMessageCount());
            trash.close(false);
        }
    }
}

package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import jakarta.mail.Flags;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 43-R, R9's sibling in the offline queue: a delete, move and flag queued while the server was unreachable, and
 * meanwhile another client deleted the folder and made it again (a new UIDVALIDITY; the new messages take UIDs 1, 2, 3
 * again). The queue records the UIDVALIDITY the change was made under, and the replay refuses a folder re-created
 * since: each change is dropped, saying so, and the new messages with those UIDs stay as they are.
 */
class OfflineReplayRecreatedFolderTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private Path config;

    private void online(GreenMailUser user, boolean up, int closedPort) throws Exception {
        CliRun.writeConfig(config, dir.resolve("data"),
                CliRun.account("test", "imap", up ? greenMail.getImap().getPort() : closedPort, "alice", "secret"));
    }

    private Result ok(String... args) {
        Result r = CliRun.run(dir, config, args);
        assertEquals(0, r.code, String.join(" ", args) + " -> " + r);
        return r;
    }

    private static void deliver(MailFolder folder, String subject) throws Exception {
        folder.appendMessage(TestMail.fromBob(subject, "body of " + subject), new Flags(), new Date());
    }

    @Test
    void changesQueuedBeforeTheFolderWasMadeAgainAreDroppedAndTouchNoNewMessage() throws Exception {
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        ImapHostManager imap = greenMail.getManagers().getImapHostManager();
        config = dir.resolve("config.toml");
        int closedPort = dev.postern.ClosedPort.take();
        MailFolder box = imap.createMailbox(user, "Box");
        imap.createMailbox(user, "Trash");
        imap.createMailbox(user, "Archive");
        for (String s : List.of("old one", "old two", "old three")) deliver(box, s);
        online(user, true, closedPort);
        ok("folders");
        ok("sync", "--folder", "Box", "--headers-only");

        online(user, false, closedPort);
        ok("delete", "Box", "1");
        ok("move", "Box", "2", "--to", "Archive");
        ok("flag", "Box", "3", "--set", "flagged");
        assertEquals(3, ok("queue", "--json").out.lines().count());

        Thread.sleep(1_100); // GreenMail's UIDVALIDITY is the second the folder was made
        imap.deleteMailbox(user, "Box");
        MailFolder again = imap.createMailbox(user, "Box");
        for (String s : List.of("new one", "new two", "new three")) deliver(again, s);

        online(user, true, closedPort);
        Result sync = ok("sync", "--headers-only");
        assertFalse(sync.err.contains("replayed"), sync.err);
        for (String what : List.of("'delete Box UID 1' was dropped", "'move Box UID 2 -> Archive' was dropped",
                "'flag flagged Box UID 3' was dropped")) {
            assertTrue(sync.err.contains(what), what + " in " + sync.err);
        }
        MailFolder now = imap.getFolder(user, "Box");
        assertEquals(List.of("new one", "new two", "new three"), TestMail.subjects(now));
        assertFalse(now.getMessages().get(2).isSet(Flags.Flag.FLAGGED), "the new UID 3 is not flagged");
        assertEquals(List.of(), TestMail.subjects(imap.getFolder(user, "Trash")));
        assertEquals(List.of(), TestMail.subjects(imap.getFolder(user, "Archive")));
        assertEquals("nothing queued", ok("queue").out.strip());
    }
}

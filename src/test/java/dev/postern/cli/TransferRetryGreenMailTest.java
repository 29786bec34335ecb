package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import dev.postern.cli.ImapCutRelay.Cut;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A move, copy or delete whose link is cut midway is tried again (on a fresh connection, or by the offline
 * queue's next replay), and the try after the cut one copies only what the cut one did not: no message ends
 * up twice in the target, none is lost, and a move the server finished is not reported as failed. The cut
 * is a real dropped connection in front of GreenMail, at the command where it hurts: between COPY and the
 * expunge on a server without MOVE, or right after the server did a COPY or MOVE whose answer never came.
 */
class TransferRetryGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private ImapHostManager imap;
    private GreenMailUser user;
    private MailFolder inbox;
    private Path config;
    private ImapCutRelay relay;

    @BeforeEach
    void setUp() throws Exception {
        user = greenMail.setUser("alice@localhost", "alice", "secret");
        imap = greenMail.getManagers().getImapHostManager();
        inbox = imap.getInbox(user);
        config = dir.resolve("config.toml");
        inbox.appendMessage(TestMail.fromBob("one", "body one"), new Flags(), new Date());
        inbox.appendMessage(TestMail.fromBob("two", "body two"), new Flags(), new Date());
        inbox.appendMessage(withoutMessageId("three"), new Flags(), new Date(1_700_000_000_000L));
        imap.createMailbox(user, "Archive");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (relay != null) relay.close();
    }

    /** A message with no Message-ID: a copy is known by its size and internal date. */
    private static MimeMessage withoutMessageId(String subject) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                removeHeader("Message-ID");
            }
        };
        m.setFrom("Carol <carol@example.org>");
        m.setRecipients(MimeMessage.RecipientType.TO, "alice@localhost");
        m.setSubject(subject);
        m.setText("body " + subject);
        m.saveChanges();
        return m;
    }

    private void through(boolean hideMove) throws Exception {
        relay = new ImapCutRelay(greenMail.getImap().getPort(), hideMove);
        CliRun.writeConfig(config, dir.resolve("data"), CliRun.account("test", "imap", relay.port(), "alice", "secret"));
    }

    private Result run(String... args) {
        return CliRun.run(dir, config, args);
    }

    private Result ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.code, String.join(" ", args) + " -> " + r);
        return r;
    }

    private List<String> sorted(String folder) throws Exception {
        return TestMail.subjects(imap.getFolder(user, folder)).stream().sorted().toList();
    }

    private static boolean storeDeleted(String line) {
        return line.contains("STORE") && line.contains("\\Deleted");
    }

    private static Predicate<String> command(String verb) {
        return l -> l.matches("\\S+ (UID )?" + verb + " .*\\r?\\n");
    }

    /** A shell (one process, one session) that lists first, so the change runs on a live session and is retried. */
    private Result inOneProcess(String change) {
        Result r = CliRun.shell(dir, config, "list\n" + change + "\n");
        assertEquals(0, r.code, r.toString());
        // The shell goes on after a failed command: its sentence on stderr is the failure.
        assertTrue(!r.err.contains("account test:"), change + " failed: " + r);
        return r;
    }

    @Test
    void aMoveCutBetweenCopyAndExpungeIsRetriedOnAFreshConnectionWithoutCopyingAgain() throws Exception {
        through(true);
        relay.arm(TransferRetryGreenMailTest::storeDeleted, Cut.BEFORE, false);
        Result moved = inOneProcess("move INBOX 1 2 3 --to Archive");
        assertEquals(1, relay.cuts.get(), "the link was cut between COPY and the expunge");
        assertTrue(moved.out.contains("moved 3 message(s)"), moved.toString());
        assertEquals(List.of("one", "three", "two"), sorted("Archive"));
        assertEquals(List.of(), sorted("INBOX"));
        // The store agrees with the server.
        assertEquals(0, ok("list", "--json").out.lines().count());
        String archive = ok("list", "Archive", "--json").out;
        assertEquals(3, archive.lines().count(), archive);
    }

    @Test
    void aMoveCutInAProcessOfItsOwnIsQueuedAndTheReplayDoesNotCopyAgain() throws Exception {
        through(true);
        ok("list");
        relay.arm(TransferRetryGreenMailTest::storeDeleted, Cut.BEFORE, true);
        Result moved = ok("move", "INBOX", "1", "2", "3", "--to", "Archive");
        assertEquals(1, relay.cuts.get(), "the link was cut between COPY and the expunge");
        assertTrue(moved.err.contains("queued"), moved.toString());
        assertEquals(List.of("one", "three", "two"), sorted("Archive"), "the cut try had copied");
        assertEquals(3, sorted("INBOX").size(), "and not expunged");
        String cached = ok("list", "--cached", "--json").out;
        assertEquals(0, cached.lines().count(), "moved away in the store at once, as offline: " + cached);

        relay.heal();
        Result replayed = ok("sync", "--headers-only");
        assertTrue(replayed.err.contains("replayed 1 queued action(s)"), replayed.err);
        assertEquals(List.of("one", "three", "two"), sorted("Archive"));
        assertEquals(List.of(), sorted("INBOX"));
    }

    @Test
    void aCopyWhoseAnswerWasLostIsNotCopiedAgain() throws Exception {
        through(false);
        relay.arm(command("COPY"), Cut.AFTER, false);
        inOneProcess("copy INBOX 1 3 --to Archive");
        assertEquals(1, relay.cuts.get(), "the server copied and the answer was cut off");
        assertEquals(List.of("one", "three"), sorted("Archive"));
        assertEquals(List.of("one", "three", "two"), sorted("INBOX"));
    }

    @Test
    void aMoveTheServerFinishedBeforeTheCutIsNotReportedAsFailed() throws Exception {
        through(false);
        relay.arm(command("MOVE"), Cut.AFTER, false);
        Result moved = inOneProcess("move INBOX 1 2 --to Archive");
        assertEquals(1, relay.cuts.get(), "the server moved and the answer was cut off");
        assertTrue(moved.out.contains("moved 2 message(s)"), moved.toString());
        assertEquals(List.of("one", "two"), sorted("Archive"));
        assertEquals(List.of("three"), sorted("INBOX"));
    }

    @Test
    void aDeleteToTheTrashCutMidwayLeavesOneCopyInTheTrash() throws Exception {
        through(true);
        ok("folder", "create", "Trash");
        relay.arm(TransferRetryGreenMailTest::storeDeleted, Cut.BEFORE, false);
        inOneProcess("delete INBOX 2 3");
        assertEquals(1, relay.cuts.get());
        assertEquals(List.of("three", "two"), sorted("Trash"));
        assertEquals(List.of("one"), sorted("INBOX"));
    }

    @Test
    void anExpungeTheServerDidBeforeTheCutIsDoneNotNoLongerThere() throws Exception {
        through(false);
        relay.arm(command("EXPUNGE"), Cut.AFTER, false);
        Result gone = inOneProcess("delete INBOX 2 --expunge");
        assertEquals(1, relay.cuts.get(), "the server expunged and the answer was cut off");
        assertTrue(gone.out.contains("deleted 1 message(s)"), gone.toString());
        assertEquals(List.of("one", "three"), sorted("INBOX"));
    }

    @Test
    void anExpungeQueuedByACutIsReplayedAsDoneNotDropped() throws Exception {
        through(false);
        ok("list");
        relay.arm(command("EXPUNGE"), Cut.AFTER, true);
        Result queued = ok("delete", "INBOX", "2", "--expunge");
        assertTrue(queued.err.contains("queued"), queued.toString());
        assertEquals(List.of("one", "three"), sorted("INBOX"), "the server had expunged");
        relay.heal();
        Result replayed = ok("sync", "--headers-only");
        assertTrue(replayed.err.contains("replayed 1 queued action(s)"), replayed.err);
        assertTrue(!replayed.err.contains("dropped"), replayed.err);
    }

    @Test
    void folderChangesTheServerMadeBeforeTheCutAreDoneNotRefused() throws Exception {
        through(false);
        relay.arm(command("CREATE"), Cut.AFTER, false);
        inOneProcess("folder create Later");
        assertEquals(1, relay.cuts.get());
        relay.arm(command("RENAME"), Cut.AFTER, false);
        inOneProcess("folder rename Later Sooner");
        assertEquals(2, relay.cuts.get());
        relay.arm(command("DELETE"), Cut.AFTER, false);
        inOneProcess("folder delete --yes Sooner");
        assertEquals(3, relay.cuts.get());
        assertEquals(null, imap.getFolder(user, "Sooner"));
        assertEquals(null, imap.getFolder(user, "Later"));
    }

    @Test
    void aChangeTheServerRefusesIsReportedNotQueued() throws Exception {
        through(false);
        Result refused = run("copy", "INBOX", "1", "--to", "Nowhere");
        assertEquals(66, refused.code, refused.toString());
        assertEquals("nothing queued", ok("queue").out.strip());
    }

    @Test
    void aQueuedMoveWhoseReplayWasCutIsReplayedByTheNextProcessWithoutACopyTooMany() throws Exception {
        through(true);
        ok("list");
        int port = relay.port();
        CliRun.writeConfig(config, dir.resolve("data"), CliRun.account("test", "imap", dev.postern.ClosedPort.take(), "alice", "secret"));
        Result queued = ok("move", "INBOX", "1", "2", "3", "--to", "Archive");
        assertTrue(queued.err.contains("queued"), queued.err);

        // Online again; the replay's link is cut between its COPY and its expunge, and stays down.
        CliRun.writeConfig(config, dir.resolve("data"), CliRun.account("test", "imap", port, "alice", "secret"));
        relay.arm(TransferRetryGreenMailTest::storeDeleted, Cut.BEFORE, true);
        Result cut = run("sync", "--headers-only");
        assertNotEquals(0, cut.code, cut.toString());
        assertEquals(1, relay.cuts.get());
        assertEquals(List.of("one", "three", "two"), sorted("Archive"), "the cut replay had copied");
        assertEquals(3, sorted("INBOX").size(), "and not expunged");
        assertTrue(ok("queue").out.contains("move INBOX UID"), "still queued");

        relay.heal();
        Result replayed = ok("sync", "--headers-only");
        assertTrue(replayed.err.contains("replayed 1 queued action(s)"), replayed.err);
        assertEquals(List.of("one", "three", "two"), sorted("Archive"));
        assertEquals(List.of(), sorted("INBOX"));
        assertEquals("nothing queued", ok("queue").out.strip());
    }
}

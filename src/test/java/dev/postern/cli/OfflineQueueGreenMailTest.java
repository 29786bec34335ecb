package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * Changes made while the server is unreachable (the config points at a closed port) are shown in the
 * store at once, listed by `postern queue`, kept across processes, and replayed in order by the next
 * command that connects; a conflict is reported once and dropped.
 */
class OfflineQueueGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private GreenMailUser user;
    private ImapHostManager imap;
    private MailFolder inbox;
    private Path config;
    private int closedPort;


    @BeforeEach
    void setUp() throws Exception {
        user = greenMail.setUser("alice@localhost", "alice", "secret");
        imap = greenMail.getManagers().getImapHostManager();
        inbox = imap.getInbox(user);
        config = dir.resolve("config.toml");
        closedPort = dev.postern.ClosedPort.take();
        online(true);
    }

    private void online(boolean up) throws Exception {
        CliRun.writeConfig(config, dir.resolve("data"),
                CliRun.account("test", "imap", up ? greenMail.getImap().getPort() : closedPort, "alice", "secret"));
    }

    private Result run(String... args) {
        return CliRun.run(dir, config, args);
    }

    private Result ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.code, String.join(" ", args) + " -> " + r);
        return r;
    }

    private void deliver(MailFolder folder, String subject) throws Exception {
        MimeMessage m = TestMail.fromBob(subject, "body of " + subject);
        folder.appendMessage(m, new Flags(), new Date());
    }

    private static String line(String out, long uid) {
        return TestMail.jsonLine(out, uid);
    }

    private List<String> subjects(MailFolder f) {
        return TestMail.subjects(f);
    }

    /** Messages one, two and three in INBOX, a folder Archive, and the store listed once while online. */
    private void threeInTheInboxAndAnArchiveListed() throws Exception {
        deliver(inbox, "one");
        deliver(inbox, "two");
        deliver(inbox, "three");
        ok("folder", "create", "Archive");
        ok("list");
    }

    @Test
    void offlineChangesAreQueuedShownAndReplayedInOrderAfterARestart() throws Exception {
        threeInTheInboxAndAnArchiveListed();

        online(false);
        Result flagged = ok("flag", "INBOX", "1", "--set", "flagged");
        assertTrue(flagged.err.contains("queued"), flagged.err);
        ok("move", "INBOX", "2", "--to", "Archive");
        ok("flag", "INBOX", "3", "--set", "seen");
        ok("folder", "create", "Later");

        // The store shows the changes at once; the server has none of them.
        String cached = ok("list", "--cached", "--json").out;
        assertTrue(line(cached, 1).contains("\"flagged\""), cached);
        assertNull(line(cached, 2), "moved away in the store: " + cached);
        assertTrue(line(cached, 3).contains("\"seen\""), cached);
        assertFalse(inbox.getMessages().get(0).isSet(Flags.Flag.FLAGGED));
        assertEquals(List.of("one", "two", "three"), subjects(inbox));

        // Every command above was its own process-like run: the queue lives in the store.
        String queue = ok("queue", "--json").out;
        List<String> rows = queue.lines().toList();
        assertEquals(4, rows.size(), queue);
        assertTrue(rows.get(0).contains("\"action\":\"flag\"") && rows.get(0).contains("\"uids\":[1]"), queue);
        assertTrue(rows.get(1).contains("\"action\":\"move\"") && rows.get(1).contains("\"target\":\"Archive\""), queue);
        assertTrue(rows.get(3).contains("\"action\":\"create_folder\""), queue);
        assertTrue(ok("queue").out.contains("move INBOX UID 2 -> Archive"));
        // The reader's ':queue' runs the typed command: model records, no store type, its sentence shown.
        try (dev.postern.app.AppContext ctx = new dev.postern.app.AppContext(CliRun.env(dir), config)) {
            dev.postern.command.QueueCommand.Listed typed = (dev.postern.command.QueueCommand.Listed) dev.postern.command.Commands.run(
                    ctx.controller(), List.of("queue"), "test", null).get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(List.of("flag", "move", "flag", "create_folder"), typed.changes().stream().map(c -> c.action()).toList());
            assertEquals("4 changes queued, replayed on the next connection; first: test flag flagged INBOX UID 1", typed.text());
        }

        // Meanwhile another client removes message 3: its queued flag is a conflict.
        inbox.getMessages().get(2).setFlag(Flags.Flag.DELETED, true);
        inbox.expunge();

        online(true);
        Result sync = ok("sync", "--headers-only");
        assertTrue(sync.err.contains("replayed 3 queued action(s)"), sync.err);
        assertTrue(sync.err.contains("'flag seen INBOX UID 3' was dropped"), sync.err);
        assertTrue(inbox.getMessages().get(0).isSet(Flags.Flag.FLAGGED), "replayed on the server");
        assertEquals(List.of("one"), subjects(inbox));
        assertEquals(List.of("two"), subjects(imap.getFolder(user, "Archive")));
        assertTrue(imap.getFolder(user, "Later") != null, "folder created on replay");
        assertEquals("nothing queued", ok("queue").out.strip());

        // Reported once: the next run says nothing about it.
        Result again = ok("sync", "--headers-only");
        assertFalse(again.err.contains("dropped") || again.err.contains("replayed"), again.err);
    }

    @Test
    void aFailedConnectionKeepsTheQueueAndAQueueOfNothingCostsNothing() throws Exception {
        deliver(inbox, "one");
        ok("list");
        assertEquals("nothing queued", ok("queue").out.strip());
        online(false);
        ok("flag", "INBOX", "1", "--set", "flagged");
        // Still offline: a sync fails as before, and the queue is untouched.
        Result failed = run("sync");
        assertEquals(69, failed.code, failed.toString());
        assertEquals(1, ok("queue", "--json").out.lines().count());
        online(true);
        ok("list");
        assertTrue(inbox.getMessages().get(0).isSet(Flags.Flag.FLAGGED));
        assertEquals("nothing queued", ok("queue").out.strip());
    }

    @Test
    void aCompleteBodyPassIsRememberedUntilNewMailArrives() throws Exception {
        deliver(inbox, "one");
        deliver(inbox, "two");
        assertTrue(ok("sync", "--json").out.contains("\"bodies_fetched\":2"));
        try (dev.postern.store.MapDbStore st = dev.postern.store.MapDbStore.open(dir.resolve("data"))) {
            var mark = st.bodiesMark("test", "INBOX").orElseThrow();
            assertTrue(mark.covers(st.folderState("test", "INBOX").orElseThrow(), mark.wholeBelow()), mark.toString());
        }
        assertTrue(ok("sync", "--json").out.contains("\"bodies_fetched\":0"));
        // New mail moves UIDNEXT: the mark no longer covers the folder and the new body is fetched.
        deliver(inbox, "three");
        assertTrue(ok("sync", "--json").out.contains("\"bodies_fetched\":1"));
        assertTrue(ok("read", "INBOX", "3", "--preview").out.contains("body of three"));
    }

    /**
     * Hunt 34-A, A11: offline, an action on a UID the store never had was queued ("deleted 1 message(s)", exit 0) and
     * replayed on the next mail to take that UID. A5: a move whose replay was dropped (its target deleted meanwhile, or
     * a slip of the target's name) left its message out of INBOX's view for good; it is now put back.
     */
    @Test
    void offlineActionsNameOnlyWhatTheStoreHoldsAndADroppedMoveGivesItsMessageBack() throws Exception {
        deliver(inbox, "one");
        deliver(inbox, "two");
        deliver(inbox, "three");
        ok("folder", "create", "Proj");
        ok("folders");
        ok("list");

        online(false);
        Result unknownUid = run("delete", "INBOX", "7", "--expunge");
        assertEquals(66, unknownUid.code, unknownUid.toString());
        assertTrue(unknownUid.err.contains("holds no message with UID 7") && unknownUid.err.contains("nothing was changed"),
                unknownUid.toString());
        Result unknownFlag = run("flag", "INBOX", "6", "--set", "seen");
        assertEquals(66, unknownFlag.code, unknownFlag.toString());
        assertEquals("nothing queued", ok("queue").out.strip());

        // A slip of the target's name, and a move to a folder another client deletes before the replay.
        ok("move", "INBOX", "2", "--to", "Archiv");
        ok("move", "INBOX", "3", "--to", "Proj");
        assertNull(line(ok("list", "--cached", "--json").out, 3));
        imap.deleteMailbox(user, "Proj");
        deliver(inbox, "four"); // UID 4: the UIDs named offline above were 6 and 7, still unused
        deliver(inbox, "five");
        deliver(inbox, "six");
        deliver(inbox, "seven");

        online(true);
        Result sync = ok("sync", "--headers-only");
        assertTrue(sync.err.contains("'move INBOX UID 3 -> Proj' was dropped"), sync.err);
        assertTrue(sync.err.contains("'move INBOX UID 2 -> Archiv' was dropped"), sync.err);
        assertEquals(List.of("one", "two", "three", "four", "five", "six", "seven"), subjects(inbox),
                "the new mail under UIDs 6 and 7 is untouched");
        assertFalse(inbox.getMessages().get(5).isSet(Flags.Flag.SEEN));
        String listed = ok("list", "--json").out;
        assertEquals(7, listed.lines().count(), "INBOX as the server has it, messages 2 and 3 back in view: " + listed);
        assertTrue(line(listed, 2) != null && line(listed, 3) != null, listed);
    }

    /**
     * Hunt 34-A, A9: an offline `folder delete` was replayed whatever the folder held by then: mail delivered into it
     * after the user's decision was deleted on the server, never seen, in no Trash. The replay now deletes it only while
     * it is the folder the user last saw.
     */
    @Test
    void anOfflineFolderDeleteSparesMailThatCameAfterIt() throws Exception {
        MailFolder proj = imap.createMailbox(user, "Proj");
        deliver(proj, "old one");
        deliver(proj, "old two");
        ok("folders");
        ok("sync", "--folder", "Proj", "--headers-only");

        online(false);
        ok("folder", "delete", "Proj", "--yes");
        deliver(imap.getFolder(user, "Proj"), "new one");
        deliver(imap.getFolder(user, "Proj"), "new two");
        deliver(imap.getFolder(user, "Proj"), "new three");

        online(true);
        Result sync = ok("sync", "--headers-only");
        assertTrue(sync.err.contains("'delete folder Proj' was dropped"), sync.err);
        assertTrue(sync.err.contains("has had new mail since it was deleted offline"), sync.err);
        assertEquals(List.of("old one", "old two", "new one", "new two", "new three"), subjects(imap.getFolder(user, "Proj")));
        assertEquals("nothing queued", ok("queue").out.strip());

        // Decided again on what it holds now, with nothing new since: deleted.
        ok("sync", "--folder", "Proj", "--headers-only");
        online(false);
        ok("folder", "delete", "Proj", "--yes");
        online(true);
        Result again = ok("sync", "--headers-only");
        assertTrue(again.err.contains("replayed 1 queued action(s)"), again.err);
        assertNull(imap.getFolder(user, "Proj"));
    }

    private static long id(String queueJson, String action) {
        String row = queueJson.lines().filter(l -> l.contains("\"action\":\"" + action + "\"")).findFirst().orElseThrow();
        return Long.parseLong(row.replaceAll(".*\"id\":(\\d+).*", "$1"));
    }

    /**
     * Hunt 39-Y, Y8: an offline delete could not be taken back, and nothing could drop a queued change (one that fails on
     * this side now stays queued for good). `queue --drop ID` takes it back: it is never replayed, and the next sync shows
     * the folder as the server has it (the deleted message back, the flag the server's).
     */
    @Test
    void aQueuedChangeIsTakenBackAndItsMessagesComeBack() throws Exception {
        threeInTheInboxAndAnArchiveListed();

        online(false);
        ok("flag", "INBOX", "1", "--set", "flagged");
        ok("delete", "INBOX", "2");
        ok("move", "INBOX", "3", "--to", "Archive");
        String queue = ok("queue", "--json").out;
        assertEquals(3, queue.lines().count(), queue);
        assertNull(line(ok("list", "--cached", "--json").out, 2), "the delete took it out of view");

        Result dropped = ok("queue", "--drop", Long.toString(id(queue, "delete")));
        assertTrue(dropped.out.startsWith("dropped #" + id(queue, "delete") + " of account test: delete INBOX UID 2;"), dropped.out);
        ok("queue", "--drop", Long.toString(id(queue, "flag")), "-a", "test");
        String left = ok("queue", "--json").out;
        assertEquals(1, left.lines().count(), left);
        assertTrue(left.contains("\"action\":\"move\""), left);
        Result unknown = run("queue", "--drop", "999");
        assertEquals(66, unknown.code, unknown.toString());
        assertTrue(unknown.err.contains("no account has a queued change #999"), unknown.err);
        Result notANumber = run("queue", "--drop", "two");
        assertEquals(64, notANumber.code, notANumber.toString());

        online(true);
        Result sync = ok("sync", "--headers-only");
        assertTrue(sync.err.contains("replayed 1 queued action(s)"), sync.err);
        assertEquals(List.of("one", "two"), subjects(inbox), "the delete taken back was never made");
        assertEquals(List.of("three"), subjects(imap.getFolder(user, "Archive")));
        assertFalse(inbox.getMessages().get(0).isSet(Flags.Flag.FLAGGED), "nor the flag change");
        String cached = ok("list", "--cached", "--json").out;
        assertTrue(line(cached, 2) != null && line(cached, 2).contains("two"), "back in view after the sync: " + cached);
        assertFalse(line(cached, 1).contains("\"flagged\""), "the server's flags again: " + cached);
        assertNull(line(cached, 3), "moved: " + cached);
    }

    /**
     * Hunt 43-Y, Y1: a message a dropped replay put back in its folder (its move's target deleted by another client),
     * or one a change taken back with `queue --drop` left for the sync to list again, came back without its body, and
     * no sync fetched it: the folder's record of a complete body pass still covered it (same UIDVALIDITY and UIDNEXT).
     * Its offline copy was gone for good.
     */
    @Test
    void aMessagePutBackByADroppedOrTakenBackChangeGetsItsBodyAgain() throws Exception {
        deliver(inbox, "one");
        deliver(inbox, "two");
        deliver(inbox, "three");
        ok("folder", "create", "Proj");
        assertTrue(ok("sync", "--json").out.contains("\"bodies_fetched\":3"));

        online(false);
        ok("move", "INBOX", "2", "--to", "Proj");
        ok("delete", "INBOX", "3");
        ok("queue", "--drop", Long.toString(id(ok("queue", "--json").out, "delete")));
        imap.deleteMailbox(user, "Proj");

        online(true);
        Result sync = ok("sync");
        assertTrue(sync.err.contains("'move INBOX UID 2 -> Proj' was dropped"), sync.err);
        String cached = ok("list", "--cached", "--json").out;
        assertTrue(line(cached, 2).contains("\"cached\":true"), "put back by the dropped move: " + cached);
        assertTrue(line(cached, 3).contains("\"cached\":true"), "listed again after queue --drop: " + cached);
        online(false);
        assertTrue(ok("read", "INBOX", "2", "--preview").out.contains("body of two"), "readable offline");
    }
}

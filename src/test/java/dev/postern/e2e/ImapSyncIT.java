package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code postern sync}, flag, move and folder commands against a real Dovecot (CONDSTORE, QRESYNC, MOVE,
 * UIDPLUS, ESEARCH) while a second client changes the same mailboxes: what moves on the wire, and what the
 * store holds afterwards.
 */
@Tag("e2e")
class ImapSyncIT {
    static final int BULK = 10_000;

    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @TempDir Path home;

    private Path config(String user) throws IOException {
        return PosternConfig.write(home.resolve("config-" + user + ".toml"), home.resolve("data-" + user),
                PosternConfig.dovecot(DOVECOT, user, 30));
    }

    private PosternProcess.Result postern(Path config, String... args) {
        return PosternProcess.withConfig(home, config, args)
                .timeout(Duration.ofMinutes(4))
                .run()
                .assertNoStackTrace();
    }

    /** Bytes Dovecot sent to every IMAP session of {@code user} that ended since {@code before}. */
    private long serverBytesSince(String user, List<SessionBytes> before) {
        return DOVECOT.imapBytesOutSince(user, before);
    }

    /** The other client: plain Jakarta Mail, logged in as the same user. */
    private static Store otherClient(String user) throws Exception {
        return DOVECOT.otherClient(user);
    }

    private static String line(String jsonLines, long uid) {
        return jsonLines.lines().filter(l -> l.contains("\"uid\":" + uid + ",")).findFirst().orElse(null);
    }

    @Test
    void noChangeSyncOfTenThousandMovesAFewBytesAndFlagChangesMoveOnlyThemselves() throws Exception {
        DovecotServer.Seeded bulk = DOVECOT.seedBulk("alice", "INBOX", BULK);
        Path cfg = config("alice");

        List<SessionBytes> b0 = DOVECOT.sessionBytes();
        PosternProcess.Result full = postern(cfg, "sync", "--folder", "INBOX", "--json").assertExitCode(0);
        long fullBytes = serverBytesSince("alice", b0);
        assertTrue(full.stdout().contains("\"total\":" + BULK + ",\"bodies_fetched\":" + BULK), full.describe());

        List<SessionBytes> b1 = DOVECOT.sessionBytes();
        PosternProcess.Result again = postern(cfg, "sync", "--folder", "INBOX", "--json").assertExitCode(0);
        long noChangeBytes = serverBytesSince("alice", b1);
        assertTrue(again.stdout().contains("\"total\":" + BULK + ",\"bodies_fetched\":0"), again.describe());
        assertTrue(noChangeBytes < 5_000, "no-change sync moved " + noChangeBytes + " bytes");
        // One connection: asking for a capability while the folder held the only one made Angus log in a second.
        long sessions = DOVECOT.sessionBytes().stream()
                .filter(s -> !b1.contains(s) && s.user().equals("alice") && s.protocol().equals("imap")).count();
        assertEquals(1, sessions, "IMAP logins for one no-change sync\n" + DOVECOT.logTail(20));

        // Another client flips \Seen on 100 messages spread over the folder.
        List<Long> changed = new ArrayList<>();
        List<SessionBytes> bo = DOVECOT.sessionBytes();
        try (Store other = otherClient("alice")) {
            IMAPFolder inbox = (IMAPFolder) other.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            for (long uid = 50; uid <= BULK; uid += BULK / 100) {
                Message m = inbox.getMessageByUID(uid);
                boolean seen = SyntheticMail.seen(bulk.first() + uid - 1);
                m.setFlag(Flags.Flag.SEEN, !seen);
                changed.add(uid);
            }
            inbox.close(false);
        }
        assertEquals(100, changed.size());
        long otherBytes = serverBytesSince("alice", bo); // the other client's logout is logged: not counted below
        assertTrue(otherBytes > 0);
        List<SessionBytes> b2 = DOVECOT.sessionBytes();
        PosternProcess.Result delta = postern(cfg, "sync", "--folder", "INBOX", "--headers-only").assertExitCode(0);
        long deltaBytes = serverBytesSince("alice", b2);
        // About 60 bytes a changed message plus the SELECT: nothing like the 10,000 flags of a full fetch.
        assertTrue(deltaBytes < 100 * 100 + 3_000, "sync after 100 flag changes moved " + deltaBytes + " bytes");
        String cached = postern(cfg, "list", "--cached", "--json").assertExitCode(0).stdout();
        for (long uid : changed) {
            boolean seenNow = !SyntheticMail.seen(bulk.first() + uid - 1);
            assertEquals(seenNow, line(cached, uid).contains("\"seen\""), "UID " + uid + ": " + line(cached, uid));
        }
        System.out.printf("sync of %d messages with bodies: %d ms, %d bytes; no-change sync: %d ms, %d bytes; "
                + "after 100 flag changes: %d ms, %d bytes%n", BULK, full.elapsed().toMillis(), fullBytes,
                again.elapsed().toMillis(), noChangeBytes, delta.elapsed().toMillis(), deltaBytes);
    }

    @Test
    void syncAfterChangesOnBothSidesAndAMoveKeptInStepByUidplus() throws Exception {
        DovecotServer.Seeded seeded = DOVECOT.seedBulk("bob", "INBOX", 50);
        Path cfg = config("bob");
        PosternProcess.Result first = postern(cfg, "sync", "--headers-only", "--json").assertExitCode(0);
        assertTrue(first.stdout().contains("\"folder\":\"INBOX\",\"total\":50"), first.describe());
        assertTrue(first.stdout().contains("\"folder\":\"Archive\",\"total\":0"), "subscribed folders too: " + first.describe());

        // postern's side: a flag and a MOVE whose COPYUID puts the message in Archive's store at once.
        postern(cfg, "flag", "INBOX", "20", "--set", "flagged").assertExitCode(0);
        postern(cfg, "read", "INBOX", "21", "--preview").assertExitCode(0);
        postern(cfg, "move", "INBOX", "21", "--to", "Archive").assertExitCode(0);
        String archive = postern(cfg, "list", "Archive", "--cached", "--json").assertExitCode(0).stdout();
        assertEquals(1, archive.lines().count(), archive);
        assertTrue(archive.contains("\"cached\":true") && archive.contains(SyntheticMail.messageId(seeded.first() + 20)), archive);

        // The other side: moves five, flags five, and new mail arrives.
        try (Store other = otherClient("bob")) {
            IMAPFolder inbox = (IMAPFolder) other.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.moveMessages(inbox.getMessagesByUID(new long[] {1, 2, 3, 4, 5}), other.getFolder("Archive"));
            inbox.setFlags(inbox.getMessagesByUID(new long[] {6, 7, 8, 9, 10}), new Flags(Flags.Flag.FLAGGED), true);
            inbox.close(false);
        }
        DOVECOT.deliver("bob", "INBOX", SyntheticMail.message(900_001, "bob@postern.test"));
        DOVECOT.deliver("bob", "INBOX", SyntheticMail.message(900_002, "bob@postern.test"));

        PosternProcess.Result second = postern(cfg, "sync", "--headers-only", "--json").assertExitCode(0);
        assertTrue(second.stdout().contains("\"folder\":\"INBOX\",\"total\":46"), second.describe());
        assertTrue(second.stdout().contains("\"folder\":\"Archive\",\"total\":6"), second.describe());
        String inboxList = postern(cfg, "list", "--cached", "--json").assertExitCode(0).stdout();
        for (long uid = 6; uid <= 10; uid++) assertTrue(line(inboxList, uid).contains("\"flagged\""), line(inboxList, uid));
        assertTrue(line(inboxList, 20).contains("\"flagged\""), line(inboxList, 20));
        for (long uid = 1; uid <= 5; uid++) assertEquals(null, line(inboxList, uid), "moved away by the other client");
        assertTrue(inboxList.contains(SyntheticMail.messageId(900_002)), "new mail arrived");
        String archiveAfter = postern(cfg, "list", "Archive", "--cached", "--json").assertExitCode(0).stdout();
        assertEquals(6, archiveAfter.lines().count(), archiveAfter);
        assertEquals(1, archiveAfter.lines().filter(l -> l.contains("\"cached\":true")).count(),
                "the body moved with the message, not downloaded again: " + archiveAfter);
    }

    @Test
    void aRecreatedFolderDropsItsOldUidsAndDeletesNothingOnTheServer() throws Exception {
        DOVECOT.createFolder("bob", "Projects");
        for (int i = 1; i <= 3; i++) DOVECOT.deliver("bob", "Projects", SyntheticMail.message(910_000 + i, "bob@postern.test"));
        Path cfg = config("bob");
        postern(cfg, "sync", "--folder", "Projects", "--headers-only").assertExitCode(0);
        assertEquals(3, postern(cfg, "list", "Projects", "--cached").stdout().lines().count());

        try (Store other = otherClient("bob")) {
            Folder f = other.getFolder("Projects");
            long oldValidity = ((UIDFolder) f).getUIDValidity();
            assertTrue(f.delete(false));
            Folder again = other.getFolder("Projects");
            assertTrue(again.create(Folder.HOLDS_MESSAGES));
            again.appendMessages(new Message[] {
                    new MimeMessage(null, new ByteArrayInputStream(SyntheticMail.message(920_001, "bob@postern.test"))),
                    new MimeMessage(null, new ByteArrayInputStream(SyntheticMail.message(920_002, "bob@postern.test")))});
            assertFalse(oldValidity == ((UIDFolder) again).getUIDValidity(), "Dovecot gives the new folder a new UIDVALIDITY");
        }
        postern(cfg, "sync", "--folder", "Projects", "--headers-only").assertExitCode(0);
        String list = postern(cfg, "list", "Projects", "--cached", "--json").assertExitCode(0).stdout();
        assertEquals(2, list.lines().count(), list);
        assertTrue(list.contains(SyntheticMail.messageId(920_001)) && list.contains(SyntheticMail.messageId(920_002)), list);
        try (Store other = otherClient("bob")) {
            Folder f = other.getFolder("Projects");
            f.open(Folder.READ_ONLY);
            assertEquals(2, f.getMessageCount(), "nothing deleted on the server");
            f.close(false);
        }
    }

    @Test
    void folderCommandsOnDovecotSeeItsHierarchyAndSpecialUse() throws Exception {
        Path cfg = config("alice");
        postern(cfg, "folder", "create", "Lists/java").assertExitCode(0);
        postern(cfg, "folder", "rename", "Lists/java", "Lists/jvm").assertExitCode(0);
        String folders = postern(cfg, "folders", "--json").assertExitCode(0).stdout();
        assertTrue(folders.contains("\"folder\":\"Lists/jvm\""), folders);
        assertFalse(folders.contains("\"folder\":\"Lists/java\""), folders);
        assertTrue(folders.contains("\\\\Trash"), "special-use attributes reported: " + folders);
        postern(cfg, "folder", "delete", "Lists/jvm").assertExitCode(0);
        assertNotNull(postern(cfg, "folders", "--json").stdout());
        assertFalse(postern(cfg, "folders", "--json").stdout().contains("Lists/jvm"));
    }
}

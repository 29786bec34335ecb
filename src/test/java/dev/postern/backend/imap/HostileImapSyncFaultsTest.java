package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder's sync that failed through the server's fault (hunt33-X, X2): a BYE in answer to its SELECT (a server
 * restarting), a SELECT without a valid UIDVALIDITY, a listing postern found faulty. None of these is the server
 * refusing the folder (only its tagged NO or BAD to the SELECT is: HostileImapSyncRefusalsTest), so the run fails
 * with 75 and names the folder, whatever the other folders did; before, each was filed as a refusal and sync exited 0
 * with INBOX unsynced.
 */
@Timeout(60)
class HostileImapSyncFaultsTest {
    @TempDir Path dir;

    /** A server listing INBOX and Archive (subscribed); INBOX's SELECT answered by {@code inbox}. */
    static HostileImap twoFolders(HostileImap.Answer inbox) throws Exception {
        HostileImap s = new HostileImap();
        s.on("LIST", (c, tag, a) -> {
            if (a.contains("\"\" \"\"")) {
                c.say("* LIST (\\Noselect) \"/\" \"\"");
            } else {
                c.say("* LIST () \"/\" INBOX");
                c.say("* LIST () \"/\" Archive");
            }
            c.say(tag + " OK done");
        });
        s.on("LSUB", (c, tag, a) -> {
            c.say("* LSUB () \"/\" Archive");
            c.say(tag + " OK done");
        });
        HostileImap.Answer open = (c, tag, a) -> {
            if (a.toUpperCase(java.util.Locale.ROOT).contains("INBOX") && inbox != null) inbox.answer(c, tag, a);
            else s.plainly(c, tag, "SELECT", a);
        };
        s.on("SELECT", open);
        s.on("EXAMINE", open);
        return s;
    }

    private static void failsTheRun(Run r) {
        assertEquals(75, r.code(), r.toString());
        assertFalse(r.out().contains("refused:") || r.out().contains("\"refused\""), r.toString());
    }

    @Test
    void aByeToTheSelectFailsTheRun() throws Exception {
        try (HostileImap s = twoFolders((c, tag, a) -> {
            c.say("* BYE Server shutting down.");
            throw new java.io.EOFException("closed");
        })) {
            failsTheRun(HostileImapAnswersTest.run(dir, s, "", "sync", "--headers-only"));
        }
    }

    @Test
    void aSelectWithoutAValidUidValidityFailsTheRun() throws Exception {
        try (HostileImap s = twoFolders((c, tag, a) -> {
            c.say("* 1 EXISTS");
            c.say("* OK [UIDVALIDITY 0] ok");
            c.say("* OK [UIDNEXT 8] ok");
            c.say(tag + " OK [READ-WRITE] done");
        })) {
            Run r = HostileImapAnswersTest.run(dir, s, "", "sync", "--headers-only");
            failsTheRun(r);
            assertTrue(r.err().contains("no valid UIDVALIDITY"), r.toString());
        }
    }

    @Test
    void aListingPosternFindsFaultyFailsTheRun() throws Exception {
        try (HostileImap s = twoFolders(null)) {
            s.uids = new long[] {3, 5};
            // The listing's answers are read through their UIDs (FETCH n:m (UID)), which come out of order.
            s.on("FETCH", (c, tag, args) -> {
                if (args.endsWith("(UID)")) {
                    c.say("* 1 FETCH (UID 5)");
                    c.say("* 2 FETCH (UID 3)");
                    c.say(tag + " OK done");
                } else {
                    s.plainly(c, tag, "FETCH", args);
                }
            });
            Run r = HostileImapAnswersTest.run(dir, s, "", "sync", "--headers-only");
            assertEquals(75, r.code(), r + " " + s.got);
            failsTheRun(r);
            assertTrue(r.err().contains("UIDs must ascend"), r.toString());
        }
    }

    /**
     * Hunt 34-A, A6: a folder deleted by another client between sync's listing of it and its bodies. The bulk FETCH
     * ends the session (Dovecot's way), the bodies were read again one by one, and each failed on the missing folder:
     * one identical line per message and two SELECTs and LISTs each. Now the folder ends at once, its row saying it is
     * gone from the server, as when the deletion comes before its SELECT.
     */
    @Test
    void aFolderDeletedBeforeItsBodiesEndsAtOnce() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean gone = new java.util.concurrent.atomic.AtomicBoolean();
        ThreadLocal<String> selected = new ThreadLocal<>();
        java.util.concurrent.atomic.AtomicInteger selects = new java.util.concurrent.atomic.AtomicInteger();
        try (HostileImap s = new HostileImap()) {
            s.uids = java.util.stream.LongStream.rangeClosed(1, 40).toArray();
            s.on("LIST", (c, tag, a) -> {
                if (a.contains("\"\" \"\"")) {
                    c.say("* LIST (\\Noselect) \"/\" \"\"");
                } else {
                    if (!a.contains("Archive") || !gone.get()) c.say("* LIST () \"/\" INBOX");
                    if (!gone.get()) c.say("* LIST () \"/\" Archive");
                }
                c.say(tag + " OK done");
            });
            s.on("LSUB", (c, tag, a) -> {
                c.say("* LSUB () \"/\" Archive");
                c.say(tag + " OK done");
            });
            HostileImap.Answer open = (c, tag, a) -> {
                boolean archive = a.contains("Archive");
                selected.set(archive ? "Archive" : "INBOX");
                if (archive) selects.incrementAndGet();
                if (archive && gone.get()) c.say(tag + " NO [NONEXISTENT] Mailbox doesn't exist: Archive");
                else s.plainly(c, tag, "SELECT", a);
            };
            s.on("SELECT", open);
            s.on("EXAMINE", open);
            s.on("UID FETCH", (c, tag, a) -> {
                if ("Archive".equals(selected.get()) && a.toUpperCase(java.util.Locale.ROOT).contains("BODY.PEEK[]")) {
                    gone.set(true); // another client deletes it now; the server ends the session
                    c.say("* BYE Internal error occurred.");
                    throw new java.io.EOFException("closed");
                }
                s.plainly(c, tag, "UID FETCH", a);
            });
            Run r = HostileImapAnswersTest.run(dir, s, "sync_folders = [\"Archive\"]\n", "sync");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("Archive") && r.out().contains("gone from the server"), r.toString());
            assertTrue(r.err().lines().count() <= 1, r.toString());
            assertTrue(selects.get() <= 4, selects.get() + " SELECTs of the gone folder: " + r);
        }
    }
}

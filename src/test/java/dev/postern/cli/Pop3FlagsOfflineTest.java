package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import jakarta.mail.Flags;
import java.nio.file.Path;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A POP3 maildrop keeps no flags, so the store is their only copy: reading a fetched message, or flagging it, works
 * with the server gone and queues nothing. Before, `read` connected only to mark the message read and, offline, said
 * "the message was shown but not marked read: ... refused"; `flag` queued a change for a server that keeps none.
 */
class Pop3FlagsOfflineTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.POP3.dynamicPort());

    @TempDir Path dir;

    @Test
    void readingAndFlaggingAFetchedMessageNeedNoServer() throws Exception {
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        var inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        inbox.appendMessage(TestMail.fromBob("first", "one"), new Flags(), new Date());
        inbox.appendMessage(TestMail.fromBob("second", "two"), new Flags(), new Date());
        Path online = CliRun.writeConfig(dir.resolve("online.toml"), dir.resolve("data"),
                CliRun.account("home", "pop3", greenMail.getPop3().getPort(), "alice", "secret"));
        assertEquals(0, CliRun.run(dir, online, "fetch").code);

        int closed = dev.postern.ClosedPort.take(); // refused, and no other fork's server can take it
        Path offline = CliRun.writeConfig(dir.resolve("offline.toml"), dir.resolve("data"),
                CliRun.account("home", "pop3", closed, "alice", "secret"));
        String[] rows = CliRun.run(dir, offline, "list", "--cached", "--json").out.strip().split("\n");
        assertEquals(2, rows.length, String.join("\n", rows));
        long uid = Long.parseLong(rows[0].replaceAll(".*\"uid\":(\\d+).*", "$1"));

        // The maildrop has no server search: its store is searched, as --local (hunt 38-Q, Q5: "cannot list messages", 64).
        for (Path cfg : new Path[] {online, offline}) {
            Result found = CliRun.run(dir, cfg, "search", "--json", "subject:second");
            assertEquals(0, found.code, found.err);
            assertEquals(1, found.out.lines().count(), found.out);
            assertTrue(found.out.contains("\"subject\":\"second\""), found.out);
            assertEquals("", found.err, "no server to fail over from: " + found.err);
        }

        // A maildrop has INBOX alone: another folder is not there (66), not an empty list (hunt 38-M, M18).
        for (String[] args : new String[][] {{"list", "Sent"}, {"list", "--cached", "--json", "Sent"}, {"read", "Sent", "1"},
                {"search", "--local", "--folder", "Sent", "x"}}) { // one sentence for one fact, search's too
            Result none = CliRun.run(dir, offline, args);
            assertEquals(66, none.code, String.join(" ", args) + ": " + none.out + none.err);
            assertTrue(none.err.contains("account home is POP3, whose only folder is INBOX; there is no folder 'Sent'."), none.err);
        }

        Result read = CliRun.run(dir, offline, "read", String.valueOf(uid));
        assertEquals(0, read.code, read.err);
        assertEquals("", read.err, "nothing to connect for: " + read.err);
        assertTrue(read.out.contains("Subject: "), read.out);

        Result flag = CliRun.run(dir, offline, "flag", "INBOX", rows[1].replaceAll(".*\"uid\":(\\d+).*", "$1"), "--set", "flagged");
        assertEquals(0, flag.code, flag.err);
        assertEquals("nothing queued", CliRun.run(dir, offline, "queue").out.strip());

        String after = CliRun.run(dir, offline, "list", "--cached", "--json").out;
        assertTrue(after.contains("\"uid\":" + uid + ",") && after.split("\n")[0].contains("\"flags\":[\"seen\"]"), after);
        assertTrue(after.split("\n")[1].contains("\"flags\":[\"flagged\"]"), after);

        // A UID the maildrop's store does not hold is not there (66), read or flagged, and nothing changes: it was
        // "cannot list messages" (64) for read and "changed flags of 1 message(s)" (0) for flag (hunt37-J J7).
        Result absentRead = CliRun.run(dir, offline, "read", "4242");
        assertEquals(66, absentRead.code, absentRead.err);
        assertTrue(absentRead.err.contains("no message with UID 4242"), absentRead.err);
        Result absentFlag = CliRun.run(dir, offline, "flag", "INBOX", String.valueOf(uid), "4242:4300", "--set", "flagged");
        assertEquals(66, absentFlag.code, absentFlag.err);
        assertTrue(absentFlag.err.contains("no messages with UIDs 4242, 4243") && absentFlag.err.contains("and 49 more")
                && absentFlag.err.contains("nothing was changed"), absentFlag.err);
        assertEquals(after, CliRun.run(dir, offline, "list", "--cached", "--json").out, "nothing was changed");
    }
}

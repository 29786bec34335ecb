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
 * Hunt 33, Z3: `folders` on a POP3 account never fetched said "0 unread of 3": the total came from the maildrop's STAT,
 * the unread count from the store, which held nothing yet, so a status-bar script saw no new mail with three waiting.
 * A message the store does not hold counts as unread, in the text and in --json.
 */
class Pop3FoldersBeforeFetchTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.POP3.dynamicPort());

    @TempDir Path dir;

    @Test
    void aMaildropNeverFetchedCountsEveryMessageUnread() throws Exception {
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        var inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        for (String s : new String[] {"first", "second", "third"}) inbox.appendMessage(TestMail.fromBob(s, s), new Flags(), new Date());
        Path cfg = CliRun.writeConfig(dir.resolve("c.toml"), dir.resolve("data"),
                CliRun.account("home", "pop3", greenMail.getPop3().getPort(), "alice", "secret"));

        Result json = CliRun.run(dir, cfg, "folders", "--json");
        assertEquals(0, json.code, json.err);
        assertTrue(json.out.contains("\"total\":3,\"unread\":3"), json.out);
        Result text = CliRun.run(dir, cfg, "folders");
        assertEquals(0, text.code, text.err);
        assertTrue(text.out.lines().anyMatch(l -> l.matches("\\s*3\\s+3\\s+INBOX.*")), text.out);
    }
}

package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.InProcessRun;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Flags;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt38-M M2 in the reader: an account whose config now names another mailbox (user alice -> bob) shows its stored
 * mail (the old mailbox's) as before, says why it does nothing on the server, and a delete of the message shown does
 * not reach the other mailbox's message of the same UID (before: bob's uid 1 was deleted, the one shown was alice's).
 */
class RepointedAccountReaderTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private static String account(String user) {
        return PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", user, "secret", 10, null);
    }

    @Test
    void theReaderShowsTheStoredMailSaysWhyAndDeletesNothingInTheOtherMailbox() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        GreenMailUser bob = greenMail.setUser("bob@localhost", "bob", "secret");
        InProcessRun.deliver(alice, "<a1@x>", "alice one", "one\r\n");
        InProcessRun.deliver(bob, "<b1@x>", "bob one", "two\r\n");
        assertEquals(0, InProcessRun.run(dir, account("alice"), "sync").code());

        Path config = PosternConfig.write(dir.resolve("bob.toml"), dir.resolve("data"), account("bob"));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString()), config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 200, 24, Palette.defaults())) {
            h.awaitText("alice one");
            h.awaitText("now names another mailbox (user alice -> bob)");
            h.type("d");
            h.awaitText("to Trash? (y/n)");
            h.type("y");
            h.awaitText("now names another mailbox (user alice -> bob)");
            h.type("q");
            h.awaitExit();
        }
        MailFolder bobs = greenMail.getManagers().getImapHostManager().getInbox(bob);
        assertEquals(1, bobs.getMessageCount());
        assertFalse(bobs.getMessages().get(0).getFlags().contains(Flags.Flag.DELETED), "bob's uid 1 is not the message shown");
        assertFalse(bobs.getMessages().get(0).getFlags().contains(Flags.Flag.SEEN));
    }
}

package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import dev.postern.config.IdentityConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * save_sent: Gmail's and Microsoft 365's SMTP servers file what they send in Sent themselves, so postern's own copy
 * would be a duplicate there. false leaves the copy out anywhere; the default ("auto") makes it on an ordinary server
 * and leaves it out for those hosts (and, through {@code SentAppenderFiledTest}, for a Gmail IMAP server). The copy
 * without the setting at all is SendCommandTest's.
 */
class SaveSentTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;
    private GreenMailUser alice;

    @BeforeEach
    void setUp() {
        alice = greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.setUser("bob@localhost", "bob", "bob");
    }

    private Result send(String accountLines, String subject) throws Exception {
        Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret") + accountLines,
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                        + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
        return CliRun.runWithStdin(dir, cfg, "hi\n".getBytes(), "send", "--to", "bob@localhost", "--subject", subject);
    }

    private int inSent() throws Exception {
        MailFolder sent = greenMail.getManagers().getImapHostManager().getFolder(alice, "Sent");
        return sent == null ? 0 : sent.getMessageCount();
    }

    @Test
    void saveSentFalseLeavesTheCopyOutAndAutoMakesItOnAnOrdinaryServer() throws Exception {
        Result off = send("save_sent = false\n", "one");
        assertEquals(0, off.code(), off.err());
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
        assertEquals(0, inSent(), off.out());
        assertFalse(off.out().contains("copy in"), off.out());

        Result auto = send("save_sent = \"auto\"\n", "two"); // an ordinary server: the copy is postern's to make
        assertEquals(0, auto.code(), auto.err());
        assertTrue(auto.out().contains("copy in Sent"), auto.out());
        assertEquals(1, inSent());

        Result wrong = send("save_sent = \"no\"\n", "four");
        assertEquals(78, wrong.code(), wrong.err());
        assertTrue(wrong.err().contains("save_sent must be true, false or \"auto\""), wrong.err());
    }

    @Test
    void theHostsThatFileSentMailThemselvesAreKnown() {
        for (String h : new String[] {"smtp.gmail.com", "SMTP.GoogleMail.com", "smtp.office365.com", "smtp-mail.outlook.com."}) {
            assertTrue(IdentityConfig.serverFilesSent(h), h);
        }
        for (String h : new String[] {"127.0.0.1", "smtp.fastmail.com", "mail.gmail.com.evil.example", "", null}) {
            assertFalse(IdentityConfig.serverFilesSent(h), h);
        }
    }
}

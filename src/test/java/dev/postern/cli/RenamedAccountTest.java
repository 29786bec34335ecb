package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import jakarta.mail.Flags;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An account renamed (or removed) in the config: what the store holds of it under the old name, the messages waiting
 * in its outbox, its queued offline changes and its stored mail, is not hidden in silence (hunt 38-M, M4 and M5):
 * listed, said once with the way back, and a flush that cannot send it is 78, not "0 waiting", 0.
 */
class RenamedAccountTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;
    private int closed;

    @BeforeEach
    void setUp() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.setUser("bob@localhost", "bob", "bob");
        greenMail.getManagers().getImapHostManager().getInbox(alice)
                .appendMessage(TestMail.fromBob("kept here", "body"), new Flags(), new Date());
        closed = dev.postern.ClosedPort.take();
    }

    /** The config with one account {@code name} on GreenMail (IMAP, SMTP), either server up or down. */
    private Path config(String file, String name, boolean imapUp, boolean smtpUp) throws Exception {
        return CliRun.writeConfig(dir.resolve(file), dir.resolve("data"),
                CliRun.account(name, "imap", imapUp ? greenMail.getImap().getPort() : closed, "alice", "secret"),
                "[accounts." + name + ".smtp]\nhost = \"127.0.0.1\"\nport = " + (smtpUp ? greenMail.getSmtp().getPort() : closed)
                + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
    }

    @Test
    void aRenamedAccountsOutboxQueueAndMailAreListedSaidAndNotFlushedAsEmpty() throws Exception {
        Path home = config("home.toml", "home", true, true);
        assertEquals(0, CliRun.run(dir, home, "fetch").code());
        Path down = config("down.toml", "home", false, false);
        Result queued = CliRun.runWithStdin(dir, down, "body\n".getBytes(StandardCharsets.UTF_8),
                "send", "--to", "bob@localhost", "-s", "written under home");
        assertEquals(75, queued.code(), queued.err());
        assertEquals(0, CliRun.run(dir, down, "flag", "INBOX", "1", "--set", "flagged").code());

        // home renamed casa: the same servers.
        Path casa = config("casa.toml", "casa", true, true);
        Result outbox = CliRun.run(dir, casa, "outbox");
        assertEquals(0, outbox.code(), outbox.err());
        assertTrue(outbox.out().contains("Subject: written under home") && outbox.out().contains("NOT SENT: account home is not in the config"),
                outbox.out());
        assertFalse(outbox.out().contains("the outbox is empty"), outbox.out());
        assertTrue(outbox.err().contains("the store holds 1 message, 1 message waiting in the outbox and 1 queued change of account 'home',"
                + " which the config no longer names; nothing of it is lost: put [accounts.home] back in the config"), outbox.err());
        Result json = CliRun.run(dir, casa, "outbox", "--json");
        assertTrue(json.out().contains("\"account\":\"home\"") && json.out().contains("\"account_in_config\":false"), json.out());

        Result flush = CliRun.run(dir, casa, "send", "--flush");
        assertEquals(78, flush.code(), flush.toString());
        assertTrue(flush.out().contains("home: 0 sent, 1 waiting in the outbox"), flush.out());
        assertTrue(flush.err().contains("of account 'home', which the config no longer names"), flush.err());
        for (var m : greenMail.getReceivedMessages()) assertEquals("kept here", m.getSubject(), "nothing is sent under another account's name");
        assertEquals(78, CliRun.run(dir, casa, "outbox", "--flush").code());

        Result queue = CliRun.run(dir, casa, "queue");
        assertEquals(0, queue.code(), queue.err());
        assertTrue(queue.out().contains("home") && queue.out().contains("flag"), queue.out());
        assertFalse(queue.out().contains("nothing queued"), queue.out());
        assertTrue(queue.err().contains("of account 'home', which the config no longer names"), queue.err());

        Result stats = CliRun.run(dir, casa, "store", "stats");
        assertEquals(0, stats.code(), stats.err());
        assertTrue(stats.out().contains("not in the config home: 1 message, 1 in the outbox, 1 queued change"), stats.out());
        assertTrue(stats.err().contains("of account 'home', which the config no longer names"), stats.err());
        assertTrue(CliRun.run(dir, casa, "store", "stats", "--json").out()
                .contains("\"not_in_config\":[{\"account\":\"home\",\"messages\":1,\"outbox\":1,\"queued\":1}]"));

        // The way on: drop it by id, as any other.
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(json.out());
        assertTrue(id.find(), json.out());
        Result drop = CliRun.run(dir, casa, "outbox", "--drop", id.group(1));
        assertEquals(0, drop.code(), drop.err());
        assertTrue(drop.out().contains("of home; it was not sent"), drop.out());
        Result after = CliRun.run(dir, casa, "send", "--flush");
        assertEquals(0, after.code(), after.toString());
    }

    @Test
    void anOutboxWhoseAccountLostItsSmtpTableIsSaidAt78() throws Exception {
        Path down = config("down.toml", "home", false, false);
        Result queued = CliRun.runWithStdin(dir, down, "body\n".getBytes(StandardCharsets.UTF_8),
                "send", "--to", "bob@localhost", "-s", "stuck");
        assertEquals(75, queued.code(), queued.err());
        Path noSmtp = CliRun.writeConfig(dir.resolve("nosmtp.toml"), dir.resolve("data"),
                CliRun.account("home", "imap", greenMail.getImap().getPort(), "alice", "secret"));
        Result flush = CliRun.run(dir, noSmtp, "send", "--flush");
        assertEquals(78, flush.code(), flush.toString());
        assertTrue(flush.out().contains("home: 0 sent, 1 waiting in the outbox"), flush.out());
        assertTrue(flush.err().contains("account home has no [accounts.home.smtp] table, so its outbox message cannot leave; add one,"
                + " or `postern outbox -a home` lists them to drop"), flush.err());
    }

    /** Hunt 38-M, M6: a command printed for the user names the account as the shell reads it back. */
    @Test
    void aPrintedCommandQuotesAnAccountNameWithASpace() throws Exception {
        Path cfg = CliRun.writeConfig(dir.resolve("pop.toml"), dir.resolve("data"),
                CliRun.account("\"pop keep\"", "pop3", closed, "alice", "secret"));
        Result sync = CliRun.run(dir, cfg, "sync", "-a", "pop keep");
        assertEquals(64, sync.code(), sync.toString());
        assertTrue(sync.err().contains("run postern fetch -a 'pop keep'."), sync.err());
    }
}

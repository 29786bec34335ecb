package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Flags;
import java.nio.file.Path;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt38-M M1 and M2: an account re-pointed at another mailbox under the same name (its user changed) took the old
 * mailbox's data for the new one's. POP3 with keep_on_server=false: the new mailbox's message whose UIDL the old one's
 * ledger held was DELEted unstored ("skipped 1, deleted 1"); IMAP: `delete INBOX 1` of the message shown (the old
 * mailbox's) removed the new mailbox's uid 1. GreenMail's UIDLs and UIDs start at 1 in every mailbox, so they collide
 * as Dovecot's do for users made in the same second. Now the store knows which mailbox (protocol, host, user) each
 * account's mail came from, and postern refuses (78) to touch the server of an account whose config names another;
 * the store still reads offline, a new account name starts afresh, and `store adopt` takes a renamed mailbox as the same.
 */
class RepointedAccountGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new com.icegreen.greenmail.util.ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.POP3.dynamicPort(),
                    ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;

    private Path config(String name, String protocol, String host, String user, String extra) throws Exception {
        int port = protocol.equals("pop3") ? greenMail.getPop3().getPort() : greenMail.getImap().getPort();
        return CliRun.writeConfig(dir.resolve(name + "-" + user + "-" + host + ".toml"), dir.resolve("data"),
                PosternConfig.account(name, protocol, host, port, "plain", user, "secret", 5, null) + extra);
    }

    private static MailFolder inbox(GreenMailUser u) throws Exception {
        return greenMail.getManagers().getImapHostManager().getInbox(u);
    }

    @Test
    void aPop3AccountRepointedAtAnotherMailboxNeitherDeletesNorTakesItsMail() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        GreenMailUser bob = greenMail.setUser("bob@localhost", "bob", "secret");
        inbox(alice).appendMessage(TestMail.fromBob("alice one", "one"), new Flags(), new Date());
        String deletes = "[accounts.p.pop3]\nkeep_on_server = false\n";
        Result first = CliRun.run(dir, config("p", "pop3", "127.0.0.1", "alice", deletes), "fetch");
        assertEquals(0, first.code, first.err);
        assertEquals(0, inbox(alice).getMessageCount(), "fetched and deleted on the server, as asked");

        inbox(bob).appendMessage(TestMail.fromBob("bob secret", "two"), new Flags(), new Date()); // its UIDL is alice's "1"
        Path toBob = config("p", "pop3", "127.0.0.1", "bob", deletes);
        Result fetch = CliRun.run(dir, toBob, "fetch");
        assertEquals(78, fetch.code, fetch.out + fetch.err);
        assertTrue(fetch.err.contains("account p now names another mailbox (user alice -> bob)"), fetch.err);
        assertTrue(fetch.err.contains("`postern store adopt -a p`"), fetch.err);
        assertEquals(1, fetch.err.strip().lines().count(), fetch.err);
        assertEquals(1, inbox(bob).getMessageCount(), "bob's message is neither deleted nor taken: " + fetch.out);

        Result cached = CliRun.run(dir, toBob, "list", "--cached");
        assertEquals(0, cached.code, cached.err);
        assertTrue(cached.out.contains("alice one") && !cached.out.contains("bob secret"), cached.out);

        // Under an account name of its own the new mailbox starts afresh: its message is stored before it is deleted.
        Path own = CliRun.writeConfig(dir.resolve("own.toml"), dir.resolve("data"),
                PosternConfig.account("b", "pop3", "127.0.0.1", greenMail.getPop3().getPort(), "plain", "bob", "secret", 5, null)
                        + "[accounts.b.pop3]\nkeep_on_server = false\n");
        Result fresh = CliRun.run(dir, own, "fetch");
        assertEquals(0, fresh.code, fresh.err);
        assertTrue(CliRun.run(dir, own, "list", "--cached").out.contains("bob secret"));
    }

    @Test
    void theSameMailboxUnderAnotherHostNameIsRefusedUntilAdopted() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        inbox(alice).appendMessage(TestMail.fromBob("alice one", "one"), new Flags(), new Date());
        // Only a login that went through records the mailbox: a host mistyped and put right is not another one.
        Result typo = CliRun.run(dir, config("p", "pop3", "127.0.0.2", "alice", ""), "fetch"); // GreenMail is not there
        assertTrue(typo.code != 0, typo.err);
        assertFalse(typo.err.contains("another mailbox"), typo.err);
        assertEquals(0, CliRun.run(dir, config("p", "pop3", "127.0.0.1", "alice", ""), "fetch").code);

        Path renamed = config("p", "pop3", "localhost", "alice", "");
        Result refused = CliRun.run(dir, renamed, "fetch");
        assertEquals(78, refused.code, refused.err);
        assertTrue(refused.err.contains("(host 127.0.0.1 -> localhost)"), refused.err);

        Result unnamed = CliRun.run(dir, renamed, "store", "adopt");
        assertEquals(64, unnamed.code, "adopt never guesses the account: " + unnamed.err);
        Result adopt = CliRun.run(dir, renamed, "store", "adopt", "-a", "p");
        assertEquals(0, adopt.code, adopt.err);
        assertTrue(adopt.out.contains("account p: its stored mail is now taken as of pop3 mailbox of alice at localhost"
                + " (was pop3 mailbox of alice at 127.0.0.1)"), adopt.out);
        Result again = CliRun.run(dir, renamed, "fetch", "--json");
        assertEquals(0, again.code, again.err);
        assertTrue(again.out.contains("\"new\":0"), "the ledger is the same mailbox's: nothing fetched twice: " + again.out);
    }

    @Test
    void anImapAccountRepointedAtAnotherMailboxDeletesNothingThere() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        GreenMailUser bob = greenMail.setUser("bob@localhost", "bob", "secret");
        inbox(alice).appendMessage(TestMail.fromBob("alice one", "one"), new Flags(), new Date());
        inbox(bob).appendMessage(TestMail.fromBob("bob one", "two"), new Flags(), new Date());
        Result sync = CliRun.run(dir, config("i", "imap", "127.0.0.1", "alice", ""), "sync");
        assertEquals(0, sync.code, sync.err);

        Path toBob = config("i", "imap", "127.0.0.1", "bob", "");
        Result delete = CliRun.run(dir, toBob, "delete", "INBOX", "1", "--expunge");
        assertEquals(78, delete.code, delete.out + delete.err);
        assertTrue(delete.err.contains("account i now names another mailbox (user alice -> bob)"), delete.err);
        assertEquals(1, inbox(bob).getMessageCount(), "bob's uid 1 is not the message shown, and is left alone");
        assertFalse(inbox(bob).getMessages().get(0).getFlags().contains(Flags.Flag.DELETED));
        assertFalse(inbox(bob).getMessages().get(0).getFlags().contains(Flags.Flag.SEEN));

        Result resync = CliRun.run(dir, toBob, "sync");
        assertEquals(78, resync.code, resync.err);
        Result cached = CliRun.run(dir, toBob, "list", "--cached");
        assertEquals(0, cached.code, cached.err);
        assertTrue(cached.out.contains("alice one") && !cached.out.contains("bob one"), cached.out);
        assertEquals(1, inbox(alice).getMessageCount(), "alice's mailbox untouched too");
    }

    @Test
    void mailSentFromAnImapAccountRepointedAtAnotherMailboxLeavesNoSentCopyThere() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        GreenMailUser bob = greenMail.setUser("bob@localhost", "bob", "secret");
        inbox(alice).appendMessage(TestMail.fromBob("alice one", "one"), new Flags(), new Date());
        String smtp = "[accounts.i.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"bob@localhost\"\n";
        assertEquals(0, CliRun.run(dir, config("i", "imap", "127.0.0.1", "alice", smtp), "sync").code);

        Result sent = CliRun.runWithStdin(dir, config("i", "imap", "127.0.0.1", "bob", "save_sent = true\n" + smtp),
                "hi\n".getBytes(), "send", "--to", "carol@localhost", "--subject", "from bob");
        assertEquals(0, sent.code, "the mail is out: " + sent.err);
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
        assertTrue((sent.out + sent.err).contains("only the copy to Sent was not saved (account i now names another mailbox"),
                sent.out + sent.err);
        assertEquals(null, greenMail.getManagers().getImapHostManager().getFolder(bob, "Sent"),
                "no copy was put into bob's mailbox and, under its UID, into alice's stored mail");
    }
}

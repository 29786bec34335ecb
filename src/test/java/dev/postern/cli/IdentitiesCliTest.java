package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.Main;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identities and signatures in the batch send, reply and forward, against GreenMail's IMAP and SMTP: the identity
 * the original was sent to answers it (an alias included), --from picks one, its signature goes below the quote,
 * the Sent copy goes to the identity's sent_folder, reply-all leaves out every address of one's own.
 */
class IdentitiesCliTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;
    private GreenMailUser alice;

    record Result(int code, String out, String err) {}

    /** Sent to an alias of the work identity (a plus address), with the home address in Cc. */
    private static final String TO_WORK_ALIAS = "From: Bob Builder <bob@localhost>\r\n"
            + "To: Alice at work <alice+sales@work.example>, carol@localhost\r\n"
            + "Cc: alice@localhost\r\n"
            + "Subject: Quote\r\n"
            + "Date: Mon, 2 Nov 2026 10:00:00 +0000\r\n"
            + "Message-ID: <q-1@localhost>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "\r\n"
            + "What does it cost?\r\n";

    /** To a list; the work address only in Delivered-To. */
    private static final String DELIVERED = "From: Dave <dave@localhost>\r\n"
            + "Delivered-To: alice@work.example\r\n"
            + "To: team@lists.example\r\n"
            + "Subject: Standup\r\n"
            + "Message-ID: <s-1@localhost>\r\n"
            + "\r\n"
            + "At nine.\r\n";

    @BeforeEach
    void setUp() throws Exception {
        alice = greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.setUser("bob@localhost", "bob", "bob");
        greenMail.setUser("carol@localhost", "carol", "carol");
        greenMail.setUser("dave@localhost", "dave", "dave");
        for (String m : List.of(TO_WORK_ALIAS, DELIVERED)) {
            alice.deliver(new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(m.getBytes(StandardCharsets.UTF_8))));
        }
    }

    /** Accounts a test adds after the one above. */
    private String moreAccounts = "";

    private Path config() throws Exception {
        Path home = dir.resolve("home.sig");
        Files.writeString(home, "Alice at home\n");
        Path p = dir.resolve("config.toml");
        Files.writeString(p, "data_dir = \"" + dir.resolve("data") + "\"\n"
                + "signature_file = \"" + home + "\"\n"
                + "[accounts.test]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nport = " + greenMail.getImap().getPort()
                + "\nsecurity = \"plain\"\nuser = \"alice\"\npassword = \"secret\"\ntimeout_seconds = 5\n"
                + "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n"
                + "[[accounts.test.identities]]\nname = \"Alice Smith (ACME)\"\naddress = \"alice@work.example\"\n"
                + "aliases = [\"alice+*@work.example\"]\nsignature_command = \"printf 'Alice Smith\\\\nACME sales\\\\n'\"\n"
                + "sent_folder = \"WorkSent\"\n" + moreAccounts);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    private Result run(String stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        String[] full = dev.postern.e2e.PosternConfig.argv(config(), args);
        int code = Main.run(full, env, new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)),
                false, out, new PrintStream(err, true, StandardCharsets.UTF_8),
                (c, a, f) -> { throw new AssertionError("no UI in batch tests"); });
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), "stack trace on stderr: " + r.err);
        return r;
    }

    private List<MimeMessage> inbox(String email) throws Exception {
        MailFolder f = greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUserByEmail(email));
        return f.getMessages().stream().map(m -> m.getMimeMessage()).toList();
    }

    private int count(String folder) {
        MailFolder f = greenMail.getManagers().getImapHostManager().getFolder(alice, folder);
        return f == null ? 0 : f.getMessageCount();
    }

    private static String text(MimeMessage m) throws Exception {
        return ((String) m.getContent()).replace("\r\n", "\n");
    }

    @Test
    void aReplyToAnAliasIsFromThatIdentityWithItsSignatureBelowTheQuoteAndItsSentFolder() throws Exception {
        Result r = run("Ten euros.\n", "reply", "INBOX", "1", "--all");
        assertEquals(0, r.code(), r.err());
        MimeMessage m = inbox("bob@localhost").get(0);
        assertEquals("alice@work.example", ((InternetAddress) m.getFrom()[0]).getAddress());
        assertEquals("Alice Smith (ACME)", ((InternetAddress) m.getFrom()[0]).getPersonal());
        String text = text(m);
        assertTrue(text.startsWith("Ten euros.\n"), text);
        int quote = text.indexOf("> What does it cost?");
        int sig = text.indexOf("\n-- \nAlice Smith\nACME sales");
        assertTrue(quote > 0 && sig > quote, "the signature follows the quote: " + text);
        assertEquals(text.indexOf("\n-- \n"), text.lastIndexOf("\n-- \n"), "one signature: " + text);
        // reply-all: carol yes; neither the alias it came to nor the home address in Cc
        assertEquals(1, inbox("carol@localhost").size());
        assertEquals(2, inbox("alice@localhost").size(), "nothing sent to any of one's own addresses");
        assertEquals(1, count("WorkSent"), "the copy went to the identity's sent_folder");
        assertEquals(0, count("Sent"));
    }

    @Test
    void deliveredToChoosesTheIdentityAndFromOverridesIt() throws Exception {
        Result r = run(null, "reply", "INBOX", "2", "--dry-run");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("From: \"Alice Smith (ACME)\" <alice@work.example>"), r.out());
        r = run(null, "reply", "INBOX", "2", "--dry-run", "--from", "alice@localhost");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("From: Alice <alice@localhost>"), r.out());
        assertTrue(r.out().replace("\r\n", "\n").contains("\n-- \nAlice at home"), "the home identity's signature: " + r.out());
        assertFalse(r.out().contains("ACME sales"), r.out());
    }

    @Test
    void sendComposesWithTheChosenIdentityAndNoSignatureLeavesItOut() throws Exception {
        Path hello = dir.resolve("hello.txt");
        Files.writeString(hello, "Hello.\n");
        Result r = run(null, "send", "--to", "dave@localhost", "-s", "hi", "--from", "Alice Smith (ACME)", "--file", hello.toString());
        assertEquals(0, r.code(), r.err());
        MimeMessage m = inbox("dave@localhost").get(0);
        assertEquals("alice@work.example", ((InternetAddress) m.getFrom()[0]).getAddress());
        assertEquals("Hello.\n\n-- \nAlice Smith\nACME sales", text(m).stripTrailing());
        assertEquals(1, count("WorkSent"));
        Path plainBody = dir.resolve("plain.txt");
        Files.writeString(plainBody, "Plain.\n");
        r = run(null, "send", "--to", "dave@localhost", "-s", "again", "--no-signature", "--file", plainBody.toString());
        assertEquals(0, r.code(), r.err());
        MimeMessage plain = inbox("dave@localhost").get(1);
        assertEquals("alice@localhost", ((InternetAddress) plain.getFrom()[0]).getAddress());
        assertEquals("Plain.", text(plain).stripTrailing());
        assertEquals(1, count("Sent"), "the account's first identity keeps the usual Sent");
    }

    @Test
    void replyListAnswersTheListAndRefusesAMessageOfNoList() throws Exception {
        String listPost = "From: Bob <bob@localhost>\r\nTo: dave@localhost\r\nSubject: [dev] release\r\n"
                + "List-Post: <mailto:dave@localhost>\r\nMessage-ID: <l-1@localhost>\r\n\r\nShip it?\r\n";
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(listPost.getBytes(StandardCharsets.UTF_8))));
        Result r = run("Yes.\n", "reply", "INBOX", "3", "--list", "--no-signature");
        assertEquals(0, r.code(), r.err());
        assertEquals("Re: [dev] release", inbox("dave@localhost").get(0).getSubject());
        assertTrue(inbox("bob@localhost").isEmpty(), "not to the sender");
        Result none = run("x\n", "reply", "INBOX", "1", "--list");
        assertEquals(64, none.code());
        assertTrue(none.err().contains("names no list address"), none.err());
        assertEquals(1, inbox("dave@localhost").size());
    }

    @Test
    void aForwardGetsTheAccountSignatureAtTheEnd() throws Exception {
        Result r = run("FYI\n", "forward", "INBOX", "1", "--to", "dave@localhost", "--from", "alice@localhost");
        assertEquals(0, r.code(), r.err());
        String text = text(inbox("dave@localhost").get(0));
        assertTrue(text.startsWith("FYI\n"), text);
        assertTrue(text.stripTrailing().endsWith("What does it cost?\n\n-- \nAlice at home"), text);
    }

    /**
     * Issue 18, reply-all drops all of the user's own addresses: also those of another account (its identities,
     * their aliases, its From), not only the account replied from.
     */
    @Test
    void replyAllLeavesOutTheAddressesOfEveryAccount() throws Exception {
        String toBoth = "From: Bob Builder <bob@localhost>\r\nTo: alice@localhost, Me at home <alice@home.example>\r\n"
                + "Cc: carol@localhost, alice.private@home.example, homebox@localhost\r\nSubject: Both of you\r\n"
                + "Message-ID: <b-1@localhost>\r\n\r\nHi.\r\n";
        GreenMailUser home = greenMail.setUser("homebox@localhost", "homebox", "pw");
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(toBoth.getBytes(StandardCharsets.UTF_8))));
        moreAccounts = ("[accounts.home]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nport = "
                + greenMail.getImap().getPort() + "\nsecurity = \"plain\"\nuser = \"homebox@localhost\"\npassword = \"pw\"\n"
                + "[accounts.home.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@home.example>\"\n"
                + "[[accounts.home.identities]]\nname = \"Alice\"\naddress = \"alice@home.example\"\naliases = [\"alice.*@home.example\"]\n");
        assertTrue(home != null);
        Result r = run("Yes.\n", "--account", "test", "reply", "INBOX", "3", "--all", "--dry-run");
        assertEquals(0, r.code(), r.err());
        String head = r.out().substring(0, r.out().indexOf("\n\n") > 0 ? r.out().indexOf("\n\n") : r.out().length());
        assertTrue(head.contains("bob@localhost") && head.contains("carol@localhost"), r.out());
        for (String line : head.split("\n")) {
            if (line.startsWith("To:") || line.startsWith("Cc:")) {
                assertFalse(line.contains("home.example") || line.contains("homebox@localhost") || line.contains("alice@localhost"), r.out());
            }
        }
    }
}

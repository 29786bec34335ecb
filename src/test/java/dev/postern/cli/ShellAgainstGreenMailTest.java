package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.Main;
import dev.postern.cli.CliRun.Result;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** `postern shell` fed a script on stdin (not a terminal): many commands, one process, one store. */
class ShellAgainstGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private MailFolder inbox;
    private Path config;


    @BeforeEach
    void setUp() throws Exception {
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        greenMail.getManagers().getImapHostManager().createMailbox(user, "Archive");
        config = dir.resolve("config.toml");
        CliRun.writeConfig(config, dir.resolve("data"),
                CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret"));
    }

    private Result shell(Path cfg, String script) {
        return CliRun.shell(dir, cfg, script);
    }

    private long deliver(String subject, String from) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(from);
        m.setRecipients(MimeMessage.RecipientType.TO, "alice@localhost");
        m.setSubject(subject, "UTF-8");
        m.setSentDate(new Date());
        m.setText("body of " + subject, "UTF-8");
        m.saveChanges();
        return inbox.appendMessage(m, new Flags(), new Date());
    }

    private Flags serverFlags(long uid) {
        for (StoredMessage m : inbox.getMessages()) if (m.getUid() == uid) return m.getFlags();
        throw new AssertionError("no message " + uid);
    }

    @Test
    void runsManyCommandsInOneSessionAgainstOneStore() throws Exception {
        long one = deliver("quarterly report", "Bob <bob@example.org>");
        long two = deliver("lunch on friday", "Carol <carol@example.org>");
        Result r = shell(config, String.join("\n",
                "folders",
                "list",
                "# a comment, then a blank line",
                "",
                "flag INBOX " + one + " --set flagged",
                "flag INBOX " + two + " --set seen",        // options of one line must not leak into the next
                "nosuchcommand",
                "read INBOX 999",                            // fails with one sentence; the shell goes on
                "search subject:lunch",                      // on the server
                "search 'from:bob' -seen --local",           // in the store; "-seen" is a query word
                "list --json --cached",
                "exit",
                "list",                                      // after exit: never run
                ""));
        assertEquals(0, r.code, r.err);
        String[] out = r.out.split("\n");
        // folders: INBOX and Archive with counts
        assertTrue(r.out.matches("(?s)\\s+2\\s+2\\s+INBOX\\n.*"), r.out);
        assertTrue(r.out.contains("Archive"), r.out);
        assertTrue(r.out.contains("changed flags of 1 message(s) in INBOX"), r.out);
        assertTrue(serverFlags(one).contains(Flags.Flag.FLAGGED));
        assertFalse(serverFlags(one).contains(Flags.Flag.SEEN));
        assertTrue(serverFlags(two).contains(Flags.Flag.SEEN));
        assertFalse(serverFlags(two).contains(Flags.Flag.FLAGGED), "--set flagged leaked into the next line");
        // Errors: one sentence each, and later commands still ran.
        assertTrue(r.err.contains("postern: there is no command 'nosuchcommand'"), r.err);
        assertEquals(2, r.err.strip().split("\n").length, r.err);
        // the server search finds only "lunch"; the local one only "quarterly"
        long lunch = java.util.Arrays.stream(out).filter(l -> l.contains("lunch on friday")).count();
        long report = java.util.Arrays.stream(out).filter(l -> l.contains("quarterly report")).count();
        // list (2 rows) + search + list --json: lunch appears 3 times, report 3 times
        assertEquals(3, lunch, r.out);
        assertEquals(3, report, r.out);
        // The cached JSON list shows the flags set earlier in the same session, from the same store.
        String jsonOne = java.util.Arrays.stream(out).filter(l -> l.startsWith("{") && l.contains("\"uid\":" + one + ",")).findFirst().orElseThrow();
        assertTrue(jsonOne.contains("\"flags\":[\"flagged\"]"), jsonOne);
        // Nothing after `exit` ran: exactly one JSON listing of two rows, no later plain listing.
        assertEquals(2, java.util.Arrays.stream(out).filter(l -> l.startsWith("{")).count(), r.out);
        assertFalse(r.out.endsWith("lunch on friday\n") && !out[out.length - 1].startsWith("{"), r.out);
    }

    @Test
    void noPasswordSourceAndStdinNotATerminalExitsWith78SayingWhatToSet() throws Exception {
        Path noSource = dir.resolve("nosource.toml");
        CliRun.writeConfig(noSource, dir.resolve("data2"),
                CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString());
        int code = Main.run(new String[] {"--config", noSource.toString(), "folders"}, env,
                new ByteArrayInputStream(new byte[0]), false, out, new PrintStream(err, true, StandardCharsets.UTF_8),
                (c, a, f) -> { throw new AssertionError(); });
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(78, code, e);
        assertTrue(e.contains("account test has no password source and stdin is not a terminal"), e);
        assertTrue(e.contains("set password_command or password_env in [accounts.test]"), e);
        assertEquals(1, e.strip().split("\n").length, e);
        // In the shell: the same sentence for the command, and the shell goes on to the next line.
        Result r = shell(noSource, "folders\nfolders --cached\n");
        assertEquals(0, r.code);
        assertTrue(r.err.contains("stdin is not a terminal"), r.err);
    }
}

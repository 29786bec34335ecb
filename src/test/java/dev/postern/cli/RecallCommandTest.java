package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** `postern recall`: the Drafts folder listed, one draft reopened in the editor, sent, and gone from Drafts. */
class RecallCommandTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;
    private Path cfg;
    private MailFolder drafts;

    @BeforeEach
    void setUp() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.setUser("bob@localhost", "bob", "bob");
        cfg = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret"),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
        drafts = greenMail.getManagers().getImapHostManager().createMailbox(alice, "Drafts");
        byte[] draft = ("From: alice@localhost\r\nTo: Bob <bob@localhost>\r\nSubject: =?UTF-8?Q?half_=1B[31mdone?=\r\n"
                + "In-Reply-To: <orig@x>\r\nReferences: <orig@x>\r\nMessage-ID: <draft1@x>\r\n\r\nWhat I had so far.\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        drafts.appendMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(draft)),
                new Flags(Flags.Flag.DRAFT), new Date());
    }

    private Path editor() throws Exception {
        Path script = dir.resolve("editor.sh");
        Files.writeString(script, "#!/bin/sh\ncp \"$1\" '" + dir.resolve("seen.txt") + "'\necho 'And the rest.' >> \"$1\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void listsTheDraftsReopensOneInTheEditorSendsItAndRemovesItFromDrafts() throws Exception {
        Result list = CliRun.run(dir, cfg, "recall", "--json");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("\"subject\":\"half \\u001b[31mdone\""), list.out());
        Matcher m = Pattern.compile("\"uid\":(\\d+)").matcher(list.out());
        assertTrue(m.find(), list.out());
        String uid = m.group(1);
        Result text = CliRun.run(dir, cfg, "recall");
        assertTrue(text.out().contains("half ^[[31mdone") && !text.out().contains("\u001b"), text.out());

        Map<String, String> env = Map.of("EDITOR", editor().toString());
        Result noTerminal = CliRun.run(dir, cfg, env, "recall", uid);
        assertEquals(64, noTerminal.code(), noTerminal.err());
        assertTrue(noTerminal.err().contains("needs a terminal"), noTerminal.err());
        Result unknown = CliRun.run(dir, cfg, env, "recall", "999", "--edit", "--yes");
        assertEquals(66, unknown.code(), unknown.err());
        assertEquals(1, drafts.getMessageCount());

        Result sent = CliRun.run(dir, cfg, env, "recall", uid, "--edit", "--yes");
        assertEquals(0, sent.code(), sent.err());
        assertTrue(Files.readString(dir.resolve("seen.txt")).contains("What I had so far."));
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
        MimeMessage got = greenMail.getReceivedMessages()[0];
        assertEquals("<orig@x>", got.getHeader("In-Reply-To", null));
        String body = GreenMailUtil.getBody(got);
        assertTrue(body.contains("What I had so far.") && body.contains("And the rest."), body);
        assertEquals(0, drafts.getMessageCount(), "the sent draft left Drafts");
        assertEquals("no postponed messages in Drafts", CliRun.run(dir, cfg, "recall").out().strip());
    }

    /**
     * The recalled draft, edited, meets a server that refuses its recipient (550, exit 65, not queued): the sentence
     * says nothing was sent and names the file that keeps the edit; the draft stays in Drafts.
     */
    @Test
    void aRecalledDraftTheServerRefusesNamesTheFileThatKeepsTheEdit() throws Exception {
        try (dev.postern.backend.link.ScriptedServer smtp = new dev.postern.backend.link.ScriptedServer((s, in, out) -> {
            dev.postern.backend.link.ScriptedServer.say(out, "220 refusing ESMTP");
            String line;
            while ((line = dev.postern.backend.link.ScriptedServer.line(in)) != null) {
                String verb = line.split("[ :]")[0].toUpperCase(java.util.Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> dev.postern.backend.link.ScriptedServer.say(out, "250-refusing\r\n250 8BITMIME");
                    case "RCPT" -> dev.postern.backend.link.ScriptedServer.say(out, "550 5.1.1 no such user here");
                    case "QUIT" -> {
                        dev.postern.backend.link.ScriptedServer.say(out, "221 bye");
                        return;
                    }
                    default -> dev.postern.backend.link.ScriptedServer.say(out, "250 ok");
                }
            }
        })) {
            Path refusing = CliRun.writeConfig(dir.resolve("refusing.toml"), dir.resolve("data"),
                    CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret"),
                    "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + smtp.port()
                    + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
            Matcher uid = Pattern.compile("\"uid\":(\\d+)").matcher(CliRun.run(dir, refusing, "recall", "--json").out());
            assertTrue(uid.find());
            Result r = CliRun.run(dir, refusing, Map.of("EDITOR", editor().toString()), "recall", uid.group(1), "--edit", "--yes");
            assertEquals(65, r.code(), r.err());
            assertTrue(r.err().contains("nothing was sent"), r.err());
            Matcher kept = Pattern.compile("; the draft is still in Drafts and your edit is kept in (\\S+)\\.\n").matcher(r.err());
            assertTrue(kept.find(), r.err());
            assertTrue(Files.readString(Path.of(kept.group(1))).contains("And the rest."), "the edit is kept");
            assertEquals(1, drafts.getMessageCount(), "the draft stays in Drafts");
        }
    }

    /**
     * The recalled draft's data goes out and the server hangs up with no answer: it may have been delivered, so it is
     * kept in the outbox as such and said so, not "nothing was sent" (which invited sending it again).
     */
    @Test
    void aRecalledDraftWithNoAnswerAfterItsDotIsSaidPerhapsSent() throws Exception {
        try (dev.postern.backend.link.ScriptedServer smtp = dev.postern.backend.link.ScriptedSmtp.refusing("END",
                dev.postern.backend.link.ScriptedSmtp.HANG_UP)) {
            Path silent = CliRun.writeConfig(dir.resolve("silent.toml"), dir.resolve("data"),
                    CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret"),
                    "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + smtp.port()
                    + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
            Matcher uid = Pattern.compile("\"uid\":(\\d+)").matcher(CliRun.run(dir, silent, "recall", "--json").out());
            assertTrue(uid.find());
            Result r = CliRun.run(dir, silent, Map.of("EDITOR", editor().toString()), "recall", uid.group(1), "--edit", "--yes");
            assertEquals(75, r.code(), r.err());
            assertTrue(r.err().contains("it is kept in the outbox as message 1 and not sent again by itself"), r.err());
            assertFalse(r.err().contains("nothing was sent"), r.err());
        }
    }

    /** drafts_folder (hunt29 I4): recall reads the folder the setting names, not the \\Drafts or "Drafts" one. */
    @Test
    void theDraftsFolderSettingIsWhereRecallLooks() throws Exception {
        GreenMailUser alice = greenMail.getManagers().getUserManager().getUser("alice");
        MailFolder mine = greenMail.getManagers().getImapHostManager().createMailbox(alice, "Brouillons");
        byte[] draft = "From: alice@localhost\r\nTo: bob@localhost\r\nSubject: en cours\r\nMessage-ID: <b1@x>\r\n\r\nx\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        mine.appendMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(draft)),
                new Flags(Flags.Flag.DRAFT), new Date());
        Path other = CliRun.writeConfig(dir.resolve("other.toml"), dir.resolve("data"),
                CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret") + "drafts_folder = \"Brouillons\"\n",
                "");
        Result list = CliRun.run(dir, other, "recall", "--json");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("en cours") && !list.out().contains("half"), list.out());
    }
}

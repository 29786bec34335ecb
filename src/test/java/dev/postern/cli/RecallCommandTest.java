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
import dev.postern.backend.link.ScriptedServer;
import dev.postern.cli.CliRun.Result;
import dev.postern.e2e.PosternConfig;
import dev.postern.e2e.SendStall;
import dev.postern.store.MapDbStore;
import dev.postern.store.OutboxEntry;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

    /**
     * Hunt 39-Y, Y9's rest: a reply kept in drafts/ (the reader ended with it open, its owner died) was listed nowhere:
     * `recall` said only what Drafts holds. It lists the kept ones too, and what it says to do sends one in its thread.
     */
    @Test
    void listsTheMessagesKeptInDraftsAndHowToSendOne() throws Exception {
        Path kept = dir.resolve("state/postern/drafts/unsent-20261207-104927.eml");
        Files.createDirectories(kept.getParent());
        Files.writeString(kept, "From: alice@localhost\nTo: Bob <bob@localhost>\nSubject: Re: the kept one\n"
                + "In-Reply-To: <orig@x>\nReferences: <orig@x>\n\nWritten, never sent.\n");
        Result list = CliRun.run(dir, cfg, "recall");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("half ^[[31mdone"), "the Drafts folder's still: " + list.out());
        assertTrue(list.out().contains(kept.toString()) && list.out().contains("Re: the kept one")
                && list.out().contains("postern send --file FILE"), list.out());
        // --json lists them too (fixer 42-M's left item), each told from the Drafts folder's (unchanged) by its kind.
        Result json = CliRun.run(dir, cfg, "recall", "--json");
        assertEquals(0, json.code(), json.err());
        java.util.List<String> lines = json.out().lines().toList();
        assertEquals(2, lines.size(), json.out());
        assertTrue(lines.get(0).startsWith("{\"uid\":") && !lines.get(0).contains("\"kind\""), "the Drafts folder's as before: " + json.out());
        assertEquals("{\"kind\":\"kept\",\"file\":\"" + kept + "\",\"to\":[\"Bob <bob@localhost>\"],\"subject\":\"Re: the kept one\","
                + "\"send\":\"postern send --file " + kept + "\"}", lines.get(1));
        Result sent = CliRun.run(dir, cfg, "send", "--file", kept.toString());
        assertEquals(0, sent.code(), sent.err());
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
        assertEquals("<orig@x>", greenMail.getReceivedMessages()[0].getHeader("In-Reply-To", null), "in its thread");
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
     * A recalled reply, sent, flags its original \\Answered as a reply sent at once does (hunt 39-Y, Y7): the message
     * the store holds with the draft's In-Reply-To; a message with another Message-ID is left as it was.
     */
    @Test
    void aRecalledReplySentFlagsItsOriginalAnswered() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUserByEmail("alice@localhost"));
        for (String id : List.of("<other@x>", "<orig@x>")) {
            byte[] raw = ("From: Bob <bob@localhost>\r\nTo: alice@localhost\r\nSubject: plans\r\nMessage-ID: " + id
                    + "\r\n\r\nplans?\r\n").getBytes(StandardCharsets.US_ASCII);
            inbox.appendMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)),
                    new Flags(), new Date());
        }
        Result synced = CliRun.run(dir, cfg, "sync");
        assertEquals(0, synced.code(), synced.err());
        Matcher m = Pattern.compile("\"uid\":(\\d+)").matcher(CliRun.run(dir, cfg, "recall", "--json").out());
        assertTrue(m.find());
        Result sent = CliRun.run(dir, cfg, Map.of("EDITOR", editor().toString()), "recall", m.group(1), "--edit", "--yes");
        assertEquals(0, sent.code(), sent.err());
        assertFalse(sent.err().contains("not flagged"), sent.err());
        List<jakarta.mail.Flags> flags = inbox.getMessages().stream().map(x -> x.getFlags()).toList();
        assertFalse(flags.get(0).contains(Flags.Flag.ANSWERED), "another message is not the original");
        assertTrue(flags.get(1).contains(Flags.Flag.ANSWERED), "the original is answered");
    }

    /**
     * The recalled draft, edited, meets a server that refuses its recipient (550, exit 65, not queued): the sentence
     * says nothing was sent, names the file in drafts/ that keeps the edit (the one copy: the draft left Drafts as the
     * send began) and says it left Drafts.
     */
    @Test
    void aRecalledDraftTheServerRefusesNamesTheFileThatKeepsTheEdit() throws Exception {
        try (dev.postern.backend.link.ScriptedServer smtp = new dev.postern.backend.link.ScriptedServer((s, in, out) -> {
            dev.postern.backend.link.ScriptedServer.say(out, "220 refusing ESMTP");
            String line;
            while ((line = dev.postern.backend.link.ScriptedServer.line(in)) != null) {
                String verb = line.split("[ :]")[0].toUpperCase(java.util.Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> dev.postern.backend.link.ScriptedServer.say(out, "250-refusing\r\n250 AUTH PLAIN");
                    case "AUTH" -> dev.postern.backend.link.ScriptedServer.say(out, "235 ok");
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
            Matcher kept = Pattern.compile("; your draft is kept in (\\S+); it left Drafts when the send began\\.\n").matcher(r.err());
            assertTrue(kept.find(), r.err());
            assertTrue(Path.of(kept.group(1)).startsWith(dir.resolve("state").resolve("postern").resolve("drafts")), kept.group(1));
            assertTrue(Files.readString(Path.of(kept.group(1))).contains("And the rest."), "the edit is kept");
            assertEquals(0, drafts.getMessageCount(), "one copy: the edit in drafts/");
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
            assertEquals(69, r.code(), r.err()); // 69, not 75, which a job runner retries into a second copy (hunt 36-K, K1)
            assertTrue(r.err().contains("it is kept in the outbox as message 1 and not sent again by itself"), r.err());
            assertFalse(r.err().contains("nothing was sent"), r.err());
            assertEquals(0, drafts.getMessageCount(), "in Drafts beside the outbox entry: recalled again, it goes twice");
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

    /**
     * {@code postern recall UID --edit --yes} in a JVM of its own, killed with SIGKILL once the SMTP server got as far as
     * {@code verb} (and fell silent); the stall, to look at what it left.
     */
    private SendStall killedAt(String verb) throws Exception {
        Matcher m = Pattern.compile("\"uid\":(\\d+)").matcher(CliRun.run(dir, cfg, "recall", "--json").out());
        assertTrue(m.find());
        SendStall stall = new SendStall(dir);
        try (ScriptedServer smtp = stall.silentAt(verb)) {
            Path config = CliRun.writeConfig(dir.resolve("stall.toml"), dir.resolve("data"),
                    CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret"),
                    "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + smtp.port()
                    + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
            Process child = stall.start(false, stall.env(Map.of("EDITOR", editor().toString())), "",
                    PosternConfig.argv(config, "recall", m.group(1), "--edit", "--yes"));
            try {
                assertTrue(stall.reached(30), "the send did not reach the server: " + stall.err());
            } finally {
                child.destroyForcibly(); // SIGKILL: no hook, no sentence
                assertTrue(child.waitFor(20, TimeUnit.SECONDS));
                stall.release();
            }
        }
        return stall;
    }

    /** The editor's files (DraftEditing.write's private directory) left in the child's temporary directory. */
    private static List<Path> edits(SendStall stall) throws Exception {
        try (Stream<Path> all = Files.walk(stall.tmp())) {
            return all.filter(p -> p.getFileName().toString().equals("draft.txt")).toList();
        }
    }

    /**
     * A recalled draft killed while connecting (the server silent before its greeting) or before the final dot (silent
     * at RCPT): nothing went out, and the edit is the one copy, the unsent draft in drafts/ (0600); the draft left Drafts
     * as the send began, and the edit left /tmp. Before, the edit sat in /tmp (a tmpfs loses it) beside the Drafts copy.
     */
    @Test
    void aRecalledDraftKilledBeforeItsDotIsTheUnsentDraftInDraftsDirOnly() throws Exception {
        for (String verb : List.of("GREETING", "RCPT")) {
            SendStall stall = killedAt(verb);
            List<Path> kept = stall.drafts();
            assertEquals(1, kept.size(), verb + ": " + stall.err());
            assertTrue(Files.readString(kept.get(0)).contains("And the rest."), Files.readString(kept.get(0)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept.get(0))));
            assertEquals(List.of(), edits(stall), verb + ": the edit left in /tmp as well");
            assertEquals(0, drafts.getMessageCount(), verb + ": a second copy in Drafts");
            assertEquals(List.of(), stall.outbox("test"), verb);
            // as the user would go on: the unsent draft is sent from drafts/, Drafts holds nothing to send again
            Files.delete(kept.get(0));
            drafts.appendMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(
                    "From: alice@localhost\r\nTo: bob@localhost\r\nSubject: again\r\n\r\nAgain.\r\n".getBytes(StandardCharsets.US_ASCII))),
                    new Flags(Flags.Flag.DRAFT), new Date());
        }
    }

    /**
     * Killed after the final dot: the outbox entry marked MAY HAVE BEEN SENT is the one copy; the draft is out of Drafts
     * and the edit gone from drafts/ and /tmp. Before, the Drafts copy (deleted only once the server said yes) and the
     * /tmp edit stayed beside the entry: recalled again, the message went twice.
     */
    @Test
    void aRecalledDraftKilledAfterItsDotIsInTheOutboxOnly() throws Exception {
        SendStall stall = killedAt("END");
        assertEquals(1, stall.received().size(), "the server read the message to its dot");
        List<OutboxEntry> left = stall.outbox("test");
        assertEquals(1, left.size(), stall.err());
        assertEquals(OutboxEntry.State.UNCONFIRMED, left.get(0).state());
        assertEquals(0, drafts.getMessageCount(), "still in Drafts beside the outbox entry: recalled again, it goes twice");
        assertEquals(List.of(), stall.drafts());
        assertEquals(List.of(), edits(stall));
    }

    /**
     * The SMTP server cannot be reached: the message waits in the outbox (75), and the draft is out of Drafts and out of
     * drafts/. Before, it stayed in Drafts until the outbox sent it: recalled meanwhile, it went twice.
     */
    @Test
    void aRecalledDraftQueuedInTheOutboxLeavesDrafts() throws Exception {
        Path offline = CliRun.writeConfig(dir.resolve("offline.toml"), dir.resolve("data"),
                CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret"),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + dev.postern.ClosedPort.take()
                + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
        Matcher m = Pattern.compile("\"uid\":(\\d+)").matcher(CliRun.run(dir, offline, "recall", "--json").out());
        assertTrue(m.find());
        Result r = CliRun.run(dir, offline, Map.of("EDITOR", editor().toString()), "recall", m.group(1), "--edit", "--yes");
        assertEquals(75, r.code(), r.err());
        assertTrue(r.err().contains("the draft left Drafts; the outbox holds the message until it goes."), r.err());
        assertEquals(0, drafts.getMessageCount(), "in Drafts and in the outbox: recalled again, it goes twice");
        try (MapDbStore store = MapDbStore.open(dir.resolve("data"))) {
            assertEquals(1, store.outbox("test").size());
            assertEquals(OutboxEntry.State.WAITING, store.outbox("test").get(0).state());
            assertTrue(new String(store.outbox("test").get(0).raw(), StandardCharsets.UTF_8).contains("And the rest."));
        }
        assertEquals(List.of(), SendStall.files(dir.resolve("state").resolve("postern").resolve("drafts")));
    }

    /**
     * A draft whose From name holds a comma (RFC 2047 in Drafts, as postern writes it) is recalled and sent unchanged:
     * the From line was written unquoted and refused, 64 (hunt 37-P, P7). An edit refused for its To line is kept in
     * drafts/, not in the temporary directory, and the draft stays in Drafts (P10).
     */
    @Test
    void aFromNameWithACommaIsRecalledQuotedAndAnEditRefusedForItsAddressIsKeptInDrafts() throws Exception {
        drafts.deleteAllMessages();
        byte[] draft = ("From: =?UTF-8?Q?Alice_=C3=9Cn=C3=AFcode=2C_Jr=2E?= <alice@localhost>\r\nTo: \"Builder, Bob\" <bob@localhost>\r\n"
                + "Subject: comma\r\nMessage-ID: <draft2@x>\r\n\r\nSo far.\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 2; i++) {
            drafts.appendMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(draft)),
                    new Flags(Flags.Flag.DRAFT), new Date());
        }
        Matcher m = Pattern.compile("\"uid\":(\\d+)").matcher(CliRun.run(dir, cfg, "recall", "--json").out());
        assertTrue(m.find());
        String first = m.group(1);
        assertTrue(m.find());
        String second = m.group(1);
        Result sent = CliRun.run(dir, cfg, Map.of("EDITOR", editor().toString()), "recall", first, "--edit", "--yes");
        assertEquals(0, sent.code(), sent.err());
        assertTrue(Files.readString(dir.resolve("seen.txt")).startsWith("From: \"Alice Ünïcode, Jr.\" <alice@localhost>\n"
                + "To: \"Builder, Bob\" <bob@localhost>\n"), Files.readString(dir.resolve("seen.txt")));
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
        jakarta.mail.internet.InternetAddress from = (jakarta.mail.internet.InternetAddress) greenMail.getReceivedMessages()[0].getFrom()[0];
        assertEquals("Alice Ünïcode, Jr.", from.getPersonal());
        assertEquals("alice@localhost", from.getAddress());

        Path bad = dir.resolve("bad.sh");
        Files.writeString(bad, "#!/bin/sh\nprintf '%s' \"$1\" > '" + dir.resolve("where.txt") + "'\nsed -i 's/^To: .*/To: not an address/' \"$1\"\n");
        Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rwx------"));
        Result refused = CliRun.run(dir, cfg, Map.of("EDITOR", bad.toString()), "recall", second, "--edit", "--yes");
        assertEquals(64, refused.code(), refused.err());
        Matcher kept = Pattern.compile("your edit is kept in (\\S+)\\.\n").matcher(refused.err());
        assertTrue(kept.find(), refused.err());
        assertEquals(dir.resolve("state/postern/drafts"), Path.of(kept.group(1)).getParent(), refused.err());
        assertTrue(Files.readString(Path.of(kept.group(1))).contains("To: not an address"));
        assertFalse(Files.exists(Path.of(Files.readString(dir.resolve("where.txt")))), "nothing left in the temporary directory");
        assertEquals(1, drafts.getMessageCount(), "the refused draft stays in Drafts");
    }
}

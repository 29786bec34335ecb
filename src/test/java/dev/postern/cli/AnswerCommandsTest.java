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
import dev.postern.app.Main;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
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

/** `postern reply` and `postern forward` end to end against GreenMail's IMAP and SMTP, run in-process. */
class AnswerCommandsTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;
    private GreenMailUser alice;

    record Result(int code, String out, String err) {}

    private static final String ORIGINAL = "From: Bob Builder <bob@localhost>\r\n"
            + "To: Alice <alice@localhost>, carol@localhost\r\n"
            + "Cc: dave@localhost\r\n"
            + "Subject: Plans\r\n"
            + "Date: Mon, 2 Nov 2026 10:00:00 +0000\r\n"
            + "Message-ID: <orig-1@localhost>\r\n"
            + "In-Reply-To: <root-0@localhost>\r\n"
            + "References: <root-0@localhost>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "\r\n"
            + "Shall we meet on Friday?\r\nAt noon.\r\n";

    @BeforeEach
    void setUp() throws Exception {
        alice = greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.setUser("bob@localhost", "bob", "bob");
        greenMail.setUser("carol@localhost", "carol", "carol");
        greenMail.setUser("dave@localhost", "dave", "dave");
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(ORIGINAL.getBytes(StandardCharsets.UTF_8))));
    }

    /** The SMTP server's port when not GreenMail's. */
    private int smtpPort;

    private Path config() throws Exception {
        return config(smtpPort > 0 ? smtpPort : greenMail.getSmtp().getPort());
    }

    private Path config(int smtpPort) throws Exception {
        Path p = dir.resolve("config.toml");
        Files.writeString(p, "data_dir = \"" + dir.resolve("data") + "\"\n"
                + "[accounts.test]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nport = " + greenMail.getImap().getPort()
                + "\nsecurity = \"plain\"\nuser = \"alice\"\npassword = \"secret\"\ntimeout_seconds = 5\n"
                + "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + smtpPort
                + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    private Result run(String stdin, Map<String, String> extraEnv, String... args) throws Exception {
        return run(config(), stdin, extraEnv, args);
    }

    private Result run(Path cfg, String stdin, Map<String, String> extraEnv, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("HOME", dir.toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        String[] full = dev.postern.e2e.PosternConfig.argv(cfg, args);
        int code = Main.run(full, env, new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)),
                false, out, new PrintStream(err, true, StandardCharsets.UTF_8),
                (c, a, f) -> { throw new AssertionError("no UI in batch tests"); });
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), "stack trace on stderr: " + r.err);
        return r;
    }

    private Result run(String stdin, String... args) throws Exception {
        return run(stdin, Map.of(), args);
    }

    private List<MimeMessage> inbox(String email) throws Exception {
        MailFolder f = greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUserByEmail(email));
        return f.getMessages().stream().map(m -> m.getMimeMessage()).toList();
    }

    private int sentCount() throws Exception {
        MailFolder f = greenMail.getManagers().getImapHostManager().getFolder(alice, "Sent");
        return f == null ? 0 : f.getMessageCount();
    }

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void replyFromABodyFileThreadsQuotesAndKeepsACopyInSent() throws Exception {
        Path body = file("body.txt", "Friday suits me.\n");
        Result r = run(null, "reply", "INBOX", "1", "--body-file", body.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"status\":\"sent\""), r.out());
        MimeMessage m = inbox("bob@localhost").get(0);
        assertEquals("Re: Plans", m.getSubject());
        assertEquals("<orig-1@localhost>", m.getHeader("In-Reply-To", null));
        assertEquals("<root-0@localhost> <orig-1@localhost>", m.getHeader("References", " ").replaceAll("\\s+", " ").strip());
        String text = ((String) m.getContent()).replace("\r\n", "\n");
        assertTrue(text.startsWith("Friday suits me.\n"), text);
        assertTrue(text.contains("Bob Builder wrote:"), text);
        assertTrue(text.contains("> Shall we meet on Friday?\n> At noon."), text);
        assertEquals(1, m.getAllRecipients().length);
        assertTrue(inbox("carol@localhost").isEmpty(), "a plain reply goes to the sender only");
        assertEquals(1, sentCount());
        assertTrue(greenMail.getManagers().getImapHostManager().getInbox(alice).getMessages().get(0).getFlags()
                .contains(jakarta.mail.Flags.Flag.ANSWERED), "the original is flagged answered");
    }

    @Test
    void aReplyTheServerRefusesForGoodIsNotQueuedAndDoesNotFlagTheOriginal() throws Exception {
        try (dev.postern.backend.link.ScriptedServer smtp = new dev.postern.backend.link.ScriptedServer((s, in, out) -> {
            dev.postern.backend.link.ScriptedServer.say(out, "220 test ESMTP");
            String line;
            while ((line = dev.postern.backend.link.ScriptedServer.line(in)) != null) {
                String verb = line.split("[ :]")[0].toUpperCase(java.util.Locale.ROOT);
                if (verb.equals("QUIT")) return;
                dev.postern.backend.link.ScriptedServer.say(out, switch (verb) {
                    case "EHLO" -> "250-test\r\n250 AUTH PLAIN";
                    case "AUTH" -> "235 ok";
                    case "MAIL" -> "550 5.7.1 sender rejected";
                    default -> "250 ok";
                });
            }
        })) {
            smtpPort = smtp.port();
            Result r = run("Thanks.\n", "reply", "INBOX", "1");
            assertEquals(77, r.code(), r.err());
            assertTrue(r.err().contains("550 5.7.1 sender rejected"), r.err());
            assertFalse(r.err().contains("queued"), r.err());
            // Hunt 27, F10: the text typed on stdin is kept as a draft, named, owner-only; never lost.
            Path drafts = dir.resolve("state/postern/drafts");
            List<Path> kept;
            try (java.util.stream.Stream<Path> s = Files.list(drafts)) {
                kept = s.toList();
            }
            assertEquals(1, kept.size(), kept.toString());
            assertTrue(r.err().contains("was not sent") && r.err().contains("your draft is kept in " + kept.get(0)), r.err());
            assertEquals("Thanks.\n", Files.readString(kept.get(0)));
            assertFalse(greenMail.getManagers().getImapHostManager().getInbox(alice).getMessages().get(0).getFlags()
                    .contains(jakarta.mail.Flags.Flag.ANSWERED), "a reply that did not go out answers nothing");
        }
    }

    @Test
    void replyAllFromStdinReachesEveryoneButOneself() throws Exception {
        Result r = run("Count me in.\n", "reply", "INBOX", "1", "--all", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"recipients\":[\"bob@localhost\",\"carol@localhost\",\"dave@localhost\"]"), r.out());
        assertFalse(r.out().contains("alice@localhost\""), r.out());
        for (String who : List.of("bob@localhost", "carol@localhost", "dave@localhost")) {
            MimeMessage m = inbox(who).get(0);
            assertEquals("Re: Plans", m.getSubject());
            assertTrue(((String) m.getContent()).startsWith("Count me in."), who);
        }
        assertEquals(1, inbox("alice@localhost").size(), "nothing sent to oneself");
    }

    @Test
    void forwardAsAttachmentCarriesTheWholeOriginal() throws Exception {
        Path body = file("fwd.txt", "See below.\n");
        Path extra = file("agenda.txt", "1. lunch\n");
        Result r = run(null, "forward", "INBOX", "1", "--attach-message", "--to", "carol@localhost",
                "--body-file", body.toString(), "--attach", extra.toString());
        assertEquals(0, r.code(), r.err());
        MimeMessage m = inbox("carol@localhost").get(0);
        assertEquals("Fwd: Plans", m.getSubject());
        Multipart mp = (Multipart) m.getContent();
        assertEquals(3, mp.getCount());
        assertTrue(((String) mp.getBodyPart(0).getContent()).startsWith("See below."));
        Part attached = mp.getBodyPart(1);
        assertTrue(attached.isMimeType("message/rfc822"), attached.getContentType());
        MimeMessage inner = (MimeMessage) attached.getContent();
        assertEquals("<orig-1@localhost>", inner.getMessageID());
        assertEquals("Plans", inner.getSubject());
        assertEquals("agenda.txt", mp.getBodyPart(2).getFileName());
        assertTrue(inbox("bob@localhost").isEmpty());
    }

    @Test
    void forwardInlineQuotesTheHeadersAndText() throws Exception {
        Result r = run("FYI\n", "forward", "INBOX", "1", "--to", "dave@localhost");
        assertEquals(0, r.code(), r.err());
        MimeMessage m = inbox("dave@localhost").get(0);
        assertEquals("Fwd: Plans", m.getSubject());
        String text = ((String) m.getContent()).replace("\r\n", "\n");
        assertTrue(text.startsWith("FYI\n"), text);
        assertTrue(text.contains("---------- Forwarded message ----------\nFrom: Bob Builder <bob@localhost>"), text);
        assertTrue(text.contains("Shall we meet on Friday?"), text);
        jakarta.mail.Flags flags = greenMail.getManagers().getImapHostManager().getInbox(alice).getMessages().get(0).getFlags();
        assertTrue(flags.contains("$Forwarded"), "the original has $Forwarded, as the reader's forward sets it: " + flags);
        assertFalse(flags.contains(jakarta.mail.Flags.Flag.ANSWERED), "a forward is not an answer");
    }

    @Test
    void forwardWithoutRecipientsSaysSoAndSendsNothing() throws Exception {
        Result r = run("x\n", "forward", "INBOX", "1");
        assertEquals(64, r.code());
        assertTrue(r.err().contains("no recipients"), r.err());
        assertEquals(0, sentCount());
    }

    @Test
    void aReplyToAMessageWithNoSenderSaysHowToGiveOneAsBadData() throws Exception {
        // Hunt 35-E E11: "give To, Cc or Bcc" (64), though reply has no --to and the user made no slip.
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(
                "To: alice@localhost\r\nSubject: from no one\r\nMessage-ID: <none@localhost>\r\n\r\nhi\r\n"
                        .getBytes(StandardCharsets.UTF_8))));
        Result r = run("Who are you?\n", "reply", "INBOX", "2", "--dry-run");
        assertEquals(65, r.code(), r.err());
        assertTrue(r.err().contains("names no one to reply to") && r.err().contains("postern reply --edit"), r.err());
        assertEquals(0, sentCount());
    }

    @Test
    void replyAllLeavesAnUnusableCcOutAndSaysSo() throws Exception {
        // Hunt 35-E E11: one unusable Cc of the original failed the whole reply --all (65).
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(
                ("From: Bob Builder <bob@localhost>\r\nTo: alice@localhost, carol@localhost\r\nCc: =?UTF-8?Q?Eve_=1B?= <eve\u001b@localhost>\r\n"
                        + "Subject: bad cc\r\nMessage-ID: <badcc@localhost>\r\n\r\nhi\r\n").getBytes(StandardCharsets.UTF_8))));
        Result r = run("Fine.\n", "reply", "INBOX", "2", "--all", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"recipients\":[\"bob@localhost\",\"carol@localhost\"]"), r.out());
        assertTrue(r.err().contains("Cc header has no usable mail address") && r.err().contains("left out of the reply"), r.err());
        assertEquals(1, inbox("carol@localhost").size());
    }

    @Test
    void dryRunPrintsTheMessageAndSendsNothing() throws Exception {
        Result r = run("Maybe.\n", "reply", "INBOX", "1", "--dry-run");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Subject: Re: Plans"), r.out());
        assertTrue(r.out().contains("In-Reply-To: <orig-1@localhost>"), r.out());
        assertTrue(inbox("bob@localhost").isEmpty());
        assertEquals(0, sentCount());
        assertFalse(greenMail.getManagers().getImapHostManager().getInbox(alice).getMessages().get(0).getFlags()
                .contains(jakarta.mail.Flags.Flag.ANSWERED), "a dry run flags nothing");
    }

    /** hunt37-J J8: --dry-run --json printed the message itself, which no JSON reader takes; now one object holding it. */
    @Test
    void dryRunWithJsonIsOneJsonObjectHoldingTheMessage() throws Exception {
        Result r = run("Maybe.\n", "reply", "INBOX", "1", "--dry-run", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        java.util.Map<String, Object> o = dev.postern.auth.Json.object(r.out().strip());
        assertEquals("dry_run", o.get("status"), r.out());
        String message = (String) o.get("message");
        assertTrue(message.contains("Subject: Re: Plans") && message.contains("In-Reply-To: <orig-1@localhost>"), message);
        assertEquals(0, sentCount());
        Result b = run("", "bounce", "INBOX", "1", "--to", "carol@localhost", "--dry-run", "--json");
        assertEquals(0, b.code(), b.err());
        java.util.Map<String, Object> bo = dev.postern.auth.Json.object(b.out().strip());
        assertEquals("dry_run", bo.get("status"), b.out());
        assertTrue(((String) bo.get("message")).contains("Resent-To: carol@localhost"), b.out());
        assertEquals(0, sentCount());
    }

    @Test
    void aMissingMessageIsOneSentence() throws Exception {
        Result r = run("x\n", "reply", "INBOX", "99");
        assertTrue(r.code() != 0);
        assertFalse(r.err().isBlank());
        assertTrue(inbox("bob@localhost").isEmpty());
    }

    /** A scripted $EDITOR changes the subject and types a line above the quote; "y" confirms. */
    @Test
    void theEditorPathSendsWhatTheEditorLeftAfterConfirmation() throws Exception {
        Path editor = editorScript();
        Result r = run("y\n", Map.of("EDITOR", editor.toString()), "reply", "INBOX", "1", "--edit");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("[y/N]"), r.err());
        MimeMessage m = inbox("bob@localhost").get(0);
        assertEquals("Edited plans", m.getSubject());
        assertEquals("<orig-1@localhost>", m.getHeader("In-Reply-To", null));
        String text = ((String) m.getContent()).replace("\r\n", "\n");
        assertTrue(text.startsWith("Written in the editor.\n"), text);
        assertTrue(text.contains("> Shall we meet on Friday?"), text);
    }

    @Test
    void answeringNoKeepsTheDraftAndSendsNothing() throws Exception {
        Path editor = editorScript();
        Result r = run("n\n", Map.of("VISUAL", editor.toString()), "reply", "INBOX", "1", "--edit");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("not sent; your draft is kept in "), r.err());
        String kept = r.err().substring(r.err().indexOf("kept in ") + 8).strip().replaceAll("[.]$", "");
        assertTrue(Files.readString(Path.of(kept)).contains("Written in the editor."));
        // kept where every kept draft is, not in /tmp (swept, perhaps a tmpfs): hunt33-Z Z18
        assertEquals(dir.resolve("state").resolve("postern").resolve("drafts"), Path.of(kept).getParent(), kept);
        Files.delete(Path.of(kept));
        assertTrue(inbox("bob@localhost").isEmpty());
        assertEquals(0, sentCount());
    }

    /**
     * An editor that does not exist is the setup's fault (78, naming the variable); one that exits non-zero (vim's
     * :cq) is the user's "no", as the [y/N] answered no (0). Either way nothing is sent and the draft is kept where
     * every unsent draft is, not in a /tmp directory nobody sweeps; 75 had a wrapper retry (hunt 34-C, C5).
     */
    @Test
    void aMissingEditorIs78AndAnEditorThatSaysNoIs0AndTheDraftIsKeptInDrafts() throws Exception {
        Result missing = run("", Map.of("EDITOR", dir.resolve("no-such-editor").toString()), "reply", "INBOX", "1", "--edit");
        assertEquals(78, missing.code(), missing.err());
        assertTrue(missing.err().startsWith("postern: EDITOR (" + dir.resolve("no-such-editor") + ") names no program that exists"
                + " (the shell's 127); set VISUAL or EDITOR to your editor; nothing was sent; your draft is kept in "), missing.err());
        Path kept = keptDraft(missing.err());
        assertTrue(Files.readString(kept).contains("Shall we meet on Friday?"), "the draft as it was written");
        Files.delete(kept);

        Path no = dir.resolve("no.sh");
        Files.writeString(no, "#!/bin/sh\necho 'Typed, then thought better of it.' >> \"$1\"\nexit 1\n");
        Files.setPosixFilePermissions(no, PosixFilePermissions.fromString("rwx------"));
        Result declined = run("", Map.of("VISUAL", no.toString()), "reply", "INBOX", "1", "--edit");
        assertEquals(0, declined.code(), declined.err());
        assertTrue(declined.err().startsWith("postern: the editor exited with code 1, so nothing was sent; your draft is kept in "),
                declined.err());
        assertTrue(Files.readString(keptDraft(declined.err())).contains("Typed, then thought better of it."));
        assertTrue(inbox("bob@localhost").isEmpty());
        assertEquals(0, sentCount());
    }

    /**
     * An editor that leaves bytes that are not UTF-8 (a Latin-1 file read in, an editor set to latin1): the draft is
     * read as windows-1252, said so, and what was typed is what goes; it was "cannot read the draft back", exit 66,
     * the text left in /tmp (hunt 34-C, C14).
     */
    @Test
    void aDraftLeftInLatin1IsReadAsWindows1252AndSaidSo() throws Exception {
        Path latin1 = dir.resolve("latin1.sh");
        Files.writeString(latin1, "#!/bin/sh\nprintf 'Gr\\374\\337e aus K\\366ln\\n' >> \"$1\"\n");
        Files.setPosixFilePermissions(latin1, PosixFilePermissions.fromString("rwx------"));
        Result r = run("y\n", Map.of("EDITOR", latin1.toString()), "reply", "INBOX", "1", "--edit");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("postern: the draft was not UTF-8, so it was read as windows-1252 (Latin-1) where it"
                + " was not; check its letters before sending.\n"), r.err());
        String text = ((String) inbox("bob@localhost").get(0).getContent()).replace("\r\n", "\n");
        assertTrue(text.contains("Grüße aus Köln"), text);
    }

    /**
     * The editor of a user under a Latin-1 locale (nano, a {@code cat >>}) adds Latin-1 text to the draft postern wrote in
     * UTF-8: only the added bytes are read as windows-1252. The whole file was, so the subject, the attribution's name and
     * the quote went out as mojibake ("Re: StraÃŸe", "> Die StraÃŸe ist groÃŸ."), with --yes unseen (hunt 39-I, I8).
     */
    @Test
    void latin1AddedToTheUtf8DraftLeavesWhatPosternWroteAsItWas() throws Exception {
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream((
                "From: =?UTF-8?Q?J=C3=BCrgen_Gro=C3=9F?= <bob@localhost>\r\nTo: alice@localhost\r\n"
                + "Subject: =?UTF-8?Q?Stra=C3=9Fe?=\r\nDate: Mon, 2 Nov 2026 11:00:00 +0000\r\n"
                + "Message-ID: <orig-2@localhost>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\nDie Straße ist groß.\r\n").getBytes(StandardCharsets.UTF_8))));
        Path latin1 = dir.resolve("latin1.sh");
        Files.writeString(latin1, "#!/bin/sh\nprintf 'Gr\\374\\337e aus K\\366ln\\n' >> \"$1\"\n");
        Files.setPosixFilePermissions(latin1, PosixFilePermissions.fromString("rwx------"));
        Result r = run("", Map.of("EDITOR", latin1.toString()), "reply", "INBOX", "2", "--edit", "--yes");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("the draft was not UTF-8"), r.err());
        MimeMessage m = inbox("bob@localhost").get(0);
        assertEquals("Re: Straße", m.getSubject());
        String text = ((String) m.getContent()).replace("\r\n", "\n");
        assertTrue(text.contains("Jürgen Groß wrote:"), text);
        assertTrue(text.contains("> Die Straße ist groß."), text);
        assertTrue(text.contains("Grüße aus Köln"), text);
    }

    /** The draft named at the end of {@code err}, which is in drafts/ under $XDG_STATE_HOME/postern, 0600. */
    private Path keptDraft(String err) throws Exception {
        Path kept = Path.of(err.substring(err.indexOf("kept in ") + 8).strip().replaceAll("[.]$", ""));
        assertEquals(dir.resolve("state").resolve("postern").resolve("drafts"), kept.getParent(), err);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
        return kept;
    }

    /**
     * The edited reply's data goes out and the server hangs up without an answer: it may have been delivered, so it is
     * kept in the outbox as such and said so, never "nothing was sent" with a draft to send it twice from (the editor's
     * path said so before it went the way of `send`'s text, UnsentDraft).
     */
    @Test
    void anEditedReplyWithNoAnswerAfterItsDotIsPerhapsSentAndKeepsNoDraft() throws Exception {
        try (dev.postern.backend.link.ScriptedServer smtp = dev.postern.backend.link.ScriptedSmtp.refusing("END",
                dev.postern.backend.link.ScriptedSmtp.HANG_UP)) {
            Result r = run(config(smtp.port()), "", Map.of("EDITOR", editorScript().toString()), "reply", "INBOX", "1",
                    "--edit", "--yes");
            assertEquals(69, r.code(), r.err()); // 69, not 75, which a job runner retries into a second copy (hunt 36-K, K1)
            assertTrue(r.err().contains("it is kept in the outbox as message 1 and not sent again by itself"), r.err());
            assertFalse(r.err().contains("nothing was sent") || r.err().contains("draft is kept"), r.err());
            assertFalse(Files.isDirectory(dir.resolve("state/postern/drafts"))
                    && Files.list(dir.resolve("state/postern/drafts")).findAny().isPresent(), "no draft besides the outbox entry");
        }
    }

    /**
     * The edited reply meets a server that refuses its recipient (550: not queued, exit 65): the sentence says nothing
     * was sent and names the file that keeps what the user wrote, and the file is there.
     */
    @Test
    void aReplyTheServerRefusesNamesTheFileThatKeepsTheEditedDraft() throws Exception {
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
            Result r = run(config(smtp.port()), "", Map.of("EDITOR", editorScript().toString()), "reply", "INBOX", "1",
                    "--edit", "--yes");
            assertEquals(65, r.code(), r.err());
            assertTrue(r.err().contains("refused bob@localhost"), r.err());
            assertTrue(r.err().contains("nothing was sent"), r.err());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("your draft is kept in (\\S+)\\.\n").matcher(r.err());
            assertTrue(m.find(), r.err());
            assertTrue(Files.readString(Path.of(m.group(1))).contains("Written in the editor."), "the user's text is kept");
            assertEquals(1, r.err().lines().count(), r.err());
            Files.delete(Path.of(m.group(1)));
            Files.delete(Path.of(m.group(1)).getParent());
        }
    }

    @Test
    void worksFromTheShell() throws Exception {
        Path body = file("body.txt", "From the shell.\n");
        Result r = run("reply INBOX 1 --body-file " + body + "\nforward INBOX 1 --attach-message --to carol@localhost --body-file "
                + body + "\n", "shell");
        assertEquals(0, r.code(), r.err());
        assertEquals("Re: Plans", inbox("bob@localhost").get(0).getSubject());
        assertEquals("Fwd: Plans", inbox("carol@localhost").get(0).getSubject());
        assertTrue(GreenMailUtil.getWholeMessage(inbox("carol@localhost").get(0)).contains("message/rfc822"));
    }

    @Test
    void inAShellScriptTheScriptIsNeverTakenAsTheBody() throws Exception {
        Path body = file("body.txt", "Second try.\n");
        Result r = run("reply INBOX 1\nreply INBOX 1 --edit\nreply INBOX 1 --body-file " + body + "\n", "shell");
        assertTrue(r.err().contains("stdin is the script; give your text with --body-file FILE."), r.err());
        assertTrue(r.err().contains("add --yes, or use --body-file FILE."), r.err());
        List<MimeMessage> got = inbox("bob@localhost");
        assertEquals(1, got.size(), "only the third line sent");
        assertTrue(((String) got.get(0).getContent()).startsWith("Second try."));
    }

    private Path editorScript() throws Exception {
        Path script = dir.resolve("editor.sh");
        Files.writeString(script, "#!/bin/sh\n"
                + "sed -i -e 's/^Subject: .*/Subject: Edited plans/' -e '0,/^$/s//\\nWritten in the editor./' \"$1\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}

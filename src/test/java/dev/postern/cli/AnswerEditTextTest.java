package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
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

/**
 * Hunt 37-P, against GreenMail's IMAP and SMTP in-process: the text given to reply and forward with --edit is in the
 * draft the editor opens (P9); an edited draft refused for its addresses is kept in drafts/ (P10); an inline forward
 * carries the original's attachments and none of the reader's attachment text (P11); the Sent copy keeps Bcc, the
 * transmitted message never has it (P3).
 */
class AnswerEditTextTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;
    private GreenMailUser alice;

    record Result(int code, String out, String err) {}

    /** A PDF's worth of bytes no text reader makes sense of: 0x00, 0xff, CR and LF among them. */
    private static final byte[] PDF = {'%', 'P', 'D', 'F', '-', '1', '.', '4', 0, (byte) 0xff, '\r', '\n', 7, (byte) 0x80, '\r'};

    private static final String ORIGINAL = "From: Bob Builder <bob@localhost>\r\n"
            + "To: Alice <alice@localhost>\r\n"
            + "Subject: Plans\r\n"
            + "Date: Mon, 2 Nov 2026 10:00:00 +0000\r\n"
            + "Message-ID: <orig-1@localhost>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "\r\n"
            + "Shall we meet on Friday?\r\n";

    private static final String WITH_PDF = "From: Bob Builder <bob@localhost>\r\n"
            + "To: Alice <alice@localhost>\r\n"
            + "Subject: The plan\r\n"
            + "Date: Mon, 2 Nov 2026 11:00:00 +0000\r\n"
            + "Message-ID: <orig-2@localhost>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
            + "\r\n"
            + "--b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nThe plan is attached.\r\n"
            + "--b1\r\nContent-Type: application/pdf\r\n"
            + "Content-Disposition: attachment; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.pdf\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + java.util.Base64.getMimeEncoder().encodeToString(PDF) + "\r\n"
            + "--b1--\r\n";

    @BeforeEach
    void setUp() throws Exception {
        alice = greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.setUser("bob@localhost", "bob", "bob");
        greenMail.setUser("carol@localhost", "carol", "carol");
        for (String m : List.of(ORIGINAL, WITH_PDF)) {
            alice.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(m.getBytes(StandardCharsets.UTF_8))));
        }
    }

    private Path config() throws Exception {
        Path p = dir.resolve("config.toml");
        Files.writeString(p, "data_dir = \"" + dir.resolve("data") + "\"\n"
                + "[accounts.test]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nport = " + greenMail.getImap().getPort()
                + "\nsecurity = \"plain\"\nuser = \"alice\"\npassword = \"secret\"\ntimeout_seconds = 5\n"
                + "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    private Result run(String stdin, Map<String, String> extraEnv, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("HOME", dir.toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        int code = Main.run(dev.postern.e2e.PosternConfig.argv(config(), args), env,
                new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)), false, out,
                new PrintStream(err, true, StandardCharsets.UTF_8), (c, a, f) -> { throw new AssertionError("no UI in batch tests"); });
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), "stack trace on stderr: " + r.err);
        return r;
    }

    private List<MimeMessage> inbox(String email) throws Exception {
        MailFolder f = greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUserByEmail(email));
        return f.getMessages().stream().map(m -> m.getMimeMessage()).toList();
    }

    /** The stored bytes of {@code m} (as GreenMail delivered or was given it by APPEND). */
    private static String bytes(MimeMessage m) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        m.writeTo(b);
        return b.toString(StandardCharsets.UTF_8);
    }

    /** An editor that copies the draft it is given to seen.txt (and its path to where.txt), then runs {@code then}. */
    private Path editor(String then) throws Exception {
        Path script = dir.resolve("editor.sh");
        Files.writeString(script, "#!/bin/sh\ncp \"$1\" '" + dir.resolve("seen.txt") + "'\nprintf '%s' \"$1\" > '"
                + dir.resolve("where.txt") + "'\n" + then + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static String text(MimeMessage m) throws Exception {
        return ((String) m.getContent()).replace("\r\n", "\n");
    }

    /** P9: --body-file's text is in the draft the editor opens, above the quote, and goes out with what the editor added. */
    @Test
    void replyEditWithABodyFileOpensTheDraftWithTheTextAboveTheQuote() throws Exception {
        Path answer = file("answer.txt", "Friday suits me.\n");
        Result r = run(null, Map.of("EDITOR", editor("echo 'Added in the editor.' >> \"$1\"").toString()),
                "reply", "INBOX", "1", "--body-file", answer.toString(), "--edit", "--yes");
        assertEquals(0, r.code(), r.err());
        String seen = Files.readString(dir.resolve("seen.txt"));
        String body = seen.substring(seen.indexOf("\n\n") + 2);
        assertTrue(body.startsWith("Friday suits me.\n\n"), seen);
        assertTrue(body.contains("> Shall we meet on Friday?"), seen);
        String sent = text(inbox("bob@localhost").get(0));
        assertEquals(body + "Added in the editor.", sent.stripTrailing()); // GreenMail keeps no last line end
    }

    /** P9: text on stdin with --edit --yes (stdin answers no question) likewise; so for forward --edit. */
    @Test
    void stdinTextWithEditAndYesAndAForwardsBodyFileAreInTheDraftToo() throws Exception {
        Result r = run("Count me in.\n", Map.of("EDITOR", editor("echo 'P.S.' >> \"$1\"").toString()),
                "reply", "INBOX", "1", "--edit", "--yes");
        assertEquals(0, r.code(), r.err());
        String sent = text(inbox("bob@localhost").get(0));
        assertTrue(sent.startsWith("Count me in.\n\n") && sent.contains("> Shall we meet on Friday?") && sent.stripTrailing().endsWith("\nP.S."), sent);

        Path note = file("note.txt", "See below.\n");
        Result f = run(null, Map.of("EDITOR", editor("echo 'P.S.' >> \"$1\"").toString()),
                "forward", "INBOX", "1", "--to", "carol@localhost", "--body-file", note.toString(), "--edit", "--yes");
        assertEquals(0, f.code(), f.err());
        String fwd = text(inbox("carol@localhost").get(0));
        assertTrue(fwd.startsWith("See below.\n\n---------- Forwarded message ----------\n"), fwd);
        assertTrue(fwd.contains("Shall we meet on Friday?") && fwd.stripTrailing().endsWith("\nP.S."), fwd);
    }

    /** P10: a draft refused for its To line (64) moves from the temporary directory to drafts/, and the sentence names it. */
    @Test
    void anEditedDraftRefusedForItsAddressIsKeptInDrafts() throws Exception {
        Result r = run("", Map.of("EDITOR", editor("sed -i 's/^To: .*/To: not an address/' \"$1\"").toString()),
                "reply", "INBOX", "1", "--edit", "--yes");
        assertEquals(64, r.code(), r.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("your draft is kept in (\\S+)\\.\n").matcher(r.err());
        assertTrue(m.find(), r.err());
        Path kept = Path.of(m.group(1));
        assertEquals(dir.resolve("state/postern/drafts"), kept.getParent(), r.err());
        assertTrue(Files.readString(kept).contains("To: not an address"), "the edit is kept");
        assertFalse(Files.exists(Path.of(Files.readString(dir.resolve("where.txt")))), "nothing left in the temporary directory");
        assertTrue(inbox("bob@localhost").isEmpty());
    }

    /**
     * P11: an inline forward carries the original's PDF byte for byte under its name, and its text holds none of the
     * reader's attachment sections ("--- Attachment [1] ...", "[could not read this attachment ...]").
     */
    @Test
    void anInlineForwardCarriesTheAttachmentsAndNoneOfTheReadersText() throws Exception {
        Result r = run("Have a look.\n", Map.of(), "forward", "INBOX", "2", "--to", "carol@localhost");
        assertEquals(0, r.code(), r.err());
        MimeMessage m = inbox("carol@localhost").get(0);
        assertTrue(m.isMimeType("multipart/mixed"), m.getContentType());
        Multipart mp = (Multipart) m.getContent();
        assertEquals(2, mp.getCount());
        String text = ((String) mp.getBodyPart(0).getContent()).replace("\r\n", "\n");
        assertTrue(text.startsWith("Have a look.\n") && text.contains("The plan is attached."), text);
        assertFalse(text.contains("--- Attachment") || text.contains("could not read") || text.contains("log says"), text);
        Part pdf = mp.getBodyPart(1);
        assertEquals("日本語.pdf", jakarta.mail.internet.MimeUtility.decodeText(pdf.getFileName()));
        assertTrue(pdf.isMimeType("application/pdf"), pdf.getContentType());
        assertArrayEquals(PDF, pdf.getInputStream().readAllBytes());
    }

    /**
     * P3: the Sent copy is the transmitted message with a Bcc line in front; what went to the recipients has none
     * (the envelope carried the blind copy).
     */
    @Test
    void theSentCopyKeepsBccAndTheTransmittedMessageHasNone() throws Exception {
        Result r = run("Hello.\n", Map.of(), "send", "--to", "bob@localhost", "--bcc", "Carol C <carol@localhost>",
                "--subject", "hi");
        assertEquals(0, r.code(), r.err());
        String toBob = bytes(inbox("bob@localhost").get(0));
        String toCarol = bytes(inbox("carol@localhost").get(0));
        assertFalse(toBob.contains("carol") || toBob.toLowerCase(java.util.Locale.ROOT).contains("\nbcc:"), toBob);
        assertFalse(toCarol.toLowerCase(java.util.Locale.ROOT).contains("\nbcc:"), toCarol);
        MailFolder sentFolder = greenMail.getManagers().getImapHostManager().getFolder(alice, "Sent");
        String copy = bytes(sentFolder.getMessages().get(0).getMimeMessage());
        assertTrue(copy.startsWith("Bcc: carol@localhost\r\n"), copy);
        String rest = copy.substring(copy.indexOf("\r\n") + 2);
        assertTrue(toBob.stripTrailing().endsWith(rest.stripTrailing()) && rest.contains("Subject: hi\r\n"), "the Sent copy is the transmitted bytes after its Bcc line:\n" + copy + "\n---\n" + toBob);
    }
}

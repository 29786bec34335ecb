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
 * The editor's draft header through the real send path into GreenMail's SMTP (hunt 37-P, P15, P16): a folded To line,
 * Cc, Bcc, Subject, Reply-To and an X- field typed in the editor are the message's, never its body; a stray line in
 * the header sends nothing and keeps the draft.
 */
class EditorDraftHeadersTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    private static final List<String> PEOPLE = List.of("bob", "carol", "dave", "erin", "hidden");

    @TempDir Path dir;
    private GreenMailUser alice;

    record Result(int code, String out, String err) {}

    @BeforeEach
    void setUp() throws Exception {
        alice = greenMail.setUser("alice@localhost", "alice", "secret");
        for (String p : PEOPLE) greenMail.setUser(p + "@localhost", p, p);
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream((
                "From: Bob Builder <bob@localhost>\r\nTo: Alice <alice@localhost>\r\nSubject: Plans\r\n"
                + "Date: Mon, 2 Nov 2026 10:00:00 +0000\r\nMessage-ID: <orig-1@localhost>\r\n\r\nFriday?\r\n")
                .getBytes(StandardCharsets.UTF_8))));
    }

    private Result reply(String editorScript) throws Exception {
        Path cfg = dir.resolve("config.toml");
        Files.writeString(cfg, "data_dir = \"" + dir.resolve("data") + "\"\n"
                + "[accounts.test]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nport = " + greenMail.getImap().getPort()
                + "\nsecurity = \"plain\"\nuser = \"alice\"\npassword = \"secret\"\ntimeout_seconds = 5\n"
                + "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\n" + editorScript);
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        env.put("EDITOR", editor.toString());
        int code = Main.run(dev.postern.e2e.PosternConfig.argv(cfg, "reply", "INBOX", "1", "--edit", "--yes"), env,
                new ByteArrayInputStream(new byte[0]), false, out, new PrintStream(err, true, StandardCharsets.UTF_8),
                (c, a, f) -> { throw new AssertionError("no UI in batch tests"); });
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), "stack trace on stderr: " + r.err);
        return r;
    }

    private List<MimeMessage> inbox(String who) throws Exception {
        MailFolder f = greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUserByEmail(who + "@localhost"));
        return f.getMessages().stream().map(m -> m.getMimeMessage()).toList();
    }

    @Test
    void aFoldedToLineAndTheFieldsTypedBelowItAreTheMessagesHeaders() throws Exception {
        Result r = reply("sed -i -e 's/^To: \\(.*\\)$/To: \\1, carol@localhost,\\n dave@localhost/' -e 's/^Cc: .*/Cc: erin@localhost/'"
                + " -e 's/^Bcc: .*/Bcc: hidden@localhost/' -e 's/^Subject: .*/Subject: Folded plans\\nReply-To: Team"
                + " <team@localhost>\\nX-Foo: bar/' -e '0,/^$/s//\\nMy answer./' \"$1\"\n");
        assertEquals(0, r.code(), r.err());
        for (String p : PEOPLE) assertEquals(1, inbox(p).size(), p + " is a recipient of the envelope");
        String raw = GreenMailUtil.getWholeMessage(inbox("dave").get(0)).replace("\r\n", "\n");
        String head = raw.substring(0, raw.indexOf("\n\n") + 1);
        String body = raw.substring(raw.indexOf("\n\n") + 2);
        assertTrue(head.contains("\nSubject: Folded plans\n"), head);
        assertTrue(head.contains("\nReply-To: Team <team@localhost>\n"), head);
        assertTrue(head.contains("\nX-Foo: bar\n"), head);
        assertTrue(head.contains("\nCc: erin@localhost\n"), head);
        assertTrue(head.matches("(?s).*\nTo: Bob Builder <bob@localhost>, carol@localhost,\\s+dave@localhost\n.*"), head);
        assertTrue(head.contains("\nIn-Reply-To: <orig-1@localhost>\n"), head);
        assertFalse(raw.contains("hidden@"), "Bcc is in no header nor the body: " + raw);
        assertTrue(body.startsWith("My answer.\n"), body);
        assertFalse(body.contains("Subject:") || body.contains("dave@") || body.contains("Reply-To"), body);
    }

    @Test
    void aStrayLineInTheHeaderSendsNothingAndKeepsTheDraft() throws Exception {
        Result r = reply("sed -i -e 's/^Cc: .*/Cc: carol@localhost\\nplease also copy dave/' -e 's/^Bcc: .*/Bcc: hidden@localhost/'"
                + " \"$1\"\n");
        assertEquals(64, r.code(), r.err());
        assertTrue(r.err().startsWith("postern: line 4 of the draft (\"please also copy dave\") is neither a header field"
                + " (Name: value) nor the continuation of one (a line starting with a space); the header lines end at the"
                + " first empty line; nothing was sent; your draft is kept in "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        Path kept = Path.of(r.err().substring(r.err().indexOf("kept in ") + 8).strip().replaceAll("[.]$", ""));
        assertEquals(dir.resolve("state/postern/drafts"), kept.getParent());
        assertTrue(Files.readString(kept).contains("please also copy dave\nBcc: hidden@localhost\n"));
        // The kept draft keeps its thread: sent later with `postern send < FILE`, it is still the reply (hunt 39-Y, Y9).
        assertTrue(Files.readString(kept).contains("\nIn-Reply-To: <orig-1@localhost>\nReferences: <orig-1@localhost>\n"),
                Files.readString(kept));
        for (String p : PEOPLE) assertTrue(inbox(p).isEmpty(), p);
    }
}

package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
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
 * A To, Cc or Bcc line deleted in the editor's draft takes those recipients out, as in mutt's edit_headers draft: they
 * were mailed all the same, and an emptied draft went to the original sender with an empty body (hunt 42-H, H2, H3).
 * An editor that takes the draft file away sends nothing, saying so (H5). `postern reply --all --edit` in-process
 * against GreenMail's IMAP and SMTP, with a scripted $EDITOR.
 */
class DraftLineDeletedTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;

    private static final String ORIGINAL = "From: Bob Builder <bob@localhost>\r\n"
            + "To: Alice <alice@localhost>\r\n"
            + "Cc: Secret Partner <carol@localhost>, dave@localhost\r\n"
            + "Subject: Deal\r\n"
            + "Date: Mon, 2 Nov 2026 10:00:00 +0000\r\n"
            + "Message-ID: <deal-1@localhost>\r\n"
            + "\r\n"
            + "Shall we?\r\n";

    record Result(int code, String out, String err) {}

    @BeforeEach
    void setUp() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        for (String who : List.of("bob", "carol", "dave")) greenMail.setUser(who + "@localhost", who, who);
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(ORIGINAL.getBytes(StandardCharsets.UTF_8))));
    }

    private Result reply(String editorScript) throws Exception {
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\n" + editorScript + "\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        Path cfg = dir.resolve("config.toml");
        Files.writeString(cfg, "data_dir = \"" + dir.resolve("data") + "\"\n"
                + "[accounts.test]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nport = " + greenMail.getImap().getPort()
                + "\nsecurity = \"plain\"\nuser = \"alice\"\npassword = \"secret\"\ntimeout_seconds = 5\n"
                + "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(Map.of("EDITOR", editor.toString()));
        env.put("HOME", dir.toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        int code = Main.run(dev.postern.e2e.PosternConfig.argv(cfg, "reply", "INBOX", "1", "--all", "--edit"), env,
                new ByteArrayInputStream("y\n".getBytes(StandardCharsets.UTF_8)), false, out,
                new PrintStream(err, true, StandardCharsets.UTF_8), (c, a, f) -> { throw new AssertionError("no UI"); });
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), "stack trace on stderr: " + r.err);
        return r;
    }

    private static int received(String email) throws Exception {
        return greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUserByEmail(email)).getMessageCount();
    }

    @Test
    void aCcLineDeletedInTheEditorTakesThoseRecipientsOut() throws Exception {
        Result r = reply("grep -v '^Cc:' \"$1\" > \"$1.new\" && mv \"$1.new\" \"$1\" && echo 'Only to Bob.' >> \"$1\"");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("to bob@localhost? [y/N]"), r.err());
        assertEquals(1, received("bob@localhost"));
        assertEquals(0, received("carol@localhost"), "the Cc line was deleted: " + r.err());
        assertEquals(0, received("dave@localhost"), "the Cc line was deleted: " + r.err());
    }

    @Test
    void aDraftEmptiedInTheEditorSendsNothing() throws Exception {
        Result r = reply(": > \"$1\"");
        assertEquals(64, r.code(), r.err());
        assertTrue(r.err().startsWith("postern: the message has no recipients"), r.err());
        assertTrue(r.err().contains("nothing was sent; your draft is kept in "), r.err());
        for (String who : List.of("bob", "carol", "dave")) assertEquals(0, received(who + "@localhost"), who);
    }

    /** An editor that removes the draft, or leaves a FIFO in its place, sends nothing and says so: no "kept in" a file not there, no hang (H5). */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void anEditorThatTakesTheDraftFileAwaySendsNothingAndSaysSo() throws Exception {
        for (String script : List.of("rm -f \"$1\"", "rm -f \"$1\" && mkfifo \"$1\"")) {
            Result r = reply(script);
            assertEquals(74, r.code(), script + ": " + r.err());
            assertTrue(r.err().startsWith("postern: the editor left no draft file at "), r.err());
            assertFalse(r.err().contains("kept in"), r.err());
            for (String who : List.of("bob", "carol", "dave")) assertEquals(0, received(who + "@localhost"), who);
        }
    }
}

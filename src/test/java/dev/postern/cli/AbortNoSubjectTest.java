package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * abort_nosubject (mutt's, ask by default) in the batch door's editor round: a reply whose Subject line was deleted in
 * the editor went after the plain "Send "" to ...? [y/N]" (hunt 42-H). `postern reply --edit` in-process against
 * GreenMail's IMAP and SMTP, with a scripted $EDITOR that deletes the Subject line; each setting, with and without --yes.
 */
class AbortNoSubjectTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;

    record Result(int code, String err) {}

    @BeforeEach
    void setUp() throws Exception {
        greenMail.setUser("alice@localhost", "alice", "secret").deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(("From: Bob <bob@localhost>\r\nTo: alice@localhost\r\nSubject: Deal\r\n"
                        + "Message-ID: <deal-1@localhost>\r\n\r\nShall we?\r\n").getBytes(StandardCharsets.UTF_8))));
        greenMail.setUser("bob@localhost", "bob", "bob");
    }

    /** `postern reply INBOX 1 --edit` (and {@code more}), the editor deleting the Subject line, stdin {@code answer}. */
    private Result reply(String setting, String answer, String... more) throws Exception {
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i '/^Subject:/d' \"$1\" && echo 'Yes.' >> \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        Path cfg = dir.resolve("config.toml");
        Files.writeString(cfg, "data_dir = \"" + dir.resolve("data") + "\"\n" + (setting == null ? "" : "abort_nosubject = " + setting + "\n")
                + "[accounts.test]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nport = " + greenMail.getImap().getPort()
                + "\nsecurity = \"plain\"\nuser = \"alice\"\npassword = \"secret\"\ntimeout_seconds = 5\n"
                + "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
        List<String> argv = new ArrayList<>(List.of("reply", "INBOX", "1", "--edit"));
        argv.addAll(List.of(more));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("EDITOR", editor.toString(), "HOME", dir.toString(),
                "XDG_STATE_HOME", dir.resolve("state").toString());
        int code = Main.run(dev.postern.e2e.PosternConfig.argv(cfg, argv.toArray(String[]::new)), env,
                new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)), false, new ByteArrayOutputStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8), (c, a, f) -> { throw new AssertionError("no UI"); });
        Result r = new Result(code, err.toString(StandardCharsets.UTF_8));
        assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), "stack trace on stderr: " + r.err);
        return r;
    }

    private static int received() throws Exception {
        return greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUserByEmail("bob@localhost")).getMessageCount();
    }

    private static List<String> kept(Path dir) throws Exception {
        Path drafts = dir.resolve("state/postern/drafts");
        if (!Files.isDirectory(drafts)) return List.of();
        try (var s = Files.list(drafts)) {
            return s.map(p -> {
                try {
                    return Files.readString(p);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    @Test
    void byDefaultTheQuestionNamesTheMissingSubjectAndItsDefaultKeepsTheDraft() throws Exception {
        Result r = reply(null, "\n");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("No subject; send to bob@localhost anyway? [y/N]"), r.err());
        assertTrue(r.err().contains("not sent; your draft is kept in "), r.err());
        assertEquals(0, received());
        assertEquals(1, kept(dir).size());
        assertTrue(kept(dir).get(0).contains("Yes."), kept(dir).toString());

        r = reply("\"ask\"", "y\n");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("No subject; send to bob@localhost anyway? [y/N]"), r.err());
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
        assertEquals(1, received());
    }

    @Test
    void yesNeverSendsItEvenWithDashDashYesAndKeepsTheDraft() throws Exception {
        Result r = reply("\"yes\"", "", "--yes");
        assertEquals(65, r.code(), r.err());
        assertTrue(r.err().startsWith("postern: the message has no subject and abort_nosubject = \"yes\", so nothing was sent;"),
                r.err());
        assertTrue(r.err().contains("your draft is kept in " + dir.resolve("state/postern/drafts")), r.err());
        assertEquals(1, kept(dir).size());
        assertTrue(kept(dir).get(0).contains("Yes."), kept(dir).toString());
        assertEquals(0, received());
    }

    @Test
    void noAsksAsForAnyMessageAndDashDashYesSendsWithoutAQuestion() throws Exception {
        Result r = reply("\"no\"", "n\n");
        assertTrue(r.err().contains("Send \"\" to bob@localhost? [y/N]"), r.err());
        assertEquals(0, received());
        r = reply("\"no\"", "", "--yes");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("[y/N]"), r.err());
        r = reply(null, "", "--yes"); // ask, answered by --yes: no question, no wait on stdin
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("[y/N]"), r.err());
        assertTrue(greenMail.waitForIncomingEmail(5000, 2));
        assertEquals(2, received());
    }

    @Test
    void aSettingNotKnownIsAConfigErrorNamingTheChoices() throws Exception {
        Result r = reply("\"maybe\"", "y\n");
        assertEquals(78, r.code(), r.err());
        assertTrue(r.err().contains("abort_nosubject = \"maybe\" is not one of \"ask\", \"yes\""), r.err());
        assertEquals(0, received());
    }
}

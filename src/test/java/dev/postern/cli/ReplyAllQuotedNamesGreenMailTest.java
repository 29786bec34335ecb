package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
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
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code postern reply --all --dry-run} end to end (GreenMail IMAP and SMTP, in-process) on the hunt's samples: quoted
 * display names with a comma and brackets come back as the same recipients, and a From that is no address (a bidi
 * override and a space) is bad data of the message, 65, not a usage error.
 */
class ReplyAllQuotedNamesGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;

    record Result(int code, String out, String err) {}

    private Result run(String... args) throws Exception {
        Path cfg = dir.resolve("config.toml");
        Files.writeString(cfg, "data_dir = \"" + dir.resolve("data") + "\"\n"
                + "[accounts.test]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nport = " + greenMail.getImap().getPort()
                + "\nsecurity = \"plain\"\nuser = \"alice\"\npassword = \"secret\"\ntimeout_seconds = 5\n"
                + "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(dev.postern.e2e.PosternConfig.argv(cfg, args),
                Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString()),
                new ByteArrayInputStream(new byte[0]), false, out, new PrintStream(err, true, StandardCharsets.UTF_8),
                (c, a, f) -> { throw new AssertionError("no UI in batch tests"); });
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "stack trace on stderr: " + r.err());
        return r;
    }

    private void deliver(String message) throws Exception {
        greenMail.setUser("alice@localhost", "alice", "secret").deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8))));
    }

    private String header(String preview, String name) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(preview.getBytes(StandardCharsets.UTF_8)));
        return m.getHeader(name, ",");
    }

    @Test
    void replyAllKeepsQuotedNamesWithCommasAndBrackets() throws Exception {
        deliver("From: Bob <bob@x.org>\r\nTo: \"Smith [Ops]\" <smith@x.org>, \"Doe, John\" <jd@x.org>\r\n"
                + "Cc: \"O'Brien (QA) \\\"Q\\\"\" <qa@x.org>, \"=?UTF-8?Q?J=C3=BCrgen_Gro=C3=9F?=\" <jg@x.org>, undisclosed-recipients:;\r\n"
                + "Subject: bracket display name\r\nMessage-ID: <r1@x>\r\n\r\nhello\r\n");
        Path body = Files.writeString(dir.resolve("body.txt"), "Noted.\n");
        Result r = run("reply", "INBOX", "1", "--all", "--dry-run", "--body-file", body.toString());
        assertEquals(0, r.code(), r.err());
        InternetAddress[] to = InternetAddress.parseHeader(header(r.out(), "To"), true);
        assertEquals(3, to.length, r.out());
        assertEquals("bob@x.org", to[0].getAddress());
        assertEquals("Smith [Ops]", to[1].getPersonal());
        assertEquals("Doe, John", to[2].getPersonal());
        assertEquals("jd@x.org", to[2].getAddress());
        InternetAddress[] cc = InternetAddress.parseHeader(header(r.out(), "Cc"), true);
        assertEquals(2, cc.length, r.out());
        assertEquals("O'Brien (QA) \"Q\"", cc[0].getPersonal());
        assertEquals("Jürgen Groß", cc[1].getPersonal());
    }

    @Test
    void replyAllKeepsEveryOneOfTwelveHundredRecipients() throws Exception {
        // The header's reading stops at 1,000 addresses (LenientHeaders): the reply took that cut list over the
        // server's whole one and left 200 recipients out without a word (hunt 39-S, S1).
        StringBuilder cc = new StringBuilder();
        for (int i = 0; i < 1_200; i++) cc.append(i == 0 ? "" : ",\r\n ").append("u").append(i).append("@x.org");
        deliver("From: Bob <bob@x.org>\r\nTo: alice@localhost\r\nCc: " + cc + "\r\nSubject: all hands\r\n"
                + "Message-ID: <many@x>\r\n\r\nhello\r\n");
        Path body = Files.writeString(dir.resolve("body.txt"), "Noted.\n");
        Result r = run("reply", "INBOX", "1", "--all", "--dry-run", "--body-file", body.toString());
        assertEquals(0, r.code(), r.err());
        InternetAddress[] got = InternetAddress.parseHeader(header(r.out(), "Cc"), true);
        assertEquals(1_200, got.length, "every Cc recipient of the original");
        assertEquals("u1199@x.org", got[1_199].getAddress());
    }

    @Test
    void aFromThatIsNoAddressIsBadDataOfTheMessage() throws Exception {
        deliver("From: \u202E evil@x\r\nTo: alice@localhost\r\nSubject: hostile\r\nMessage-ID: <h11@x>\r\n\r\nx\r\n");
        Path body = Files.writeString(dir.resolve("body.txt"), "No.\n");
        Result r = run("reply", "INBOX", "1", "--all", "--dry-run", "--body-file", body.toString());
        assertEquals(65, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("From header"), r.err());
        assertFalse(r.err().contains("\u202E"), "the override is shown, not obeyed: " + r.err());
    }
}

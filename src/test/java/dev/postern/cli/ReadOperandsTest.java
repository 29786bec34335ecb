package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 35-E E2: {@code read FOLDER UID UID} dropped the folder and showed the last UID of INBOX (exit 0): another
 * message than the one asked for. More operands than a command takes are a usage error (64) that shows nothing,
 * for read and for every command that names one message by FOLDER UID.
 */
class ReadOperandsTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    @Test
    void extraOperandsAreAUsageErrorNeverAnotherFoldersMessage() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "pw");
        String raw = "From: inbox@example.org\r\nTo: alice@localhost\r\nSubject: I am INBOX uid 1\r\n\r\nhello\r\n";
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
        Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("box", "imap", greenMail.getImap().getPort(), "alice", "pw"));
        assertEquals(0, CliRun.run(dir, cfg, "read", "--preview", "INBOX", "1").code, "the message is there");
        String[][] slips = {
            {"read", "--preview", "Other", "5", "1"},
            {"read", "--preview", "--json", "Other", "5", "1"},
            {"read", "--raw", "Other", "5", "1"},
            {"read", "--links", "Other", "5", "1"},
            {"reply", "--dry-run", "Other", "5", "1"},
            {"forward", "--dry-run", "Other", "5", "1"},
            {"bounce", "Other", "5", "1"},
            {"attachment", "save", "Other", "5", "1", "1"},
            {"attachment", "show", "Other", "5", "1", "1"},
        };
        for (String[] slip : slips) {
            CliRun.Result r = CliRun.run(dir, cfg, slip);
            String what = String.join(" ", slip) + " -> " + r;
            assertEquals(64, r.code, what);
            assertFalse(r.out.contains("I am INBOX"), what);
            assertFalse(r.err.isBlank(), what);
        }
        CliRun.Result r = CliRun.run(dir, cfg, "read", "--preview", "Other", "5", "1");
        assertTrue(r.err.contains("read takes a folder and one UID"), r.err);
        CliRun.Result help = CliRun.run(dir, cfg, "read", "--help");
        assertTrue(help.out.contains("[FOLDER] UID") && !help.out.contains("UID..."), "the usage promises one message: " + help.out);
    }
}

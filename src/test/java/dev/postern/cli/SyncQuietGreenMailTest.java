package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
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
 * hunt37-J J3: {@code sync --quiet}, as {@code fetch --quiet}: a cron sync prints nothing when all is well (no row a
 * folder each run), and a failure is still said on stderr.
 */
class SyncQuietGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path home;

    @Test
    void quietSyncPrintsNothingButItsFailures() throws Exception {
        greenMail.setUser("alice@localhost", "alice", "secret").deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream("From: b@x.org\r\nSubject: s\r\nMessage-ID: <q@x>\r\n\r\nhi\r\n".getBytes(StandardCharsets.UTF_8))));
        Path cfg = CliRun.writeConfig(home.resolve("config.toml"), home.resolve("data"),
                CliRun.account("t", "imap", greenMail.getImap().getPort(), "alice", "secret"));

        CliRun.Result quiet = CliRun.run(home, cfg, "sync", "--quiet");
        assertEquals(0, quiet.code(), quiet.err());
        assertEquals("", quiet.out());
        assertEquals("", quiet.err());
        CliRun.Result again = CliRun.run(home, cfg, "sync", "-q");
        assertEquals(0, again.code(), again.err());
        assertEquals("", again.out() + again.err());
        CliRun.Result loud = CliRun.run(home, cfg, "sync");
        assertEquals(0, loud.code(), loud.err());
        assertTrue(loud.out().contains("INBOX") && loud.out().contains("1 messages"), loud.out());

        Path bad = CliRun.writeConfig(home.resolve("bad.toml"), home.resolve("data2"),
                CliRun.account("b", "imap", greenMail.getImap().getPort(), "alice", "wrong"));
        CliRun.Result failed = CliRun.run(home, bad, "sync", "--quiet");
        assertNotEquals(0, failed.code(), failed.toString());
        assertEquals("", failed.out());
        assertTrue(failed.err().startsWith("postern: ") && failed.err().contains("b"), failed.err());
    }
}

package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt43-R R4: a pipe to a command that never ends is a job: {@code :jobs} lists it and {@code :cancel} ends it and
 * what it started, while the reader goes on (before, it ran unseen until the reader quit).
 */
class PipeJobTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    @Test
    void aPipeThatNeverEndsIsListedAndCancelled() throws Exception {
        greenMail.setUser("fay@localhost", "fay", "pw");
        Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "fay", "pw", 4, null));
        Session other = Session.getInstance(new Properties());
        try (Store store = other.getStore("imap")) {
            store.connect("127.0.0.1", greenMail.getImap().getPort(), "fay", "pw");
            MimeMessage m = new MimeMessage(other);
            m.setFrom("Other <other@example.org>");
            m.setSubject("Pipe me", "UTF-8");
            m.setText("the body", "UTF-8");
            m.saveChanges();
            store.getFolder("INBOX").appendMessages(new Message[] {m});
        }
        Path pid = dir.resolve("pid");
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg);
             TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 120, 24, Palette.defaults())) {
            h.awaitText("Pipe me");
            h.type("|");
            h.awaitText("Pipe the message to command:");
            // A command that never ends, and a child of it that never ends either.
            h.type("sleep 600 & echo $! > '" + pid + "'; wait");
            h.press(KeyType.Enter);
            h.awaitText(":cancel stops it");
            long end = System.nanoTime() + 20_000_000_000L;
            while (!Files.exists(pid) || Files.readString(pid).isBlank()) {
                assertTrue(System.nanoTime() < end, "the command started");
                Thread.sleep(50);
            }
            long child = Long.parseLong(Files.readString(pid).strip());
            h.type(":jobs");
            h.press(KeyType.Enter);
            h.awaitText("pipe to sleep 600");
            h.type(":cancel");
            h.press(KeyType.Enter);
            h.awaitText("cancelling job");
            end = System.nanoTime() + 20_000_000_000L;
            while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)) {
                assertTrue(System.nanoTime() < end, "the command's child is ended");
                Thread.sleep(50);
            }
            h.type(":jobs");
            h.press(KeyType.Enter);
            h.awaitText("no jobs are running");
            h.assertAlive();
        }
    }
}

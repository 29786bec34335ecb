package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code attachment save} of thousands of parts stops when its thread is interrupted (Ctrl-C in {@code postern
 * shell}, a cancelled command), saying how many it saved, exit 75; before, it wrote every part first (a cancelled save
 * of 5,000 parts in HostileMailIT went on writing into a directory its test had already given up).
 */
class AttachmentSaveStopsTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());
    static final int PARTS = 4000;

    @TempDir Path dir;

    @Test
    void anInterruptedSaveStopsAndSaysHowFarItGot() throws Exception {
        var user = greenMail.setUser("alice@localhost", "alice", "secret");
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        StringBuilder m = new StringBuilder("From: Bob <bob@example.org>\r\nTo: alice@localhost\r\nSubject: many parts\r\n"
                + "Date: Mon, 7 Dec 2026 00:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nSee the parts.\r\n");
        for (int i = 0; i < PARTS; i++) {
            m.append("--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"p")
                    .append(i).append(".bin\"\r\n\r\npart ").append(i).append("\r\n");
        }
        m.append("--b--\r\n");
        long uid = inbox.appendMessage(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(m.toString().getBytes(StandardCharsets.US_ASCII))), new Flags(), new Date());
        Path config = dir.resolve("config.toml");
        CliRun.writeConfig(config, dir.resolve("data"), CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret"));
        Path out = Files.createDirectories(dir.resolve("out"));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = new Thread(() -> code.set(dev.postern.app.Main.run(
                dev.postern.e2e.PosternConfig.argv(config, "attachment", "save", "INBOX", String.valueOf(uid), "--out", out.toString()),
                CliRun.env(dir.resolve("home")), new ByteArrayInputStream(new byte[0]), false, stdout,
                new PrintStream(stderr, true, StandardCharsets.UTF_8), (c, a, f) -> { throw new AssertionError("no UI"); })));
        t.start();
        long until = System.nanoTime() + 120_000_000_000L;
        while (count(out) < 20 && t.isAlive() && System.nanoTime() < until) Thread.sleep(5);
        assertTrue(t.isAlive(), "the save ended before it could be interrupted: " + count(out) + " files, " + stderr);
        t.interrupt();
        t.join(60_000);
        assertTrue(!t.isAlive(), "the interrupted save did not end within 60 s");
        int saved = count(out);
        assertTrue(saved < PARTS, "an interrupted save wrote all " + saved + " parts");
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(75, code.get(), err);
        assertTrue(err.contains("stopped: " + saved + " of " + PARTS + " attachments were saved"), err);
        assertTrue(!err.contains("\tat "), err);
    }

    private static int count(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return (int) s.count();
        }
    }
}

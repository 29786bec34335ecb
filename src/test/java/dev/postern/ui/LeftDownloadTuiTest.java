package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.controller.SlowLinkRelay;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 38-L, L1 and L3 in the reader, on a thin link (256 KiB a second): a large message says how much of it has come
 * while it loads ("Loading 0.4 of 1.6 MB…"), and once left with q, the next message opened shows long before the large
 * one could have come (it waited for every byte of it). Order of bytes, not a clock: the relay counts what it passed.
 */
class LeftDownloadTuiTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private static final String LINE = "a line of the long log, long enough to be a line of it\r\n";
    private static final int LINES = 30_000;

    private static MimeMessage message(String subject, String date, String body) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(("From: s@example.org\r\n"
                + "To: carol@localhost\r\nSubject: " + subject + "\r\nDate: " + date + "\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aLoadSaysHowFarItGotAndTheNextMessageDoesNotWaitForOneLeft() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.setUser("carol@localhost", "carol", "pw"));
        inbox.appendMessage(message("small one", "Sun, 1 Mar 2026 10:00:00 +0000", "the small one's text\r\n"), new Flags(), new Date());
        inbox.appendMessage(message("big one", "Sun, 1 Mar 2026 11:00:00 +0000", LINE.repeat(LINES)), new Flags(), new Date());
        long big = (long) LINE.length() * LINES;
        try (SlowLinkRelay relay = new SlowLinkRelay(greenMail.getImap().getPort(), 0)) {
            Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                    PosternConfig.account("real", "imap", "127.0.0.1", relay.port(), "plain", "carol", "pw", 60, null));
            try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config);
                 TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 80, 24, Palette.defaults())) {
                h.awaitText("big one");
                h.awaitText("[1/2");
                relay.rate = 256 * 1024;
                long before = relay.served();
                h.press(KeyType.Enter); // the newest, the big one
                h.awaitScreen("how much of the big one has come", s -> s.matches("(?s).*Loading 0\\.[1-9] of 1\\.6 MB….*"));
                h.type("q");
                h.awaitText("small one");
                h.type("j");
                h.press(KeyType.Enter);
                h.awaitText("the small one's text");
                long passed = relay.served() - before;
                assertTrue(passed < big * 3 / 4, "the small one came after " + passed + " bytes of the big one's " + big);
                h.type("q");
                h.type("q");
                h.awaitExit();
            }
        }
    }

    /**
     * The sibling: with all headers on (h), a large message read text first is then downloaded whole for its header
     * block; leaving it stops that download too (it went on, and the next message waited for it).
     */
    @Test
    void aLeftMessagesWholeDownloadForItsHeadersDoesNotHoldUpTheNext() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.setUser("carol@localhost", "carol", "pw"));
        inbox.appendMessage(message("small a", "Sun, 1 Mar 2026 10:00:00 +0000", "small a's text\r\n"), new Flags(), new Date());
        inbox.appendMessage(message("small b", "Sun, 1 Mar 2026 10:30:00 +0000", "small b's text\r\n"), new Flags(), new Date());
        String attachment = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\r\n".repeat(45_000); // 1.7 MB
        inbox.appendMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream((
                "From: s@example.org\r\nTo: carol@localhost\r\nSubject: big one\r\nDate: Sun, 1 Mar 2026 11:00:00 +0000\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
                + "the big one's text\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=a.bin\r\n\r\n" + attachment + "--b--\r\n")
                .getBytes(StandardCharsets.US_ASCII))), new Flags(), new Date());
        try (SlowLinkRelay relay = new SlowLinkRelay(greenMail.getImap().getPort(), 0)) {
            Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                    PosternConfig.account("real", "imap", "127.0.0.1", relay.port(), "plain", "carol", "pw", 60, null));
            try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config);
                 TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 80, 24, Palette.defaults())) {
                h.awaitText("[1/3");
                h.type("j");
                h.type("j");
                h.press(KeyType.Enter);
                h.awaitText("small a's text");
                h.type("h"); // all headers, from here on
                h.awaitText("MIME-Version: 1.0");
                h.type("q");
                h.awaitText("small b");
                relay.rate = 256 * 1024;
                long before = relay.served();
                h.type("k");
                h.type("k");
                h.press(KeyType.Enter);
                h.awaitText("the big one's text"); // its text, then the whole message for its headers
                long deadline = System.nanoTime() + TuiHarness.DEADLINE.toNanos();
                while (relay.served() - before < 300_000 && System.nanoTime() < deadline) Thread.sleep(20);
                assertTrue(relay.served() - before >= 300_000, "the whole download began");
                h.type("q");
                h.awaitText("small b");
                h.type("j");
                h.press(KeyType.Enter);
                h.awaitText("small b's text");
                long passed = relay.served() - before;
                assertTrue(passed < attachment.length() * 3L / 4, "small b came after " + passed + " bytes of the big one's "
                        + attachment.length());
                h.type("q");
                h.type("q");
                h.awaitExit();
            }
        }
    }
}

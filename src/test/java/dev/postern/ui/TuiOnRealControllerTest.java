package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.googlecode.lanterna.input.KeyType;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader on the real wiring (config, MapDB store, Angus session, renderer, controller) against an
 * in-process IMAP server, read off Lanterna's virtual screen as a person would see it.
 */
class TuiOnRealControllerTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private Path config(int port) throws Exception {
        Path p = dir.resolve("config-" + port + ".toml");
        return PosternConfig.write(p, dir.resolve("data"),
                PosternConfig.account("real", "imap", "127.0.0.1", port, "plain", "carol", "pw", 30, null));
    }

    private void seed(int n) throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.setUser("carol@localhost", "carol", "pw"));
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 1; i <= n; i++) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            m.setFrom("Sender " + i + " <s" + i + "@example.org>");
            m.setSubject(i == n ? "Newest \u001b[31mred\u001b[0m subject" : "Subject number " + i, "UTF-8");
            m.setSentDate(Date.from(base.plus(Duration.ofHours(i))));
            m.setText("This is the body of message " + i + ".", "UTF-8");
            m.saveChanges();
            inbox.appendMessage(m, new Flags(), new Date());
        }
    }

    @Test
    void readsAMessageFromTheServerAndMarksItReadOnceShown() throws Exception {
        seed(120);
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config(greenMail.getImap().getPort()));
             TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 80, 24, Palette.defaults())) {
            h.awaitText("Newest ^[[31mred^[[0m su"); // the subject column, one less for the tag mark's own column
            h.awaitText("[1/120");
            h.press(KeyType.Enter);
            h.awaitText("This is the body of message 120.");
            h.awaitText("Subject: Newest ^[[31mred^[[0m subject");
            MailFolder inbox = greenMail.getManagers().getImapHostManager()
                    .getInbox(greenMail.getManagers().getUserManager().getUser("carol"));
            long deadline = System.nanoTime() + TuiHarness.DEADLINE.toNanos();
            while (!inbox.getMessages().get(119).isSet(Flags.Flag.SEEN) && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(inbox.getMessages().get(119).isSet(Flags.Flag.SEEN), "shown message marked read on the server");
            h.type("q");
            h.type("G");
            h.awaitText("Subject number 1 ");
            h.type("q");
            h.awaitExit();
        }
    }

    @Test
    void showsTheCacheAtOnceAndStaysResponsiveWhenTheServerHangs() throws Exception {
        seed(40);
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config(greenMail.getImap().getPort()))) {
            ctx.controller().refreshFolder("real", "INBOX").get();
            ctx.controller().read(ctx.controller().page("real", "INBOX", 0, 1).get(0).ref()).get();
        }
        // The same store, now pointed at a server that accepts the connection and never answers.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config(silent.getLocalPort()));
             TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 80, 24, Palette.defaults())) {
            h.awaitText("Newest ^[[31mred^[[0m su"); // the subject column, one less for the tag mark's own column
            h.awaitText("Subject number 30");
            h.awaitText("connecting");
            h.press(KeyType.Enter);
            h.awaitText("This is the body of message 40.");
            h.type("q");
            h.type("j");
            h.press(KeyType.Enter);
            h.awaitText("Loading");
            h.type("q");
            h.type("q");
            h.awaitExit();
        }
    }
}

package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.googlecode.lanterna.input.KeyType;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
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
 * Issue 18, in the reader at 80x24: with auto_view = ["text/html"] an HTML-only message is shown by the mailcap
 * copiousoutput entry of mailcap_path (a scripted viewer), a message with a plain alternative by its plain text.
 */
class AutoViewTuiTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private void deliver(GreenMailUser u, String raw) throws Exception {
        u.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void htmlGoesThroughTheMailcapViewerOfMailcapPath() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        deliver(alice, "From: Bob <bob@localhost>\r\nSubject: Plain and rich\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
                + "The plain alternative.\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>The rich one.</p>\r\n--b--\r\n");
        deliver(alice, "From: Bob <bob@localhost>\r\nSubject: Newsletter\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/html; charset=utf-8\r\n\r\n<html><body><h1>Weekly</h1><p>All the news.</p></body></html>\r\n");
        Path viewer = dir.resolve("w3m-like");
        Files.writeString(viewer, "#!/bin/sh\necho '== dumped by the mailcap viewer =='\nsed 's/<[^>]*>//g' \"$1\"\n");
        Files.setPosixFilePermissions(viewer, PosixFilePermissions.fromString("rwx------"));
        Path mailcap = dir.resolve("my-mailcap");
        Files.writeString(mailcap, "text/html; " + viewer + " %s; nametemplate=%s.html; copiousoutput\n");
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                "auto_view = [\"text/html\"]\nmailcap_path = \"" + mailcap + "\"\n",
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 10, null));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 80, 24, Palette.defaults())) {
            h.awaitText("Newsletter");
            h.press(KeyType.Enter); // the newest: the newsletter
            String screen = h.awaitText("== dumped by the mailcap viewer ==");
            assertTrue(screen.contains("WeeklyAll the news."), screen);
            h.type("q");
            h.awaitText("Plain and rich");
            h.type("j");
            h.press(KeyType.Enter);
            screen = h.awaitText("The plain alternative.");
            assertFalse(screen.contains("dumped by the mailcap viewer"), screen);
        }
    }
}

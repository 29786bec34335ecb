package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's reader habits in the finished jar on a real pseudo-terminal (tmux, 80x24): the split view
 * (pager_index_lines = 6) with an HTML body shown by the mailcap copiousoutput viewer of auto_view; v hands the
 * terminal to an attachment's mailcap viewer (it prints and waits for Enter) and the screen comes back; S turns
 * the split off.
 */
@Timeout(240)
class ReaderHabitsTmuxIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private Path script(String name, String body) throws Exception {
        Path s = dir.resolve(name);
        Files.writeString(s, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return s;
    }

    @Test
    void splitViewAutoViewAndAnAttachmentViewerOnARealTerminal() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        String raw = "From: Bob <bob@localhost>\r\nSubject: Weekly letter\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n"
                + "<html><body><p>Rich news inside.</p></body></html>\r\n"
                + "--b\r\nContent-Type: application/x-postern-test\r\nContent-Disposition: attachment; filename=\"data.bin\"\r\n\r\n"
                + "payload\r\n--b--\r\n";
        var user = greenMail.setUser("zed@localhost", "zed", "pw");
        for (int i = 1; i <= 8; i++) {
            String other = "From: Ann <ann@localhost>\r\nSubject: Older note " + i + "\r\nDate: Mon, " + i
                    + " Jan 2024 10:00:00 +0000\r\n\r\nHello " + i + "\r\n";
            user.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(other.getBytes(StandardCharsets.UTF_8))));
        }
        user.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
        Path html = script("html-dump", "echo '[dumped by html-dump]'\nsed 's/<[^>]*>//g' \"$1\"\n");
        Path viewer = script("terminal-viewer", "echo \"VIEWER HAS THE TERMINAL: $(cat \"$1\")\"\nread answer\n");
        Path mailcap = dir.resolve("mailcap");
        Files.writeString(mailcap, "text/html; " + html + " %s; copiousoutput\napplication/x-postern-test; " + viewer + " %s\n");
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                "auto_view = [\"text/html\"]\nmailcap_path = \"" + mailcap + "\"\npager_index_lines = 6\n",
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null));
        String cmd = "env HOME=" + dir + " XDG_STATE_HOME=" + dir.resolve("state") + " XDG_CONFIG_HOME=" + dir.resolve("cfg")
                + " " + PosternProcess.launcherJava() + " -jar " + PosternProcess.jar() + " --config " + config
                + "; echo EXIT=$?; sleep 60";
        try (Tmux tmux = Tmux.start("postern-habits-it", 80, 24, cmd).poll(Duration.ofMillis(50))) {
            tmux.waitFor("the index", s -> s.contains("Weekly letter") && s.contains("Older note 8"), Duration.ofSeconds(90));
            tmux.keys("Enter");
            String pane = tmux.waitFor("the split view with the viewer's text",
                    s -> s.contains("[dumped by html-dump]") && s.contains("Rich news inside."), Duration.ofSeconds(30));
            String[] rows = pane.split("\n", -1);
            for (int r = 0; r < 6; r++) {
                assertTrue(rows[r].contains("Weekly letter") || rows[r].contains("Older note"), r + ":\n" + pane);
            }
            assertTrue(rows[6].startsWith(" -----"), pane);
            assertTrue(rows[7].startsWith("From:"), pane);

            tmux.keys("v");
            tmux.waitFor("the prompt", s -> s.contains("Open attachment 1 (Enter: 1):"), Duration.ofSeconds(10));
            tmux.keys("Enter");
            pane = tmux.waitFor("the viewer on the terminal", s -> s.contains("VIEWER HAS THE TERMINAL: payload"),
                    Duration.ofSeconds(20));
            assertTrue(!pane.contains("Weekly letter"), "the reader stepped aside:\n" + pane);
            tmux.keys("Enter");
            tmux.waitFor("the reader back", s -> s.contains("Opened attachment 1 with terminal-viewer.")
                    && s.contains("Rich news inside."), Duration.ofSeconds(20));

            tmux.keys("S");
            tmux.waitFor("the message alone", s -> s.startsWith("From:") && s.contains("Split view off."), Duration.ofSeconds(10));
            tmux.keys("q", "q");
            tmux.waitFor("exit", s -> s.contains("EXIT=0"), Duration.ofSeconds(30));
        }
    }
}

package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.ui.Cells;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The finished jar on a real pseudo-terminal (tmux): a 100 KB subject is one row cut to the terminal's
 * width (its own, or COLUMNS), a CJK subject is cut by columns, and the same command piped prints every byte.
 */
@Timeout(180)
class TerminalWidthIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private Tmux tmux;

    private String await(String text) throws Exception {
        return tmux.waitFor(text, Duration.ofSeconds(90));
    }

    private static void deliver(MailFolder inbox, String subject) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom("Bob <bob@example.org>");
        m.setRecipients(MimeMessage.RecipientType.TO, "alice@localhost");
        m.setSubject(subject, "UTF-8");
        m.setSentDate(new Date());
        m.setText("body", "UTF-8");
        m.saveChanges();
        inbox.appendMessage(m, new Flags(), new Date());
    }

    @Test
    void rowsAreCutToTheTerminalAndUntouchedWhenPiped() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        deliver(inbox, "long " + "x".repeat(100_000));
        deliver(inbox, "漢字".repeat(100));
        Path config = dir.resolve("config.toml");
        Files.writeString(config, "data_dir = \"" + dir.resolve("data") + "\"\n"
                + "[accounts.test]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nport = "
                + greenMail.getImap().getPort() + "\nsecurity = \"plain\"\nuser = \"alice\"\npassword = \"secret\"\n"
                + "timeout_seconds = 5\n");
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String postern = "env HOME=" + dir + " XDG_STATE_HOME=" + dir.resolve("state") + " " + PosternProcess.launcherJava()
                + " -jar " + PosternProcess.jar() + " --config " + config;
        // COLUMNS is unset in the pane (tmux does not export it): the first list measures the terminal itself.
        String cmd = "unset COLUMNS; " + postern + " list; echo EXIT1=$?; " + postern + " list --cached | wc -c; echo EXIT2=$?; "
                + "COLUMNS=40 " + postern + " list --cached; echo EXIT3=$?; sleep 60";
        tmux = Tmux.start("postern-width-it", 72, 50, 3000, null, cmd).poll(Duration.ofMillis(250));
        try {
            String pane = await("EXIT3=");
            List<String> lines = pane.lines().toList();
            int exit1 = indexOf(lines, "EXIT1=0");
            int exit2 = indexOf(lines, "EXIT2=0");
            int exit3 = indexOf(lines, "EXIT3=0");
            assertTrue(exit1 >= 0 && exit2 > exit1 && exit3 > exit2, pane);
            List<String> own = lines.subList(exit1 - 2, exit1);
            assertEquals(2, own.stream().filter(l -> l.matches("\\s+\\d+ .*")).count(), "two rows, no wrapping:\n" + pane);
            for (String row : own) {
                assertTrue(Cells.width(row) <= 72, "wider than the terminal: " + row.length() + "\n" + pane);
                assertTrue(row.endsWith("…"), "cut with an ellipsis: " + row);
            }
            assertTrue(own.stream().anyMatch(l -> l.contains("long xxxx")), pane);
            assertTrue(own.stream().anyMatch(l -> l.contains("漢字")), pane);
            long piped = Long.parseLong(lines.get(exit2 - 1).strip());
            assertTrue(piped > 100_000, "piped output is untouched: " + piped + " bytes");
            List<String> narrow = lines.subList(exit2 + 1, exit3);
            assertEquals(2, narrow.size(), pane);
            for (String row : narrow) assertTrue(Cells.width(row) <= 40, "COLUMNS=40 ignored: " + row);
        } finally {
            tmux.close();
        }
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i;
        return -1;
    }
}

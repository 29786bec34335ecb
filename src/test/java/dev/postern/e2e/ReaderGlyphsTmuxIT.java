package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The glyphs the reader draws of its own follow each reader's terminal (hunt 39-I, I9): a reader under LANG=C in its
 * own process, then two readers its owner serves at once, one on a UTF-8 terminal and one under LANG=C. On the ASCII
 * terminals the sidebar's rule is '|' on every row (it was a column of '?') and a cut line ends in '>' (it ended in a
 * '?' that read as part of it); the UTF-8 one keeps '│' and '…'. Through the launcher, in tmux.
 */
@Timeout(300)
class ReaderGlyphsTmuxIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir
    Path dir;

    private Tmux reader(String name, String lang, Path config) throws Exception {
        String cmd = "env -u LC_ALL -u LC_CTYPE -u POSTERN_TERMINAL_CHARSET -u POSTERN_CLIENT -u XDG_RUNTIME_DIR -u XDG_CONFIG_HOME"
                + " HOME=" + dir + " XDG_STATE_HOME=" + dir.resolve("state") + " LANG=" + lang + " TZ=UTC "
                + PerlTree.SOURCE.resolve("postern") + " --config " + config + "; echo EXIT=$?; sleep 60";
        return Tmux.start("postern-glyphs-" + name, 80, 24, cmd).poll(Duration.ofMillis(100));
    }

    @Test
    void eachReaderDrawsItsOwnGlyphsInItsTerminalsCharset() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("zed@localhost", "zed", "pw"));
        String[][] mail = {{"\u5c71\u7530 \u592a\u90ce <taro@example.jp>", "\u4f1a\u8b70 minutes"}, {"Bob <bob@example.org>", "plain words"}};
        for (String[] m : mail) {
            MimeMessage msg = new MimeMessage(Session.getInstance(new Properties()));
            msg.setFrom(m[0]);
            msg.setRecipients(MimeMessage.RecipientType.TO, "zed@localhost");
            msg.setSubject(m[1], "UTF-8");
            msg.setSentDate(new Date());
            msg.setText("hello\n", "UTF-8");
            msg.saveChanges();
            inbox.appendMessage(msg, new Flags(), new Date());
        }
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null),
                "poll_seconds = 3600\n");
        try (Tmux own = reader("own", "C", config)) {
            String a = own.waitFor("the list", s -> s.contains("plain words") && s.contains("minutes"), Duration.ofSeconds(90));
            assertRule(a, '|', "own process, LANG=C");
            assertTrue(a.contains("???? ????"), "the CJK sender: one '?' a column:\n" + a);
            try (Tmux utf8 = reader("utf8", "C.UTF-8", config); Tmux ascii = reader("ascii", "C", config)) {
                // Served: the owner's last row tells each that q ends it alone, cut at 80 columns with the terminal's mark.
                String b = utf8.waitFor("served", s -> s.contains("minutes") && s.contains("served by"), Duration.ofSeconds(90));
                String c = ascii.waitFor("served", s -> s.contains("minutes") && s.contains("served by"), Duration.ofSeconds(90));
                assertRule(b, '\u2502', "served, UTF-8");
                assertTrue(b.contains("\u5c71\u7530 \u592a\u90ce"), b);
                assertTrue(lastLine(b).endsWith("\u2026"), "cut with '…' on UTF-8:\n" + b);
                assertRule(c, '|', "served, LANG=C");
                assertTrue(c.contains("???? ????"), c);
                assertTrue(lastLine(c).endsWith(">"), "cut with '>' on ASCII, not '?':\n" + c);
                // The first served reader kept its own glyphs once the second came.
                assertRule(utf8.capture(), '\u2502', "served, UTF-8, with an ASCII reader beside it");
                assertRule(own.capture(), '|', "own process, with two served readers");
            }
        }
    }

    /** Column 20 (the sidebar's rule) of every row but the last two is {@code rule}; no '?' or '…' stands for a glyph. */
    private static void assertRule(String screen, char rule, String what) {
        List<String> rows = screen.lines().toList();
        assertTrue(rows.size() >= 22, what + ":\n" + screen);
        for (int r = 0; r < 22; r++) {
            String row = rows.get(r);
            assertTrue(row.length() > 20, what + " row " + r + ":\n" + screen);
            assertEquals(rule, row.charAt(20), what + " row " + r + ":\n" + screen);
        }
        if (rule == '|') assertFalse(screen.contains("\u2502") || screen.contains("\u2026"), what + ":\n" + screen);
    }

    private static String lastLine(String screen) {
        List<String> rows = screen.stripTrailing().lines().toList();
        return rows.get(rows.size() - 1).stripTrailing();
    }
}

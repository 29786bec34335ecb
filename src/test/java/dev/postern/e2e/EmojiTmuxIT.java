package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: characters outside the Basic Multilingual Plane (emoji, CJK Extension B) show as themselves in the
 * finished jar on a real terminal (tmux, a UTF-8 locale), not {@code ??}, and take two columns each so the index's
 * columns after them stay where the other rows have them: at 80x24, then after the terminal is resized to 120x40,
 * in the index and in the pager.
 */
@Timeout(120)
class EmojiTmuxIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    static final String SUBJECT = "Launch \uD83D\uDE80 party \uD83C\uDF89 at \uD840\uDC0B hall";

    /** Display columns of a captured row: a supplementary code point takes two cells, the rest here one. */
    static int columns(String s) {
        return s.codePoints().map(cp -> Character.isSupplementaryCodePoint(cp) ? 2 : 1).sum();
    }

    /** The captured row holding {@code text}. */
    static String row(String pane, String text) {
        for (String r : pane.split("\n", -1)) if (r.contains(text)) return r;
        throw new AssertionError("no row with " + text + ":\n" + pane);
    }

    /** Both index rows drawn to their size column (a capture may come mid-redraw). */
    static boolean drawn(String pane) {
        return pane.contains("Launch") && pane.contains("Plain note") && pane.contains("250B") && pane.contains("95B");
    }

    /** The emoji row and a plain row end (right-aligned size column) and start their subject at the same column. */
    static void aligned(String pane, int cols, String shown) {
        String emoji = row(pane, "Launch");
        String plain = row(pane, "Plain note");
        assertTrue(emoji.contains(shown), "the subject as itself:\n" + pane);
        assertFalse(pane.contains("??"), pane);
        assertEquals(columns(plain.stripTrailing()), columns(emoji.stripTrailing()), "both rows end at the same column:\n" + pane);
        assertEquals(columns(plain.substring(0, plain.indexOf("Plain note"))), columns(emoji.substring(0, emoji.indexOf("Launch"))),
                "both subjects start at the same column:\n" + pane);
        assertTrue(columns(emoji) <= cols, "the row fits " + cols + " columns:\n" + pane);
    }

    private static void deliver(com.icegreen.greenmail.user.GreenMailUser user, String raw) throws Exception {
        user.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void emojiSubjectsShowAsThemselvesWithColumnsAlignedAt80x24And120x40() throws Exception {
        var user = greenMail.setUser("zed@localhost", "zed", "pw");
        String encoded = "=?UTF-8?B?" + Base64.getEncoder().encodeToString(SUBJECT.getBytes(StandardCharsets.UTF_8)) + "?=";
        deliver(user, "From: Ann <ann@localhost>\r\nSubject: Plain note\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\nHello\r\n");
        deliver(user, "From: Bob <bob@localhost>\r\nSubject: " + encoded + "\r\nDate: Tue, 2 Jan 2024 10:00:00 +0000\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "Rocket \uD83D\uDE80 body|\r\n");
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"), "",
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null));
        String cmd = "env LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME=" + dir + " XDG_STATE_HOME=" + dir.resolve("state")
                + " XDG_CONFIG_HOME=" + dir.resolve("cfg") + " " + PosternProcess.launcherJava() + " -jar " + PosternProcess.jar()
                + " --config " + config + "; echo EXIT=$?; sleep 60";
        try (Tmux tmux = Tmux.start("postern-emoji-it", 80, 24, cmd).poll(Duration.ofMillis(50))) {
            String pane = tmux.waitFor("the index", EmojiTmuxIT::drawn, Duration.ofSeconds(60));
            aligned(pane, 80, "Launch \uD83D\uDE80 party \uD83C\uDF89 at \uD840\uDC0B"); // the rest cut at 80 columns

            tmux.tmux("resize-window", "-t", tmux.name(), "-x", "120", "-y", "40");
            pane = tmux.waitFor("the index at 120 columns", s -> s.split("\n", -1).length >= 40 && drawn(s)
                    && columns(row(s, "Launch").stripTrailing()) > 80, Duration.ofSeconds(20));
            aligned(pane, 120, SUBJECT);

            tmux.keys("Enter"); // the cursor is on the newest: the emoji message
            pane = tmux.waitFor("the pager", s -> s.contains("Rocket"), Duration.ofSeconds(20));
            assertTrue(pane.contains("Subject: " + SUBJECT), pane);
            assertTrue(pane.contains("Rocket \uD83D\uDE80 body|"), pane);
            tmux.keys("q", "q");
            tmux.waitFor("exit", s -> s.contains("EXIT=0"), Duration.ofSeconds(30));
        }
    }
}

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paint first (issue 16): the reader draws its first screen from the store before it builds picocli's command
 * tree, loads the mail library or TLS, or reads a whole folder. The finished jar runs on a real terminal (tmux)
 * over a store a sync filled, with its class loading logged to the same stderr as its start-up marks
 * ({@code POSTERN_TRACE_STARTUP}): every class loaded before the mark "behind the first screen" (the store's rows
 * are on the terminal) is on the first paint's path, and none of those may be one of the libraries the reader
 * only needs behind it, and the folder's read-ahead is asked only after it. Then the network does catch up behind the
 * screen (the session logs in). About 10 s.
 */
class PaintFirstIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    /** What the first screen must not wait for, by class name prefix, and why. */
    private static final List<String[]> BEHIND = List.of(
            new String[] {"picocli.CommandLine$Model", "picocli's model of the commands"},
            new String[] {"picocli.CommandLine ", "picocli's command line"},
            new String[] {"jakarta.mail.", "the mail library (a session)"},
            new String[] {"org.eclipse.angus.", "the mail library (a session)"},
            new String[] {"sun.security.ssl.", "TLS"},
            new String[] {"javax.net.ssl.", "TLS"},
            new String[] {"org.apache.lucene.", "the search index"},
            new String[] {"org.apache.tika.", "Tika"},
            new String[] {"dev.postern.backend.imap.ImapConnection ", "the IMAP session"});

    @Test
    @Timeout(120)
    void theFirstScreenLoadsNoneOfWhatRunsBehindIt() throws Exception {
        var user = greenMail.setUser("zed@localhost", "zed", "pw");
        for (int i = 1; i <= 30; i++) {
            String raw = "From: Ann <ann@localhost>\r\nSubject: Stored note " + i + "\r\nDate: Mon, 1 Jan 2024 10:" + (10 + i)
                    + ":00 +0000\r\nMessage-ID: <n" + i + "@localhost>\r\n\r\nHello " + i + "\r\n";
            user.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
        }
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null));
        PosternProcess.withConfig(dir, config, "sync", "--folder", "INBOX").timeout(Duration.ofSeconds(60)).run()
                .assertNoStackTrace().assertExitCode(0);
        Path stderr = dir.resolve("stderr.log");
        String cmd = "env HOME=" + dir + " XDG_STATE_HOME=" + dir.resolve("state") + " XDG_CONFIG_HOME=" + dir.resolve("cfg")
                + " POSTERN_TRACE_STARTUP=1 " + PosternProcess.javaBinary() + " -Xlog:class+load:stderr -jar " + PosternProcess.jar()
                + " --config " + config + " 2>" + stderr + "; echo EXIT=$?; sleep 60";
        try (Tmux tmux = Tmux.start("postern-paint-first-it", 80, 24, cmd)) {
            tmux.waitFor("the stored rows", s -> s.contains("Stored note 30") && s.contains("Stored note 10"), Duration.ofSeconds(60));
            // Behind the screen: the session logs in and the folder is checked (GreenMail then sees a SELECT).
            waitForLine(stderr, "imap logged in", Duration.ofSeconds(30));
            tmux.keys("q");
            tmux.waitFor("exit", s -> s.contains("EXIT=0"), Duration.ofSeconds(30));
        }
        String log = Files.readString(stderr);
        int behind = log.indexOf("behind the first screen");
        assertTrue(behind > 0, "no mark 'behind the first screen' in:\n" + tail(log));
        int rows = log.indexOf("index rows read");
        assertTrue(rows > 0 && rows < behind, "the store's rows were not read before the first screen:\n" + tail(log));
        // The folder's read-ahead (a whole-folder read and arrangement, for the first T) waits behind the screen.
        int readAhead = log.indexOf("index: read-ahead asked");
        assertTrue(readAhead > behind, "the folder's read-ahead was not asked after the first screen (" + readAhead
                + "):\n" + tail(log));
        String before = log.substring(0, behind);
        Matcher m = Pattern.compile("(?m)\\[class,load\\] (\\S+) source").matcher(before);
        int loaded = 0;
        List<String> wrong = new ArrayList<>();
        while (m.find()) {
            loaded++;
            String cls = m.group(1) + " ";
            for (String[] b : BEHIND) {
                if (cls.startsWith(b[0])) wrong.add(m.group(1) + " (" + b[1] + ")");
            }
        }
        assertTrue(loaded > 500, "no class loading logged before the first screen:\n" + tail(before));
        assertTrue(wrong.isEmpty(), "loaded before the first screen, which should not wait for it: " + wrong);
        // And they did load behind it: the check above would pass on a reader that never connects.
        String after = log.substring(behind);
        assertTrue(after.contains("] org.eclipse.angus.mail.imap.IMAPStore source"), "no IMAP session behind the first screen");
    }

    private static void waitForLine(Path file, String text, Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(file) && Files.readString(file).contains(text)) return;
            Thread.sleep(100);
        }
        throw new AssertionError("'" + text + "' never came in " + file + ":\n" + tail(Files.readString(file)));
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
    }
}

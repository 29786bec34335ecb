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
 * The reader's ':daemon status', ':complete folders' and ':demo' as a person types them in the finished jar on a
 * real terminal (tmux): the reader owns the data directory and says so, completes from its store, and refuses the
 * demo with its sentence; all three run as typed commands on the reader's process, so the reader never builds
 * picocli's model of a command nor loads the {@code daemon} argv adapter (the old ':' handed argv to picocli and
 * showed the last printed line: its class loading gave it away). About 10 s.
 */
class ReaderProcessCommandsIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    @Test
    @Timeout(120)
    void colonDaemonStatusCompleteAndDemoRunTypedInTheReader() throws Exception {
        var user = greenMail.setUser("zed@localhost", "zed", "pw");
        for (int i = 1; i <= 3; i++) {
            String raw = "From: Ann <ann@localhost>\r\nSubject: Note " + i + "\r\nDate: Mon, 1 Jan 2024 10:1" + i
                    + ":00 +0000\r\nMessage-ID: <n" + i + "@localhost>\r\n\r\nHello " + i + "\r\n";
            user.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
        }
        greenMail.getManagers().getImapHostManager().createMailbox(user, "Receipts");
        Path data = dir.resolve("data");
        Path config = PosternConfig.write(dir.resolve("config.toml"), data,
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null));
        PosternProcess.withConfig(dir, config, "sync").timeout(Duration.ofSeconds(60)).run()
                .assertNoStackTrace().assertExitCode(0);
        Path stderr = dir.resolve("stderr.log");
        String cmd = "env HOME=" + dir + " XDG_STATE_HOME=" + dir.resolve("state") + " XDG_CONFIG_HOME=" + dir.resolve("cfg")
                + " " + PosternProcess.javaBinary() + " -Xlog:class+load:stderr -jar " + PosternProcess.jar()
                + " --config " + config + " 2>" + stderr + "; echo EXIT=$?; sleep 60";
        try (Tmux tmux = Tmux.start("postern-reader-process-it", 200, 24, cmd)) {
            tmux.waitFor("the stored rows", s -> s.contains("Note 3") && s.contains("Note 1"), Duration.ofSeconds(60));
            tmux.keys(":daemon status");
            tmux.keys("Enter");
            tmux.waitFor("the reader says it owns the data directory",
                    s -> s.contains("the reader (pid ") && s.contains(" owns " + data.toAbsolutePath().normalize() + " since "),
                    Duration.ofSeconds(30));
            // sync filled INBOX only (Receipts is not subscribed); the reader's own refresh of the folder list adds
            // Receipts to the store and its folder pane. Once the pane shows it, `:complete folders` prints both, as
            // `postern complete folders` would (before, the test raced that refresh).
            tmux.waitFor("the reader's folder list refreshed", s -> s.contains("Receipts"), Duration.ofSeconds(30));
            tmux.keys(":complete folders");
            tmux.keys("Enter");
            tmux.waitFor("the store's folders on the status line", s -> s.strip().endsWith("\nINBOX, Receipts"), Duration.ofSeconds(30));
            tmux.keys(":demo");
            tmux.keys("Enter");
            tmux.waitFor("the demo refused", s -> s.contains("demo opens a reader of its own on a demo server"), Duration.ofSeconds(30));
            tmux.keys("q");
            tmux.waitFor("exit", s -> s.contains("EXIT=0"), Duration.ofSeconds(30));
        }
        String log = Files.readString(stderr);
        Matcher m = Pattern.compile("(?m)\\[class,load\\] (\\S+) source").matcher(log);
        int loaded = 0;
        List<String> argv = new ArrayList<>();
        boolean typedDaemon = false;
        while (m.find()) {
            loaded++;
            String cls = m.group(1);
            // (The adapters' top classes load with PosternCommand.SUBCOMMANDS' class literals; their models never should.)
            if (cls.startsWith("picocli.CommandLine$Model") || cls.startsWith("dev.postern.cli.DaemonCommand$")) argv.add(cls);
            if (cls.equals("dev.postern.command.DaemonCommand$Said")) typedDaemon = true;
        }
        assertTrue(loaded > 500, "no class loading logged:\n" + tail(log));
        assertTrue(typedDaemon, "the typed daemon command never ran");
        assertTrue(argv.isEmpty(), "':' went through picocli's argv door: " + argv);
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
    }
}

package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The finished jar's `postern shell` on a real pseudo-terminal (tmux send-keys / capture-pane): the
 * process's own JLine system terminal, the masked password question, tab completion, a new-mail notice
 * above the waiting prompt, Ctrl-C on a line, Ctrl-D leaving with 0, and the history file.
 */
@Timeout(180)
class ShellTmuxIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private Tmux tmux;

    private String pane() throws Exception {
        return tmux.capture();
    }

    private String await(String text, int seconds) throws Exception {
        return tmux.waitFor(text, Duration.ofSeconds(seconds));
    }

    /** Waits for a fresh prompt below the last {@code text}: keys typed earlier would be typeahead. */
    private void awaitPromptAfter(String text, int seconds) throws Exception {
        tmux.waitFor("a prompt after '" + text + "'", s -> {
            int at = s.lastIndexOf(text);
            return at >= 0 && s.indexOf("postern> ", at) >= 0;
        }, Duration.ofSeconds(seconds));
    }

    private static int prompts(String pane) {
        int n = 0;
        for (String line : pane.split("\n")) if (line.startsWith("postern>")) n++;
        return n;
    }

    private void keys(String... keys) throws Exception {
        tmux.keys(keys);
    }

    /** Starts postern with ARGS in a tmux session, with no password source for the account. */
    private MailFolder startInTmux(String args) throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        Path config = dir.resolve("config.toml");
        Files.writeString(config, "data_dir = \"" + dir.resolve("data") + "\"\n"
                + "[accounts.test]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nport = "
                + greenMail.getImap().getPort() + "\nsecurity = \"plain\"\nuser = \"alice\"\ntimeout_seconds = 5\n");
        String cmd = "env HOME=" + dir + " XDG_STATE_HOME=" + dir.resolve("state") + " " + PosternProcess.launcherJava()
                + " -jar " + PosternProcess.jar() + " --config " + config + " " + args + "; echo EXIT=$?; sleep 60";
        tmux = Tmux.start("postern-shell-it", 120, 40, 200, null, cmd).poll(Duration.ofMillis(200));
        return inbox;
    }

    @Test
    void batchCommandAsksOnTheTerminalWhileStdoutIsAPipe() throws Exception {
        MailFolder inbox = startInTmux("list | cat");
        deliver(inbox, "listed after asking");
        try {
            await("Password for test (alice@127.0.0.1): ", 60);
            keys("secret", "Enter");
            String s = await("EXIT=0", 30);
            assertTrue(s.contains("listed after asking"), s);
            assertTrue(s.contains("Password for test (alice@127.0.0.1): ******"), s);
            assertFalse(s.contains("secret"), "the password was shown:\n" + s);
        } finally {
            tmux.close();
        }
    }

    @Test
    void shellOnARealTerminal() throws Exception {
        MailFolder inbox = startInTmux("shell");
        try {
            await("Password for test (alice@127.0.0.1): ", 60);
            keys("secret", "Enter");
            await("postern> ", 30);
            keys("fold", "Tab", "s", "Enter");
            awaitPromptAfter("  INBOX", 30);
            deliver(inbox, "arrived while waiting");
            await("New mail: 1 in test/INBOX", 40);
            keys("list --acc", "Tab", "test l");
            await("postern> list --account test l", 30);
            int prompts = prompts(pane());
            keys("C-c");
            // A person sees the fresh prompt before typing on (keys sent within the same millisecond as the
            // signal can overtake its delivery). The cancelled line stays on screen; a new prompt is drawn below.
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (prompts(pane()) <= prompts && System.nanoTime() < end) Thread.sleep(200);
            assertTrue(prompts(pane()) > prompts, "no fresh prompt after Ctrl-C:\n" + pane());
            keys("list", "Enter");
            awaitPromptAfter("arrived while waiting", 30);
            keys("C-d");
            String s = await("EXIT=0", 30);
            assertFalse(s.contains("secret"), "the password was shown:\n" + s);
            assertTrue(s.contains("Password for test (alice@127.0.0.1): ******"), s);
            assertTrue(s.contains("postern> folders"), "tab did not complete 'fold' + 's':\n" + s);
            assertFalse(s.contains("Exception") || s.contains("\tat "), s);
            assertFalse(s.contains("no folder"), "the cancelled line ran:\n" + s);
            assertFalse(s.contains("interrupted"), "a Ctrl-C at the prompt cancelled the next command:\n" + s);
            String history = Files.readString(dir.resolve("state/postern/shell_history"));
            assertTrue(history.contains("folders") && history.contains("list"), history);
            assertFalse(history.contains("secret"), history);
            assertFalse(history.contains("list --account test l"), history);
        } finally {
            tmux.close();
        }
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
}

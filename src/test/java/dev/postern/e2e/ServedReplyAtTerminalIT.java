package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `postern reply` (and `recall UID`) typed at a terminal while a daemon owns the data directory: the owner runs the
 * command and has no terminal to lend its editor. Before, it took the client's terminal for a pipe and read the
 * reply's body from it without a word (the person saw a blank wait; the editor never came). Now it says at once
 * that the editor needs the terminal and what to do instead (75), before it reads or drafts anything; the editor
 * never runs. So for `folder delete`'s y/N: it said "nothing deleted" without ever asking (exit 0); now it says the
 * question needs the terminal (75), and piped (no terminal) it is 64 as in process. Through the Java client and the
 * launcher's Perl client, at a terminal in tmux.
 */
@Timeout(300)
class ServedReplyAtTerminalIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new com.icegreen.greenmail.util.ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;

    @Test
    void aServedReplyAtATerminalSaysTheEditorNeedsItInsteadOfReadingTheTerminalAsItsBody() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("zed@localhost", "zed", "pw"));
        GreenMailInbox.deliver(inbox, "alpha one");
        GreenMailInbox.deliver(greenMail.getManagers().getImapHostManager().createMailbox(
                greenMail.getManagers().getUserManager().getUserByEmail("zed@localhost"), "Old"), "kept in Old");
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\necho ran > " + dir.resolve("editor-ran") + "\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        Path config = ServedReaderIT.config(dir, greenMail.getImap().getPort(), greenMail.getSmtp().getPort());
        PerlTree tree = PerlTree.in(dir);
        daemon(config, "sync").assertExitCode(0);
        daemon(config, "daemon", "start").assertExitCode(0);
        try {
            String env = "env HOME=" + dir + " XDG_RUNTIME_DIR= XDG_CACHE_HOME= XDG_CONFIG_HOME= XDG_STATE_HOME=" + dir.resolve("state")
                    + " EDITOR=" + editor + " PATH=" + tree.bin + ":" + System.getenv("PATH") + " ";
            String java = PosternProcess.launcherJava() + " -jar " + PosternProcess.jar();
            int n = 0;
            for (String client : List.of(java, tree.launcher().toString())) {
                for (String command : List.of("reply INBOX 1", "forward INBOX 1 --to ann@example.org", "recall 1")) {
                    try (Tmux t = Tmux.start("postern-served-reply-" + n++, 120, 24, env + client + " --config " + config + " "
                            + command + "; echo EXIT=$?; sleep 60").poll(Duration.ofMillis(50))) {
                        String screen = t.waitFor(command + "'s answer", s -> s.contains("EXIT="), Duration.ofSeconds(60));
                        String flat = screen.replace("\n", "");
                        assertTrue(flat.contains("postern: the editor needs your terminal, but postern daemon (pid "), client + " " + command + ":\n" + screen);
                        assertTrue(flat.contains("pass --body-file FILE, or stop it (postern daemon stop) and run the command again."), screen);
                        assertTrue(screen.contains("EXIT=75"), screen);
                        assertFalse(Files.exists(dir.resolve("editor-ran")), "the editor ran: " + screen);
                    }
                }
                try (Tmux t = Tmux.start("postern-served-ask-" + n++, 120, 24, env + client + " --config " + config
                        + " folder delete Old; echo EXIT=$?; sleep 60").poll(Duration.ofMillis(50))) {
                    String screen = t.waitFor("folder delete's answer", s -> s.contains("EXIT="), Duration.ofSeconds(60));
                    String flat = screen.replace("\n", "");
                    assertTrue(flat.contains("postern: this command asks a question on your terminal, but postern daemon (pid ")
                            && flat.contains("nothing was done; answer it on the command line (--yes), or stop it"), client + ":\n" + screen);
                    assertTrue(screen.contains("EXIT=75"), screen);
                }
            }
            PosternProcess.Result piped = PosternProcess.command("sh", "-c", env + tree.launcher() + " --config " + config
                    + " folder delete Old < /dev/null").timeout(Duration.ofSeconds(120)).run();
            assertTrue(piped.exitCode() == 64 && piped.stderr().contains("there is no terminal to ask on"), piped.describe());
            assertTrue(greenMail.getManagers().getImapHostManager().getFolder(
                    greenMail.getManagers().getUserManager().getUserByEmail("zed@localhost"), "Old") != null, "Old was deleted");
        } finally {
            daemon(config, "daemon", "stop");
        }
    }

    private PosternProcess.Result daemon(Path config, String... args) {
        return PosternProcess.withConfig(dir, config, args).env("XDG_RUNTIME_DIR", null).env("XDG_CACHE_HOME", null)
                .env("XDG_CONFIG_HOME", null).timeout(Duration.ofSeconds(120)).run().assertNoStackTrace();
    }
}

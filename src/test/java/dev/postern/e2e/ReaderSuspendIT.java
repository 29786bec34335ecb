package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-Z in the reader, as a person uses it from an interactive shell with job control (bash -i in tmux): the job
 * stops with the shell's terminal back as it was (lines and echo, the normal screen), and {@code fg} brings the reader
 * back in raw mode with its screen redrawn and its keys working; q then ends it with exit 0 and a cooked terminal.
 * Before, the reader stopped with the terminal raw and came back to a terminal the shell had made cooked: keys
 * echoed over a screen that was never redrawn. The same for a reader in its own process, one served through the
 * Java client, and one served through the launcher's Perl client.
 */
@Timeout(300)
class ReaderSuspendIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new com.icegreen.greenmail.util.ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;

    private Path config() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.setUser("zed@localhost", "zed", "pw"));
        GreenMailInbox.deliver(inbox, "alpha one");
        GreenMailInbox.deliver(inbox, "beta two");
        GreenMailInbox.deliver(inbox, "gamma three");
        return ServedReaderIT.config(dir, greenMail.getImap().getPort(), greenMail.getSmtp().getPort());
    }

    private String env() {
        return "env HOME=" + dir + " XDG_RUNTIME_DIR= XDG_CACHE_HOME= XDG_CONFIG_HOME= XDG_STATE_HOME=" + dir.resolve("state");
    }

    /** The owning reader, {@code command} run in a tmux pane in {@link #env}; after it ends, its exit code. */
    private Tmux owner(String command) throws Exception {
        Path cwd = Files.createDirectories(dir.resolve("cwd-owner"));
        Tmux t = Tmux.start("postern-suspend-owner", 100, 24, "cd " + cwd + "; " + command + "; echo EXIT=$?; sleep 60")
                .poll(Duration.ofMillis(50));
        t.waitFor("the owner's rows", s -> s.contains("gamma three"), Duration.ofSeconds(60));
        return t;
    }

    private static void quit(Tmux owner) throws Exception {
        owner.keys("q");
        owner.waitFor("EXIT=", Duration.ofSeconds(30));
        assertTrue(owner.capture().contains("EXIT=0"), owner.capture());
    }

    /** An interactive bash (job control on) in a tmux pane, without readline: its terminal is the line discipline's own. */
    private static Tmux shell(String name) throws Exception {
        Tmux t = Tmux.start("postern-suspend-" + name, 100, 24, "bash --norc --noprofile --noediting -i").poll(Duration.ofMillis(50));
        t.keys("PS1='ready$ '", "Enter");
        t.waitFor("ready$", Duration.ofSeconds(20));
        return t;
    }

    /** The settings of the pane's terminal right now, as `stty -a` prints them, read from outside the pane. */
    private static String modes(Tmux t) throws Exception {
        Process p = new ProcessBuilder("stty", "-a", "-F", t.format("#{pane_tty}")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return out;
    }

    private static boolean cooked(String stty) {
        return stty.matches("(?s).*(^|\\s)icanon\\s.*") && stty.matches("(?s).*(^|\\s)echo\\s.*");
    }

    private static boolean raw(String stty) {
        return stty.contains("-icanon") && stty.contains("-echo ");
    }

    /**
     * Ctrl-Z, the shell's terminal, fg, the reader's screen and keys, q: the whole round trip in {@code t}, whose
     * reader shows the three messages on its first screen.
     */
    private static void suspendAndComeBack(Tmux t) throws Exception {
        t.waitFor("the reader's rows", s -> s.contains("alpha one") && s.contains("gamma three"), Duration.ofSeconds(60));
        assertTrue(raw(modes(t)), "the reader runs in raw mode:\n" + modes(t));

        t.keys("C-z");
        String stopped = t.waitFor("the job stopped", s -> s.contains("Stopped") && s.strip().endsWith("ready$"),
                Duration.ofSeconds(20));
        assertFalse(stopped.contains("gamma three"), "the reader's screen was put away:\n" + stopped);
        assertTrue(cooked(modes(t)), "the shell has its terminal as it was:\n" + modes(t));
        t.keys("echo typed-at-the-shell", "Enter");
        t.waitFor("the shell answering", s -> s.lines().anyMatch(l -> l.equals("typed-at-the-shell")), Duration.ofSeconds(20));

        t.keys("fg", "Enter");
        t.waitFor("the reader redrawn", s -> s.contains("alpha one") && s.contains("gamma three")
                && !s.contains("typed-at-the-shell"), Duration.ofSeconds(30));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!raw(modes(t)) && System.nanoTime() < end) Thread.sleep(50);
        assertTrue(raw(modes(t)), "the reader is in raw mode again:\n" + modes(t));
        t.keys("j");
        t.waitFor("the cursor on the second row", s -> s.contains("[2/3"), Duration.ofSeconds(20));

        t.keys("q");
        t.waitFor("the shell again", s -> s.strip().endsWith("ready$") && !s.contains("gamma three"), Duration.ofSeconds(30));
        t.keys("echo EXIT=$?", "Enter");
        // The echo's output line, not the command typed (which "EXIT=" alone matched before the output came).
        String exit = t.waitFor("the reader's exit code", s -> s.lines().anyMatch(l -> l.matches("EXIT=\\d+")),
                Duration.ofSeconds(20));
        assertTrue(exit.lines().anyMatch(l -> l.equals("EXIT=0")), exit);
        assertTrue(cooked(modes(t)), "the terminal is cooked after q:\n" + modes(t));
    }

    @Test
    void aReaderInItsOwnProcessStopsAndComesBack() throws Exception {
        Path config = config();
        try (Tmux t = shell("own")) {
            t.keys(env() + " " + PosternProcess.launcherJava() + " -jar " + PosternProcess.jar() + " --config " + config, "Enter");
            suspendAndComeBack(t);
        }
    }

    /**
     * The reader's terminal settings are set in one stty (ExactUnixTerminal) and put back exactly at its end, the
     * person's own interrupt key too (Lanterna set it to ^C after putting the rest back). Run without an interactive
     * shell, whose job control would put its own settings back over whatever the reader left.
     */
    @Test
    void theReadersEndPutsTheTerminalBackAsItWas() throws Exception {
        Path config = config();
        Path before = dir.resolve("stty-before");
        Path after = dir.resolve("stty-after");
        try (Tmux t = Tmux.start("postern-stty", 100, 24, "stty intr ^G; stty -g > " + before + "; " + env() + " "
                + PosternProcess.launcherJava() + " -jar " + PosternProcess.jar() + " --config " + config
                + "; stty -g > " + after + "; echo DONE; sleep 60").poll(Duration.ofMillis(50))) {
            t.waitFor("the reader's rows", s -> s.contains("alpha one") && s.contains("gamma three"), Duration.ofSeconds(60));
            String running = modes(t);
            assertTrue(running.contains("intr = <undef>") && running.contains("min = 1") && raw(running),
                    "the reader's terminal settings:\n" + running);
            t.keys("q");
            t.waitFor("DONE", Duration.ofSeconds(30));
            assertEquals(Files.readString(before).strip(), Files.readString(after).strip(),
                    "the terminal after q is as it was before the reader");
        }
    }

    @Test
    void aReaderServedThroughTheJavaClientStopsAndComesBackWhileItsOwnerGoesOn() throws Exception {
        Path config = config();
        String reader = env() + " " + PosternProcess.launcherJava() + " -jar " + PosternProcess.jar() + " --config " + config;
        try (Tmux owner = owner(reader)) {
            try (Tmux t = shell("java-client")) {
                t.keys(reader, "Enter");
                t.waitFor("the served notice", s -> s.contains("served by the postern that owns the mail"), Duration.ofSeconds(60));
                suspendAndComeBack(t);
            }
            assertTrue(owner.capture().contains("gamma three"), "the owner's reader goes on:\n" + owner.capture());
            quit(owner);
        }
    }

    @Test
    void aReaderServedThroughThePerlClientStopsAndComesBackWithNoJvm() throws Exception {
        Path config = config();
        PerlTree tree = PerlTree.in(dir);
        String reader = env() + " PATH=" + tree.bin + ":" + System.getenv("PATH") + " " + tree.launcher() + " --config " + config;
        try (Tmux owner = owner(reader)) {
            Files.deleteIfExists(tree.calls); // the owner's own JVM
            try (Tmux t = shell("perl-client")) {
                t.keys(reader, "Enter");
                t.waitFor("the served notice", s -> s.contains("served by the postern that owns the mail"), Duration.ofSeconds(60));
                assertEquals("", tree.jvms(), "the served reader started a JVM");
                suspendAndComeBack(t);
                assertEquals("", tree.jvms(), "the reader started a JVM on its way back from Ctrl-Z");
            }
            quit(owner);
        }
    }
}

package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program the reader runs at its terminal ($EDITOR here; a terminal mailcap viewer and $BROWSER go the same way)
 * gets the terminal as the person's shell had it, as mutt gives it (hunt 32-V, C2): lines, echo and Ctrl-C as a
 * signal, which ends the program and not the reader; the reader then comes back in raw mode with its keys working and
 * q ends it with exit 0. Before, the program ran in the reader's raw mode (no echo, no line editing, intr undefined):
 * an editor such as ed or a script asking a question got no echo, and a hung viewer could not be interrupted. Run as
 * a person runs it, from an interactive shell with job control (the reader its foreground job), for a reader in its
 * own process and for one served through the Java client and through the launcher's Perl client.
 */
@Timeout(300)
class ProgramAtTerminalIT {
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

    /**
     * The editor: writes the terminal's settings, saves a first line of the answer (as a :w), says it waits, and reads a
     * line; Ctrl-C (SIGINT) makes its trap write a marker and end it with 130.
     */
    private Path editor() throws Exception {
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\n"
                + "trap 'echo interrupted > " + dir.resolve("editor-int") + "; exit 130' INT\n"
                + "stty -a > " + dir.resolve("editor-stty.tmp") + "; mv " + dir.resolve("editor-stty.tmp") + " "
                + dir.resolve("editor-stty") + "\n"
                + "echo 'half-written answer' >> \"$1\"\n"
                + "echo editor-waiting\n"
                + "read line\n"
                + "echo \"$line\" > " + dir.resolve("editor-line") + "\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        return editor;
    }

    private String env() throws Exception {
        return "env HOME=" + dir + " XDG_RUNTIME_DIR= XDG_CACHE_HOME= XDG_CONFIG_HOME= XDG_STATE_HOME="
                + dir.resolve("state") + " EDITOR=" + editor();
    }

    /** An interactive bash (job control on) in a tmux pane, without readline: its terminal is the line discipline's own. */
    private static Tmux shell(String name) throws Exception {
        Tmux t = Tmux.start("postern-program-" + name, 100, 24, "bash --norc --noprofile --noediting -i").poll(Duration.ofMillis(50));
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

    private static boolean raw(String stty) {
        return stty.contains("-icanon") && stty.contains("-echo ") && stty.contains("intr = <undef>");
    }

    /**
     * {@code t} shows the reader's three rows: m runs the editor, which must find the shell's settings and echo what
     * is typed; Ctrl-C ends it (its trap) and not the reader, which comes back raw, answers keys, and ends on q with 0.
     */
    private void editorGetsTheShellsTerminal(Tmux t) throws Exception {
        t.waitFor("the reader's rows", s -> s.contains("alpha one") && s.contains("gamma three"), Duration.ofSeconds(60));
        assertTrue(raw(modes(t)), "the reader runs in raw mode:\n" + modes(t));

        t.keys("m");
        t.waitFor("the editor waiting", s -> s.contains("editor-waiting"), Duration.ofSeconds(30));
        String stty = Files.readString(dir.resolve("editor-stty"));
        assertTrue(stty.matches("(?s).*\\sicanon\\s.*"), "line editing for the editor:\n" + stty);
        assertTrue(stty.matches("(?s).*\\secho\\s.*"), "echo for the editor:\n" + stty);
        assertTrue(stty.matches("(?s).*\\sisig\\s.*") && stty.contains("intr = ^C;"), "Ctrl-C is a signal for the editor:\n" + stty);
        t.keys("typed-at-the-editor");
        t.waitFor("the typing echoed", s -> s.contains("typed-at-the-editor"), Duration.ofSeconds(20));

        t.keys("C-c");
        // What the editor saved before the Ctrl-C is kept, on the review screen, in the served reader as in its own
        // process (the local batch door's EditorInterruptTest; hunt 42-H's served half).
        String back = t.waitFor("the reader back", s -> s.contains("exited with code 130"), Duration.ofSeconds(30));
        assertTrue(back.contains("after saving; what it saved is kept") && back.contains("half-written answer"), back);
        assertEquals("interrupted", Files.readString(dir.resolve("editor-int")).strip(), "the editor's trap ran");
        assertFalse(Files.exists(dir.resolve("editor-line")), "the editor read a line");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!raw(modes(t)) && System.nanoTime() < end) Thread.sleep(50);
        assertTrue(raw(modes(t)), "the reader is in raw mode again:\n" + modes(t));

        // The draft's review screen; q (and y to discard what was saved) leaves it for the index, whose keys work.
        t.keys("q");
        String left = t.waitFor("the draft left", s -> !s.contains("Review the message") || s.contains("(y/n)"),
                Duration.ofSeconds(20));
        if (left.contains("(y/n)")) t.keys("y");
        t.waitFor("the index", s -> s.contains("gamma three") && !s.contains("Review the message"), Duration.ofSeconds(20));
        t.keys("j");
        t.waitFor("the cursor on the second row", s -> s.contains("[2/3"), Duration.ofSeconds(20));
        t.keys("q");
        t.waitFor("the shell again", s -> s.strip().endsWith("ready$") && !s.contains("gamma three"), Duration.ofSeconds(30));
        t.keys("echo EXIT=$?", "Enter");
        String exit = t.waitFor("the reader's exit code", s -> s.lines().anyMatch(l -> l.matches("EXIT=\\d+")),
                Duration.ofSeconds(20));
        assertTrue(exit.lines().anyMatch(l -> l.equals("EXIT=0")), exit);
    }

    /** The owning reader, {@code command} run in a tmux pane; after it ends, its exit code. */
    private Tmux owner(String command) throws Exception {
        Path cwd = Files.createDirectories(dir.resolve("cwd-owner"));
        Tmux t = Tmux.start("postern-program-owner", 100, 24, "cd " + cwd + "; " + command + "; echo EXIT=$?; sleep 60")
                .poll(Duration.ofMillis(50));
        t.waitFor("the owner's rows", s -> s.contains("gamma three"), Duration.ofSeconds(60));
        return t;
    }

    private static void quit(Tmux owner) throws Exception {
        owner.keys("q");
        owner.waitFor("EXIT=", Duration.ofSeconds(30));
        assertTrue(owner.capture().contains("EXIT=0"), owner.capture());
    }

    @Test
    void aReaderInItsOwnProcessGivesTheEditorTheShellsTerminalAndCtrlC() throws Exception {
        Path config = config();
        try (Tmux t = shell("own")) {
            t.keys(env() + " " + PosternProcess.launcherJava() + " -jar " + PosternProcess.jar() + " --config " + config, "Enter");
            editorGetsTheShellsTerminal(t);
        }
    }

    @Test
    void aReaderServedThroughTheJavaClientGivesTheEditorTheShellsTerminalAndCtrlC() throws Exception {
        Path config = config();
        String reader = env() + " " + PosternProcess.launcherJava() + " -jar " + PosternProcess.jar() + " --config " + config;
        try (Tmux owner = owner(reader)) {
            try (Tmux t = shell("java-client")) {
                t.keys(reader, "Enter");
                t.waitFor("the served notice", s -> s.contains("served by the postern that owns the mail"), Duration.ofSeconds(60));
                editorGetsTheShellsTerminal(t);
            }
            quit(owner);
        }
    }

    @Test
    void aReaderServedThroughThePerlClientGivesTheEditorTheShellsTerminalAndCtrlC() throws Exception {
        Path config = config();
        PerlTree tree = PerlTree.in(dir);
        String reader = env() + " PATH=" + tree.bin + ":" + System.getenv("PATH") + " " + tree.launcher() + " --config " + config;
        try (Tmux owner = owner(reader)) {
            Files.deleteIfExists(tree.calls); // the owner's own JVM
            try (Tmux t = shell("perl-client")) {
                t.keys(reader, "Enter");
                t.waitFor("the served notice", s -> s.contains("served by the postern that owns the mail"), Duration.ofSeconds(60));
                editorGetsTheShellsTerminal(t);
                assertEquals("", tree.jvms(), "the served reader started a JVM");
            }
            quit(owner);
        }
    }
}

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 32-V, B2 and B3: a served reader whose user is writing a message when the reader ends otherwise than by its own
 * q keeps the text in {@code $XDG_STATE_HOME/postern/drafts/} (0600) and says where, as every other reader's end does.
 * The owner killed with -9 while the editor runs at the served terminal (B2): the client keeps the file the editor
 * saved, the text typed after the owner went included, and names it beside its exit-75 sentence; before, the text was
 * left in the owner's /tmp file, unnamed. The owner quitting with q meanwhile (B3): it does not wait for the editor,
 * but hands the reader over as for any clean stop (the reader starts again in its own process, here the one that owns
 * the mail), and the client keeps and names the draft; before, it ended with the killed owner's sentence and the text
 * in /tmp. And the client's own end (SIGTERM) with the message on the review screen: the owner keeps it, and its
 * sentence now reaches the terminal before the client exits 143. Through the Java client and the launcher's Perl client.
 */
@Timeout(300)
class ServedEditorOwnerGoneIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new com.icegreen.greenmail.util.ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;

    /**
     * The config, and the editor: it notes its file, writes a message into it (as a :w), says it waits, reads a line
     * and adds it to the file (as more typing and :wq).
     */
    private Path config() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("zed@localhost", "zed", "pw"));
        GreenMailInbox.deliver(inbox, "alpha one");
        GreenMailInbox.deliver(inbox, "beta two");
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\n"
                + "echo \"$1\" > " + dir.resolve("editor-file") + "\n"
                + "printf 'From: zed@localhost\\nTo: ann@example.org\\nSubject: left in the editor\\n\\nwritten before\\n' > \"$1\"\n"
                + "echo editor-waiting\n"
                + "read line\n"
                + "echo \"$line\" >> \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        return ServedReaderIT.config(dir, greenMail.getImap().getPort(), greenMail.getSmtp().getPort());
    }

    /** The environment: owners' files under HOME/.cache, the state directory {@code state} (the served one's its own). */
    private String env(String state, PerlTree tree) {
        return "env HOME=" + dir + " XDG_RUNTIME_DIR= XDG_CACHE_HOME= XDG_CONFIG_HOME= XDG_STATE_HOME=" + dir.resolve(state)
                + " EDITOR=" + dir.resolve("editor.sh") + (tree == null ? "" : " PATH=" + tree.bin + ":" + System.getenv("PATH"));
    }

    /** The owning reader, in its own process; after it ends, its exit code. */
    private Tmux owner(Path config) throws Exception {
        Path cwd = Files.createDirectories(dir.resolve("cwd-owner"));
        Tmux t = Tmux.start("postern-editor-owner", 100, 24, "cd " + cwd + "; " + env("state-a", null) + " "
                + PosternProcess.launcherJava() + " -jar " + PosternProcess.jar() + " --config " + config + "; echo EXIT=$?; sleep 60")
                .poll(Duration.ofMillis(50));
        t.waitFor("the owner's rows", s -> s.contains("alpha one"), Duration.ofSeconds(90));
        t.waitFor("the owner's socket", s -> Files.exists(dir.resolve("data").resolve("owner.sock")), Duration.ofSeconds(30));
        return t;
    }

    /** The served reader, through the Java client or (with {@code tree}) the launcher's Perl client; after it, `stty -a`. */
    private Tmux served(Path config, PerlTree tree) throws Exception {
        Path cwd = Files.createDirectories(dir.resolve("cwd-served"));
        String reader = tree == null ? PosternProcess.launcherJava() + " -jar " + PosternProcess.jar() : tree.launcher().toString();
        Tmux t = Tmux.start("postern-editor-served", 100, 24, "cd " + cwd + "; " + env("state-b", tree) + " " + reader
                + " --config " + config + "; echo EXIT=$?; stty -a; sleep 60").poll(Duration.ofMillis(50));
        t.waitFor("the served reader", s -> s.contains("served by the postern that owns the mail") && s.contains("alpha one"),
                Duration.ofSeconds(90));
        return t;
    }

    /** m in {@code t}: the editor runs at its terminal and has written the message's first part. */
    private Path writing(Tmux t) throws Exception {
        t.keys("m");
        t.waitFor("the editor waiting", s -> s.contains("editor-waiting"), Duration.ofSeconds(30));
        Path file = Path.of(Files.readString(dir.resolve("editor-file")).strip());
        assertTrue(file.getParent().getFileName().toString().startsWith("postern-draft-"), file.toString());
        return file;
    }

    /** The one draft kept in the served reader's state directory, its mode 0600 and the text typed in both parts. */
    private Path keptDraft(String typedAfter) throws Exception {
        Path drafts = dir.resolve("state-b/postern/drafts");
        List<Path> kept;
        try (Stream<Path> s = Files.list(drafts)) {
            kept = s.toList();
        }
        assertEquals(1, kept.size(), kept.toString());
        Path draft = kept.get(0);
        assertTrue(draft.getFileName().toString().matches("unsent-\\d{8}-\\d{6}\\.eml"), draft.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(draft)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(drafts)));
        String text = Files.readString(draft);
        assertTrue(text.contains("Subject: left in the editor") && text.contains("written before"), text);
        if (typedAfter != null) assertTrue(text.contains(typedAfter), text);
        return draft;
    }

    /** Whether the pane shows {@code sentence}, wrapped anywhere (tmux breaks lines inside words, and drops the space). */
    private static boolean says(String pane, String sentence) {
        return pane.replaceAll("\\s", "").contains(sentence.replaceAll("\\s", ""));
    }

    private void ownerKilledWhileTheEditorRuns(PerlTree tree) throws Exception {
        Path config = config();
        try (Tmux a = owner(config); Tmux b = served(config, tree)) {
            ProcessHandle owner = ServedReaderIT.process(a);
            Path file = writing(b);
            owner.destroyForcibly(); // SIGKILL
            owner.onExit().get(20, TimeUnit.SECONDS);
            b.keys("typed after the owner died", "Enter");
            String end = ServedReaderIT.ended(b, "the served reader's end", 30);
            assertTrue(end.contains("EXIT=75"), end);
            ServedReaderIT.assertCooked(end);
            assertTrue(says(end, "stopped, and this reader, which it served, ended with it"), end);
            assertTrue(says(end, "the message you were writing was not sent; it is kept in"), end);
            Path draft = keptDraft("typed after the owner died");
            assertTrue(says(end, "postern: the message you were writing was not sent; it is kept in " + draft + "."), end);
            assertFalse(Files.exists(file.getParent()), "the temporary file and its directory are gone: " + file);
        }
    }

    private void ownerQuitsWhileTheEditorRuns(PerlTree tree) throws Exception {
        Path config = config();
        try (Tmux a = owner(config); Tmux b = served(config, tree)) {
            ProcessHandle owner = ServedReaderIT.process(a);
            Path file = writing(b);
            a.keys("q");
            String endA = a.waitFor("the owner's end", s -> s.contains("EXIT="), Duration.ofSeconds(30));
            assertTrue(endA.contains("EXIT=0"), endA);
            owner.onExit().get(20, TimeUnit.SECONDS);
            b.keys("typed after the owner quit", "Enter");
            // Handed over: the reader starts again in this terminal's own process, which now owns the mail; the sentence
            // naming the draft was printed before, on the normal screen.
            b.waitFor("the reader again, owning", s -> s.contains("alpha one") && !s.contains("served by the postern"),
                    Duration.ofSeconds(90));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(dir.resolve("data/owner.sock")) && System.nanoTime() < end) Thread.sleep(100);
            assertTrue(Files.exists(dir.resolve("data/owner.sock")), "the reader started again owns the mail");
            Path draft = keptDraft("typed after the owner quit");
            assertFalse(Files.exists(file.getParent()), "the temporary file and its directory are gone: " + file);
            b.keys("q");
            String ended = ServedReaderIT.ended(b, "the reader's end", 30);
            assertTrue(ended.contains("EXIT=0"), ended);
            ServedReaderIT.assertCooked(ended);
            assertTrue(says(ended, "postern: the message you were writing was not sent; it is kept in " + draft + "."), ended);
            assertFalse(says(ended, "ended with it"), ended);
        }
    }

    private void clientEndsOnTheReviewScreen(PerlTree tree) throws Exception {
        clientEndsOnTheReviewScreen(tree, false);
    }

    /**
     * {@code stall}: the owner is stopped (SIGSTOP) for 1.5 s around the client's SIGTERM, as a busy machine delays it.
     * The Perl client then waited only what was left of the 0.2 s poll the signal cut short, not its 10 s, and ended
     * without the sentence (the failures of ci41b and ci41c in the parallel phase).
     */
    private void clientEndsOnTheReviewScreen(PerlTree tree, boolean stall) throws Exception {
        Path config = config();
        try (Tmux a = owner(config); Tmux b = served(config, tree)) {
            ProcessHandle client = ServedReaderIT.process(b);
            Path file = writing(b);
            b.keys("typed before the client ended", "Enter");
            b.waitFor("the review screen", s -> s.contains("Review the message"), Duration.ofSeconds(30));
            long owner = dev.postern.resident.SocketFiles.lockHolder(dir.resolve("data").resolve("store.lock"));
            if (stall) assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(owner)).start().waitFor());
            client.destroy(); // SIGTERM
            if (stall) {
                Thread.sleep(1_500);
                assertEquals(0, new ProcessBuilder("kill", "-CONT", Long.toString(owner)).start().waitFor());
            }
            String end = ServedReaderIT.ended(b, "the served reader's end", 30);
            assertTrue(end.contains("EXIT=143"), end);
            ServedReaderIT.assertCooked(end);
            assertTrue(says(end, "the message you were writing was not sent; it is kept in"), end);
            Path draft = keptDraft("typed before the client ended");
            assertTrue(says(end, "postern: the message you were writing was not sent; it is kept in " + draft + "."), end);
            assertFalse(Files.exists(file.getParent()), "the temporary file and its directory are gone: " + file);
            a.keys("q");
            String endA = a.waitFor("the owner's end", s -> s.contains("EXIT="), Duration.ofSeconds(30));
            assertTrue(endA.contains("EXIT=0"), endA);
        }
    }

    @Test
    void ownerKilledWhileTheJavaClientsEditorRunsKeepsAndNamesTheDraft() throws Exception {
        ownerKilledWhileTheEditorRuns(null);
    }

    @Test
    void ownerKilledWhileThePerlClientsEditorRunsKeepsAndNamesTheDraft() throws Exception {
        ownerKilledWhileTheEditorRuns(PerlTree.in(dir));
    }

    @Test
    void ownerQuittingWhileTheJavaClientsEditorRunsHandsOverAndKeepsTheDraft() throws Exception {
        ownerQuitsWhileTheEditorRuns(null);
    }

    @Test
    void ownerQuittingWhileThePerlClientsEditorRunsHandsOverAndKeepsTheDraft() throws Exception {
        ownerQuitsWhileTheEditorRuns(PerlTree.in(dir));
    }

    @Test
    void theJavaClientKilledOnTheReviewScreenSaysWhereTheOwnerKeptTheDraft() throws Exception {
        clientEndsOnTheReviewScreen(null);
    }

    @Test
    void thePerlClientKilledOnTheReviewScreenSaysWhereTheOwnerKeptTheDraft() throws Exception {
        clientEndsOnTheReviewScreen(PerlTree.in(dir));
    }

    @Test
    void thePerlClientWaitsForAnOwnerSlowToSayWhereItKeptTheDraft() throws Exception {
        clientEndsOnTheReviewScreen(PerlTree.in(dir), true);
    }

    @Test
    void theJavaClientWaitsForAnOwnerSlowToSayWhereItKeptTheDraft() throws Exception {
        clientEndsOnTheReviewScreen(null, true);
    }
}

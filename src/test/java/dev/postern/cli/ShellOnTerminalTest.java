package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.model.PosternException;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The interactive shell on a JLine terminal emulated in Java (line discipline, echo, Ctrl-C as a signal),
 * against GreenMail: keys in, screen out. Tab completion, Ctrl-C, the history file, the masked password
 * question of an account without a source, and the new-mail notice while the prompt waits.
 */
@Timeout(90)
class ShellOnTerminalTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private MailFolder inbox;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private PipedOutputStream keyboard;
    private Terminal terminal;
    private Wiring ctx;
    private CompletableFuture<Integer> shellExit;
    private Shell shell;

    @BeforeEach
    void setUp() throws Exception {
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (shellExit != null && !shellExit.isDone()) type("exit\r");
        if (shellExit != null) shellExit.get(20, TimeUnit.SECONDS);
        if (ctx != null) ctx.close();
        if (terminal != null) terminal.close();
    }

    private Path config(String passwordLine) throws Exception {
        Path config = dir.resolve("config.toml");
        Files.writeString(config, "data_dir = \"" + dir.resolve("data") + "\"\n"
                + "[accounts.test]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nport = "
                + greenMail.getImap().getPort() + "\nsecurity = \"plain\"\nuser = \"alice\"\n" + passwordLine
                + "timeout_seconds = 5\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        return config;
    }

    /** Starts the shell as ShellCommand does, with this test's terminal instead of the process's. */
    private void start(Path config) throws Exception {
        keyboard = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keyboard, 4096);
        terminal = new ExternalTerminal("test", "xterm", in, screen, StandardCharsets.UTF_8);
        PosternCommand root = new PosternCommand(Map.of("HOME", dir.toString(),
                "XDG_STATE_HOME", dir.resolve("state").toString()), (c, a, f) -> fail("no full screen"), dev.postern.app.AppContext::new);
        CommandLine cl = PosternCommand.commandLine(root, new String[] {"shell"});
        PrintWriter out = new PrintWriter(new OutputStreamWriter(screen, StandardCharsets.UTF_8), true);
        cl.setOut(out);
        cl.setErr(out);
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            out.println("postern: " + ex.getMessage());
            return ex instanceof PosternException p ? p.exitCode().code() : 70;
        });
        cl.parseArgs("--config", config.toString(), "shell"); // sets root's --config as Main would
        ctx = root.context();
        ctx.controller();
        shell = new Shell(cl, ctx, out, out);
        Shell s = shell;
        shellExit = CompletableFuture.supplyAsync(() -> s.interactive(terminal, ShellCommand.historyFile(ctx)));
    }

    private void type(String keys) throws Exception {
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    private String screen() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    /** Waits until the screen shows {@code text} {@code times} times in all. */
    private void awaitScreen(String text, int times, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (count(screen(), text) >= times) return;
            Thread.sleep(50);
        }
        fail("the screen never showed '" + text + "' " + times + " time(s):\n" + screen());
    }

    private static int count(String s, String text) {
        int n = 0;
        for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + 1)) n++;
        return n;
    }

    private void deliver(String subject) throws Exception {
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
    void tabCompletesCtrlCDropsTheLineAndHistoryIsKept() throws Exception {
        deliver("already here");
        start(config("password = \"secret\"\n"));
        awaitScreen(Shell.PROMPT, 1, 20);
        type("fold\t");                      // unique after "fold"? no: folder and folders -> common prefix
        type("s\t\r");                       // "folders " then run it
        awaitScreen("INBOX", 1, 20);
        awaitScreen(Shell.PROMPT, 2, 20);
        type("list --acc\ttest l");
        // The terminal raises Ctrl-C as a signal at once, ahead of keys still queued for the line reader,
        // so (like a person) wait until the line is on the screen before pressing it.
        awaitScreen("list --account test l", 1, 20);
        type("\u0003");                      // Ctrl-C: the line is dropped, nothing runs
        awaitScreen(Shell.PROMPT, 3, 20);
        type("list\r");
        awaitScreen("already here", 1, 20);
        // Completion values come from this process's store: folders listed and addresses seen.
        assertTrue(shell.sources().folders("test").contains("INBOX"));
        assertEquals(java.util.List.of("Bob <bob@example.org>"), shell.sources().addresses("bo"));
        assertEquals(java.util.List.of(), shell.sources().addresses("zed"));
        type("exit\r");
        assertEquals(0, shellExit.get(20, TimeUnit.SECONDS));
        assertTrue(screen().contains("folders"), screen());
        String history = Files.readString(dir.resolve("state/postern/shell_history"));
        assertTrue(history.contains("folders"), history);
        assertTrue(history.contains("list"), history);
        assertFalse(history.contains("--account test l"), "a cancelled line went into the history: " + history);
    }

    @Test
    void newMailIsAnnouncedAboveThePromptWhileItWaits() throws Exception {
        deliver("old one");
        start(config("password = \"secret\"\n"));
        awaitScreen(Shell.PROMPT, 1, 20);
        // The first refresh only sets the mark, from what it stored: mail delivered before it has listed the folder is
        // part of the mark, never announced. So the new mail goes once the store holds "old one" (a fixed 1.5 s once
        // stood for that; a loaded machine can take longer to log in and list).
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ctx.controller().count("test", "INBOX") < 1 && System.nanoTime() < end) Thread.sleep(20);
        assertEquals(1, ctx.controller().count("test", "INBOX"), "the first refresh stored the old mail");
        assertFalse(screen().contains("New mail"), screen());
        deliver("fresh one");
        deliver("fresh two");
        awaitScreen("New mail: ", 1, 30);
        String s = screen();
        assertTrue(s.contains("New mail: 2 in test/INBOX") || (s.contains("New mail: 1 in test/INBOX")),
                s);
        // "old one" is not announced: the notices count the two fresh ones at most.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("New mail: (\\d+) in").matcher(s);
        int announced = 0;
        while (m.find()) announced += Integer.parseInt(m.group(1));
        assertTrue(announced <= 2, "more announced than came: " + s);
        // The prompt is drawn again below the notice, ready for input.
        assertTrue(s.lastIndexOf(Shell.PROMPT) > s.indexOf("New mail: "), s);
    }

    /**
     * An index left behind (removed here, as a kill during a first sync leaves it; a short command's set-aside catch-up
     * leaves it the same way) catches up while the prompt waits, as in the reader and the daemon: the shell owns the
     * store for as long as they do. Nothing new arrives, so no commit of the shell's own starts it.
     */
    @Test
    void anIndexLeftBehindCatchesUpWhileThePromptWaits() throws Exception {
        for (int i = 1; i <= 30; i++) deliver("Indexed subject " + i);
        Path config = config("password = \"secret\"\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, dev.postern.app.Main.run(new String[] {"--config", config.toString(), "fetch"},
                Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString()), new ByteArrayOutputStream(),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8), (c, a, f) -> fail("no reader here")), err.toString());
        Path index = dir.resolve("data").resolve(dev.postern.index.MailIndex.DIR);
        assertTrue(Files.isDirectory(index), "the fetch made the index");
        try (var files = Files.walk(index)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        start(config);
        awaitScreen(Shell.PROMPT, 1, 20);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        dev.postern.index.MailIndex.Verification v = ctx.controller().verifyStore().get(60, TimeUnit.SECONDS).index().orElseThrow();
        while (!(v.current() && v.agrees()) && System.nanoTime() < end) {
            Thread.sleep(200); // polling the index's state while the prompt waits
            v = ctx.controller().verifyStore().get(60, TimeUnit.SECONDS).index().orElseThrow();
        }
        assertTrue(v.current() && v.agrees(), "the shell's prompt waited 60 s and the index stayed behind: " + v);
        assertEquals(30, v.indexed());
    }

    @Test
    void anAccountWithoutPasswordSourceIsAskedOnceMasked() throws Exception {
        deliver("for the asked");
        start(config(""));
        awaitScreen("Password for test (alice@127.0.0.1): ", 1, 20);
        type("secret\r");
        awaitScreen(Shell.PROMPT, 1, 20);
        type("list\r");
        awaitScreen("for the asked", 1, 20);
        type("folders\r");
        awaitScreen("  INBOX", 1, 20);
        assertEquals(1, count(screen(), "Password for"), screen());
        assertFalse(screen().contains("secret"), "the password was echoed:\n" + screen());
        assertTrue(screen().contains("******"), screen());
    }

    @Test
    void aMistypedPasswordIsAskedAgainAfterTheServerRefusesIt() throws Exception {
        start(config(""));
        awaitScreen("Password for test", 1, 20);
        type("wrong\r");
        awaitScreen(Shell.PROMPT, 1, 20);
        type("folders\r");
        awaitScreen("rejected user 'alice'", 1, 30);
        awaitScreen(Shell.PROMPT, 2, 20);
        type("folders\r");
        awaitScreen("Password for test", 2, 20);
        type("secret\r");
        awaitScreen("  INBOX", 1, 30);
    }
}

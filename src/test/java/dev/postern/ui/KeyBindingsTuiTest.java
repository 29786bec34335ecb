package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.Main;
import dev.postern.cli.PosternCommand;
import dev.postern.controller.MailController;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's bindings file and the ':' prompt, end to end: {@code postern} started through Main.run in this
 * process (config, bindings and theme read exactly as on a terminal), the real reader on a virtual terminal,
 * the real controller against an in-process IMAP server, and the effects checked on the server.
 */
class KeyBindingsTuiTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private Path configDir() { return dir.resolve("cfg").resolve("postern"); }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("cfg").toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        env.put("TERM", "xterm-256color");
        return env;
    }

    private Path config(String extra) throws Exception {
        Files.createDirectories(configDir());
        Path p = configDir().resolve("config.toml");
        return PosternConfig.write(p, dir.resolve("data"), extra,
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "carol", "pw", 30, null));
    }

    private static void await(String what, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TuiHarness.DEADLINE.toNanos();
        while (!cond.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(cond.getAsBoolean(), what);
    }

    /** The first screen: JVM warm-up, config, store and first connection can take long on a busy machine. */
    private static void awaitStart(TuiHarness h, Run run, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!h.screen().contains(text) && run.code.get() < 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(1, run.launched.get(), () -> "exit " + run.code.get() + ": " + run.err());
        h.awaitText(text);
    }

    /** Runs `postern --config FILE` in-process; the reader gets the options Main.run built, on a virtual terminal. */
    private static final class Run {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final AtomicInteger code = new AtomicInteger(-1);
        final AtomicInteger launched = new AtomicInteger();
        volatile TuiOptions options;

        int run(Path config, Map<String, String> env, DefaultVirtualTerminal terminal) {
            return run(new String[] {"--config", config.toString()}, env, terminal);
        }

        int run(String[] args, Map<String, String> env, DefaultVirtualTerminal terminal) {
            PosternCommand.UiLauncher launcher = new PosternCommand.UiLauncher() {
                @Override
                public void run(MailController c, String account, String folder) {
                    throw new AssertionError("the reader must be started with the user's options");
                }

                @Override
                public void run(TuiOptions o, MailController c, String account, String folder) {
                    launched.incrementAndGet();
                    options = o;
                    if (terminal == null) throw new AssertionError("the screen must not open");
                    Tui.run(c, account, folder, terminal, o, Clock.systemUTC());
                }
            };
            int c = Main.run(args, env, out,
                    new PrintStream(err, true, StandardCharsets.UTF_8), launcher);
            code.set(c);
            return c;
        }

        String err() { return err.toString(StandardCharsets.UTF_8); }
    }

    private void seed(MailFolder inbox) throws Exception {
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 1; i <= 3; i++) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            m.setFrom("Sender " + i + " <s" + i + "@example.org>");
            m.setRecipients(jakarta.mail.Message.RecipientType.TO, "Carol <carol@localhost>");
            m.setSubject("Subject number " + i, "UTF-8");
            m.setSentDate(Date.from(base.plus(Duration.ofHours(i))));
            m.setText("Body " + i, "UTF-8");
            m.saveChanges();
            inbox.appendMessage(m, new Flags(), new Date());
        }
    }

    @Test
    void userBindingsAndTheCommandPromptActOnTheServer() throws Exception {
        GreenMailUser user = greenMail.setUser("carol@localhost", "carol", "pw");
        ImapHostManager imap = greenMail.getManagers().getImapHostManager();
        MailFolder inbox = imap.getInbox(user);
        imap.createMailbox(user, "Archive");
        imap.createMailbox(user, "Trash");
        seed(inbox);
        Path config = config("");
        // In the index, d no longer asks about Trash: it is a batch command line, run on the message under the cursor.
        Files.writeString(configDir().resolve("bindings"), String.join("\n",
                "# mine",
                "[index]",
                "d = move --to Archive",
                "D = delete --to Trash   # the issue's own example",
                "g = unbind",
                "gi = change-folder INBOX",
                "ga = change-folder Archive",
                "<F5> = sync --headers-only",
                "[pager]",
                "d = flag --set deleted",
                ""));
        Run run = new Run();
        try (TuiHarness h = new TuiHarness(100, 24, t -> run.run(config, env(), t))) {
            awaitStart(h, run, "[1/3");
            h.awaitText("Subject number 3");
            h.type("d");
            await("UID 3 moved to Archive on the server", () -> imap.getFolder(user, "Archive").getMessageCount() == 1);
            await("gone from INBOX", () -> inbox.getMessageCount() == 2);
            h.awaitText("moved 1 message(s) from INBOX to Archive");
            h.awaitText("/2]");
            assertTrue(imap.getFolder(user, "Trash").getMessageCount() == 0, "the built-in d (delete to Trash) did not run");

            // A two-key sequence of the user's file: ga opens Archive, gi goes back.
            h.type("ga");
            h.awaitText("real: Archive");
            h.awaitText("Subject number 3");
            h.type("gi");
            h.awaitText("real: INBOX");

            // ':' runs a batch command with options on the message under the cursor (UID 2, the newest left).
            h.type(":flag --set flagged");
            h.awaitText(":flag --set flagged");
            h.press(KeyType.Enter);
            await("UID 2 flagged on the server", () -> inbox.getMessages().get(1).isSet(Flags.Flag.FLAGGED));
            h.awaitText("changed flags of 1 message(s) in INBOX");
            assertFalse(inbox.getMessages().get(0).isSet(Flags.Flag.FLAGGED), "only the message under the cursor");

            // Tab completes command names, then folder names.
            h.type(":chan");
            h.press(KeyType.Tab);
            h.awaitText(":change-folder");
            h.type("Arc");
            h.awaitText(":change-folder Arc"); // the completed name was followed by a space
            h.press(KeyType.Tab);
            h.awaitText(":change-folder Archive");
            h.press(KeyType.Enter);
            h.awaitText("real: Archive");

            // Options of the batch command complete too; several candidates are listed above the prompt, and
            // addresses come from the store.
            h.type(":move --t");
            h.press(KeyType.Tab);
            h.awaitText(":move --to");
            h.type("sen");
            h.awaitText(":move --to sen");
            h.press(KeyType.Tab);
            h.awaitText("Sender 3 <s3@example.org>");
            h.press(KeyType.Escape);

            // Up recalls the history; a bad command line is one sentence on the status line.
            h.type(":");
            h.press(KeyType.ArrowUp);
            h.awaitText(":change-folder Archive");
            h.press(KeyType.ArrowUp);
            h.awaitText(":flag --set flagged");
            h.press(KeyType.Escape);
            h.type(":frobnicate now");
            h.press(KeyType.Enter);
            h.awaitText("unknown command 'frobnicate'");
            h.type(":flag --bogus");
            h.press(KeyType.Enter);
            h.awaitText("Unknown option: '--bogus'");

            // After ';' a command line acts on the tagged messages: both get \Answered, then D sends UID 1 to Trash.
            h.type("gi");
            h.awaitText("real: INBOX");
            h.type("tt");
            h.type(";");
            h.awaitText("Next action applies to 2 tagged message(s)");
            h.type(":flag --set answered");
            h.press(KeyType.Enter);
            await("both answered on the server", () -> inbox.getMessages().stream().allMatch(m -> m.isSet(Flags.Flag.ANSWERED)));
            h.awaitText("changed flags of 2 message(s) in INBOX");
            h.type("g"); // g is only the start of gi/ga here: nothing happens until the next key
            h.awaitText("g…");
            h.press(KeyType.Escape); // not a sequence: the key counts on its own (back, a no-op in the index)
            // D, then Enter typed ahead: Enter waits for the delete and opens the row after it, never the message
            // being deleted (ci28b: it opened UID 1 from the window read before the delete).
            h.type("D");
            h.press(KeyType.Enter);
            await("UID 1 in Trash", () -> imap.getFolder(user, "Trash").getMessageCount() == 1);
            await("one left in INBOX", () -> inbox.getMessageCount() == 1);
            h.awaitText("Body 2");
            assertFalse(h.screen().contains("Body 1"), h.screen());

            // In the pager, the [pager] binding of d applies.
            h.type("d");
            await("UID 2 marked deleted on the server", () -> inbox.getMessages().get(0).isSet(Flags.Flag.DELETED));
            h.type("q");
            h.type("q");
            h.awaitExit();
        }
        assertEquals(0, run.code.get(), run.err());
        List<String> history = Files.readAllLines(dir.resolve("state/postern/history"));
        assertTrue(history.containsAll(List.of("flag --set flagged", "change-folder Archive", "frobnicate now",
                "flag --set answered")), history.toString());
    }

    /**
     * Hunt 43-R, R2's last sibling: a bound command line's unquoted leading {@code ~} is the person's HOME, as on the
     * ':' line; it made a directory literally named '~' in the reader's directory.
     */
    @Test
    void aBoundCommandLineTakesAnUnquotedTildeAsTheHome() throws Exception {
        GreenMailUser user = greenMail.setUser("carol@localhost", "carol", "pw");
        seed(greenMail.getManagers().getImapHostManager().getInbox(user));
        Path config = config("");
        Files.writeString(configDir().resolve("bindings"), "[index]\nx = export --format mbox --out ~/exported INBOX\n");
        Run run = new Run();
        try (TuiHarness h = new TuiHarness(100, 24, t -> run.run(config, env(), t))) {
            awaitStart(h, run, "[1/3");
            h.type("x");
            await("exported into HOME/exported", () -> Files.isDirectory(dir.resolve("exported")));
            assertFalse(Files.exists(Path.of("~")), "no directory named ~ in the reader's directory");
            h.type("q");
            h.awaitExit();
        }
        assertEquals(0, run.code.get(), run.err());
    }

    @Test
    void mistakesInTheBindingsFileExit78WithTheLineBeforeTheScreenOpens() throws Exception {
        greenMail.setUser("carol@localhost", "carol", "pw");
        Path config = config("");
        Path bindings = configDir().resolve("bindings");
        String[][] cases = {
                {"[index]\nj = next\n<Foo> = next\n", "line 3: unknown key name <Foo>"},
                {"[index]\n\nD = frobnicate\n", "line 3: unknown command 'frobnicate'"},
                {"D = flag --bogus\n", "line 1: flag: Unknown option: '--bogus'"},
                {"# c\n[sidebar]\n", "line 2: unknown section [sidebar]"},
                {"[index]\ngi = change-folder INBOX\n", "line 2: 'gi' can never be typed in [index] because 'g' is bound"},
                {"M = move\nx = next 'unclosed\n", "line 2: the quote ' is never closed"},
                {"o = open now\n", "line 1: 'open' takes no arguments here"},
        };
        for (String[] c : cases) {
            Files.writeString(bindings, c[0]);
            Run run = new Run();
            assertEquals(78, run.run(config, env(), null), c[0] + "\n" + run.err());
            assertEquals(0, run.launched.get());
            assertTrue(run.err().contains("bindings " + bindings + ", " + c[1]), run.err());
            assertEquals(1, run.err().strip().lines().count(), "one sentence: " + run.err());
        }
        // A bindings file named in config.toml must exist.
        Path named = config("bindings = \"my-keys\"\n");
        Run run = new Run();
        assertEquals(78, run.run(named, env(), null));
        assertTrue(run.err().contains("the bindings file " + configDir().resolve("my-keys") + " does not exist"), run.err());
    }

    @Test
    void themeSettingsAreCheckedBeforeTheScreenOpens() throws Exception {
        greenMail.setUser("carol@localhost", "carol", "pw");
        Run unknown = new Run();
        assertEquals(78, unknown.run(config("theme = \"solarised\"\n"), env(), null));
        assertTrue(unknown.err().contains("theme 'solarised' is neither a built-in theme (default, light, high-contrast, monochrome)"),
                unknown.err());
        Path mine = dir.resolve("mine.theme");
        Files.writeString(mine, "inherit = default\nindex.unread = red\npager.qoute = green\n");
        Run badRole = new Run();
        assertEquals(78, badRole.run(config("theme = \"" + mine + "\"\n"), env(), null));
        assertTrue(badRole.err().contains("theme " + mine + ", line 3: unknown colour role 'pager.qoute'"), badRole.err());
        Run badColors = new Run();
        assertEquals(78, badColors.run(config("colors = 88\n"), env(), null));
        assertTrue(badColors.err().contains("colors = 88 is not one of 16, 256 or \"truecolor\""), badColors.err());
        assertEquals(0, unknown.launched.get() + badRole.launched.get() + badColors.launched.get());

        // A good one reaches the reader and colours the screen, mapped down to the 16 colours TERM=xterm promises.
        Map<String, String> env = env();
        env.put("TERM", "xterm");
        Files.writeString(mine, "inherit = light\nstatus = #ff0000 on color21\n");
        Path good16 = config("theme = \"" + mine + "\"\n");
        Run good = new Run();
        try (TuiHarness h = new TuiHarness(80, 24, t -> good.run(good16, env, t))) {
            awaitStart(h, good, "real: INBOX");
            com.googlecode.lanterna.TextCharacter bar = h.cell(1, 22);
            assertEquals(com.googlecode.lanterna.TextColor.ANSI.RED, bar.getForegroundColor(), "#ff0000 on 16 colours");
            assertEquals(com.googlecode.lanterna.TextColor.ANSI.BLUE, bar.getBackgroundColor(), "color21 on 16 colours");
            h.type("q");
            h.awaitExit();
        }
        assertEquals(0, good.code.get(), good.err());
    }

    @Test
    void theDemoRunsCommandLinesAgainstItsOwnServer() throws Exception {
        // No config of the user's own exists here: a command line run against anything but the demo's would fail.
        Files.createDirectories(configDir());
        Files.writeString(configDir().resolve("bindings"), "[index]\nX = flag --set flagged\n");
        Run run = new Run();
        try (TuiHarness h = new TuiHarness(100, 24, t -> run.run(new String[] {"demo"}, env(), t))) {
            awaitStart(h, run, "[1/"); // the demo server seeds its mail first
            h.type("X");
            h.awaitText("changed flags of 1 message(s) in INBOX");
            h.type(":sync --headers-only");
            h.press(KeyType.Enter);
            h.awaitText("messages");
            h.type("q");
            h.awaitExit();
        }
        assertEquals(0, run.code.get(), run.err());
    }
}

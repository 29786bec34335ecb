package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, the reader as a client: a reader open in one tmux window owns the data directory, and a second
 * `postern` in another window is served by it over the socket (terminal relay) instead of being refused. The
 * served reader has its own folder and cursor, its changes reach the owner's screen through the controller's
 * events, q ends it alone, its editor runs at its own terminal, a message it leaves on its review screen is kept
 * and its own terminal told where, and either side killed with -9 leaves the other
 * sane: the owner keeps serving, the client gets its terminal back and exit 75.
 */
@Timeout(300)
class ServedReaderIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new com.icegreen.greenmail.util.ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;

    private MailFolder inbox() throws Exception {
        return greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("zed@localhost", "zed", "pw"));
    }

    private static void deliver(MailFolder inbox, String subject) throws Exception {
        ResidentOwnerIT.deliver(inbox, subject);
    }

    private Path config() throws Exception {
        return config(dir, greenMail.getImap().getPort(), greenMail.getSmtp().getPort());
    }

    /** The test account on a GreenMail's ports, with no IDLE and no poll: changes travel only through the owner. */
    static Path config(Path dir, int imapPort, int smtpPort) throws Exception {
        return PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", imapPort, "plain", "zed", "pw", 30, null),
                // No IDLE and no poll while the test runs: what one reader changed reaches the other only through
                // the controller's events, never through the server.
                "poll_seconds = 3600\n",
                "[accounts.t.smtp]\nhost = \"127.0.0.1\"\nport = " + smtpPort
                        + "\nsecurity = \"plain\"\nfrom = \"zed@localhost\"\n");
    }

    /** The reader in a new tmux session; after it ends, its exit code and the terminal's settings are shown. */
    private Tmux reader(String name, Path config) throws Exception {
        return reader(dir, name, config);
    }

    static Tmux reader(Path dir, String name, Path config) throws Exception {
        Path cwd = Files.createDirectories(dir.resolve("cwd-" + name));
        String cmd = "cd " + cwd + "; env HOME=" + dir + " XDG_STATE_HOME=" + dir.resolve("state") + " EDITOR=" + dir.resolve("editor.sh")
                + " " + PosternProcess.launcherJava() + " -jar " + PosternProcess.jar() + " --config " + config
                + "; echo EXIT=$?; stty -a; sleep 60";
        return Tmux.start("postern-served-" + name, 100, 24, cmd).poll(Duration.ofMillis(50));
    }

    static ProcessHandle process(Tmux t) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            var c = t.child();
            if (c.isPresent()) return c.get();
            Thread.sleep(50);
        }
        throw new AssertionError("no process in " + t.name());
    }

    /** The files {@code p} has open under the data directory (a reader that owns the store has several). */
    private List<String> openUnderData(ProcessHandle p) throws Exception {
        return openUnderData(dir, p);
    }

    static List<String> openUnderData(Path dir, ProcessHandle p) throws Exception {
        List<String> found = new ArrayList<>();
        Path data = dir.resolve("data").toRealPath();
        try (var fds = Files.list(Path.of("/proc", Long.toString(p.pid()), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(data)) found.add(target.toString());
                } catch (java.io.IOException gone) {
                    // closed meanwhile
                }
            }
        }
        return found;
    }

    private String ownerStatus(Path config) {
        return PosternProcess.withConfig(dir, config, "daemon", "status").timeout(Duration.ofSeconds(60)).run().stdout();
    }

    @Test
    void aSecondReaderIsServedByTheOwnerGoesItsOwnWayAndSendsWithItsOwnEditor() throws Exception {
        MailFolder inbox = inbox();
        deliver(inbox, "alpha one");
        deliver(inbox, "beta two");
        Path config = config();
        Path marker = dir.resolve("editor-tty");
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\ntty > " + marker + "\n"
                + "sed -i 's/^To:.*/To: bob@localhost/; s/^Subject:.*/Subject: written in the served reader/' \"$1\"\n"
                + "printf 'typed at the second terminal\\n' >> \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        try (Tmux a = reader("a", config)) {
            a.waitFor("alpha one", Duration.ofSeconds(90));
            a.waitFor("the owner's socket", s -> Files.exists(dir.resolve("data").resolve("owner.sock")), Duration.ofSeconds(30));
            long ownerPid = process(a).pid();
            assertFalse(openUnderData(process(a)).isEmpty(), "the owner has the store open");
            try (Tmux b = reader("b", config)) {
                // Served, not refused: B shows the folder while A holds the store, and names who serves it.
                String shown = b.waitFor("the folder in the served reader", s -> s.contains("alpha one") && s.contains("beta two"),
                        Duration.ofSeconds(60));
                assertFalse(shown.contains("in use"), shown);
                ProcessHandle client = process(b);
                assertTrue(client.pid() != ownerPid);
                assertEquals(List.of(), openUnderData(client), "the served reader's process opened nothing of the store");
                String status = ownerStatus(config);
                assertTrue(status.startsWith("the reader (pid " + ownerPid + ")") && status.contains("serving 1 reader"), status);

                // Its pipe command runs for B's user: in B's working directory, the message on its input.
                b.keys("|");
                b.waitFor("the pipe prompt", s -> s.contains("Pipe the message to command:"), Duration.ofSeconds(10));
                b.keys("cat > piped.eml; pwd", "Enter");
                b.waitFor("the pipe's output", s -> s.contains(dir.resolve("cwd-b").toString()) && s.contains("Exit status"),
                        Duration.ofSeconds(30));
                assertTrue(Files.readString(dir.resolve("cwd-b").resolve("piped.eml")).contains("Subject: "));
                b.keys("i");
                b.waitFor("the index again", s -> s.contains("alpha one") && s.contains("beta two"), Duration.ofSeconds(10));

                // Its own cursor: B moves down and deletes the second row; A, untouched, shows the change without a key.
                String row = b.capture().lines().filter(l -> l.contains("alpha one") || l.contains("beta two")).skip(1)
                        .findFirst().orElseThrow();
                String subject = row.contains("alpha one") ? "alpha one" : "beta two";
                String rowInA = a.capture().lines().filter(l -> l.contains(subject)).findFirst().orElseThrow();
                b.keys("j");
                b.keys("d");
                b.waitFor("the question", s -> s.contains("(y/n)"), Duration.ofSeconds(10));
                b.keys("y");
                b.waitFor("the deletion in B", s -> s.lines().noneMatch(l -> l.equals(row)), Duration.ofSeconds(30));
                String inA = a.waitFor("the deletion made in the served reader", s -> s.lines().noneMatch(l -> l.equals(rowInA)),
                        Duration.ofSeconds(30));
                String other = subject.equals("alpha one") ? "beta two" : "alpha one";
                assertTrue(inA.contains(other), inA);
                // A flag set in B (no refresh of the folder follows it) shows in A too: the controller told every reader.
                String otherInA = inA.lines().filter(l -> l.contains(other)).findFirst().orElseThrow();
                b.keys("k");
                b.keys("F");
                a.waitFor("the flag set in the served reader", s -> s.lines().noneMatch(l -> l.equals(otherInA)),
                        Duration.ofSeconds(15));

                // Compose in B: the editor runs at B's terminal (its tty), and the message goes.
                String bTty = b.format("#{pane_tty}");
                b.keys("m");
                b.waitFor("the review screen", s -> s.contains("written in the served reader"), Duration.ofSeconds(30));
                assertEquals(bTty, Files.readString(marker).strip(), "the editor ran at the served reader's terminal");
                b.keys("y");
                b.waitFor("sent", s -> s.contains("Sent to bob@localhost"), Duration.ofSeconds(60));
                // GreenMail counts the messages put in the inbox above as received too: the sent one is the third.
                assertTrue(greenMail.waitForIncomingEmail(10_000, 3));
                MimeMessage sent = null;
                for (MimeMessage m : greenMail.getReceivedMessages()) {
                    if ("written in the served reader".equals(m.getSubject())) sent = m;
                }
                assertTrue(sent != null, "the message composed in the served reader was not sent");
                assertTrue(((String) sent.getContent()).contains("typed at the second terminal"));

                // q ends B alone, at once, exit 0, its terminal as it was.
                long q = System.nanoTime();
                b.keys("q");
                String after = ended(b, "B's end", 10);
                assertTrue(after.contains("EXIT=0"), after);
                assertCooked(after);
                System.out.println("served reader's q to its exit: " + (System.nanoTime() - q) / 1_000_000 + " ms (tmux polling included)");
                assertTrue(process(a).isAlive());
                a.keys("j");
                assertTrue(ownerStatus(config).startsWith("the reader (pid " + ownerPid + ")"));
            }
            // A served reader that ends (Ctrl-C) with a message on its review screen keeps the draft, and its own
            // terminal is told where (ReaderTerminal.tell, through the relay), not the owner's.
            try (Tmux c = reader("c", config)) {
                c.waitFor("the folder in the second served reader", s -> s.contains("alpha one") || s.contains("beta two"),
                        Duration.ofSeconds(60));
                c.keys("m");
                c.waitFor("the review screen", s -> s.contains("written in the served reader"), Duration.ofSeconds(30));
                c.keys("C-c");
                String after = ended(c, "C's end", 10);
                assertTrue(after.contains("the message you were writing was not sent; it is kept in "), after);
                List<Path> drafts;
                try (var files = Files.list(dir.resolve("state").resolve("postern").resolve("drafts"))) {
                    drafts = files.filter(f -> f.getFileName().toString().startsWith("unsent-")).toList();
                }
                assertEquals(1, drafts.size(), drafts.toString());
                assertTrue(after.replace("\n", "").contains(drafts.get(0).getFileName().toString()), after);
                String draft = Files.readString(drafts.get(0));
                assertTrue(draft.contains("written in the served reader") && draft.contains("typed at the second terminal"), draft);
                assertFalse(a.capture().contains("it is kept in"), "the owner's screen is not told");
                assertTrue(process(a).isAlive());
            }
        }
    }

    @Test
    void aServedReaderKilledLeavesTheOwnerServingAndAnOwnerKilledGivesTheClientItsTerminalBack() throws Exception {
        deliver(inbox(), "gamma three");
        Path config = config();
        Files.writeString(dir.resolve("editor.sh"), "#!/bin/sh\n");
        try (Tmux a = reader("a2", config)) {
            a.waitFor("gamma three", Duration.ofSeconds(90));
            ProcessHandle owner = process(a);
            try (Tmux b = reader("b2", config)) {
                b.waitFor("gamma three", Duration.ofSeconds(60));
                assertTrue(ownerStatus(config).contains("serving 1 reader"));
                ProcessHandle client = process(b);
                assertFalse(servingThreads(owner).isEmpty(), "the owner serves B on threads of its own");
                client.destroyForcibly();
                client.onExit().get(10, TimeUnit.SECONDS);
                // B's reader closed in the owner: none of its threads is left.
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!servingThreads(owner).isEmpty() && System.nanoTime() < end) Thread.sleep(50);
                assertEquals(List.of(), servingThreads(owner), "threads left of the killed reader");
            }
            // The owner lives on and serves the next one.
            assertTrue(owner.isAlive());
            deliver(inbox(), "delta four");
            PosternProcess.Result fetch = PosternProcess.withConfig(dir, config, "fetch").timeout(Duration.ofSeconds(60)).run();
            fetch.assertNoStackTrace().assertExitCode(0);
            a.waitFor("delta four", Duration.ofSeconds(30));
            // Ctrl-C ends a served reader as q does (exit 0); SIGTERM to its client puts the terminal back too.
            try (Tmux d = reader("d2", config); Tmux e = reader("e2", config)) {
                d.waitFor("gamma three", Duration.ofSeconds(60));
                e.waitFor("gamma three", Duration.ofSeconds(60));
                d.keys("C-c");
                String ended = ended(d, "D's end", 10);
                assertTrue(ended.contains("EXIT=0"), ended);
                assertCooked(ended);
                process(e).destroy();
                String termed = ended(e, "E's end", 10);
                assertTrue(termed.contains("EXIT=143"), termed);
                assertCooked(termed);
                assertTrue(owner.isAlive());
            }
            try (Tmux c = reader("c2", config)) {
                c.waitFor("the third reader", s -> s.contains("gamma three") && s.contains("delta four"), Duration.ofSeconds(60));
                assertTrue(ownerStatus(config).startsWith("the reader (pid " + owner.pid() + ")"));
                // The owner dies: C gets its terminal back, one sentence, exit 75.
                owner.destroyForcibly();
                String end = ended(c, "C's end", 15);
                assertTrue(end.contains("EXIT=75"), end);
                assertTrue(end.replaceAll("\\s+", "").contains("stopped,andthisreader,whichitserved,endedwithit"), end);
                assertCooked(end);
                assertFalse(end.contains("Exception") || end.contains("\tat "), end);
            }
        }
    }

    /**
     * Hunt 32-W W3 and W2: a slip of a command typed at a second terminal while a reader owns the store opened a served
     * reader on an empty folder "fecth", and its "no folder" error showed on the owner's reader too. It is refused as git
     * does, from the Java client and from the launcher's Perl client, and the owner's reader is left as it was.
     */
    @Test
    void aSlipOfACommandAtASecondTerminalIsRefusedAndTheOwnersReaderHearsNothing() throws Exception {
        MailFolder inbox = inbox();
        deliver(inbox, "alpha one");
        Path config = config();
        try (Tmux a = reader("a", config)) {
            a.waitFor("alpha one", Duration.ofSeconds(90));
            a.waitFor("the owner's socket", s -> Files.exists(dir.resolve("data").resolve("owner.sock")), Duration.ofSeconds(30));
            String env = "env HOME=" + dir + " XDG_STATE_HOME=" + dir.resolve("state") + " ";
            String[] clients = {PosternProcess.launcherJava() + " -jar " + PosternProcess.jar(),
                    Path.of("postern").toAbsolutePath().toString()};
            for (int i = 0; i < clients.length; i++) {
                try (Tmux b = Tmux.start("postern-slip-" + i, 100, 24, env + clients[i] + " --config " + config
                        + " fecth; echo EXIT=$?; sleep 60").poll(Duration.ofMillis(50))) {
                    String pane = b.waitFor("the refusal", s -> s.contains("EXIT="), Duration.ofSeconds(60));
                    assertTrue(pane.contains("postern: no command 'fecth'; did you mean fetch?"), pane);
                    assertTrue(pane.contains("EXIT=64"), pane);
                }
            }
            String owners = a.capture();
            assertTrue(owners.contains("alpha one") && !owners.contains("fecth"), owners);
            a.keys("q");
            ended(a, "the owner's reader quit", 30);
        }
    }

    /** The pane once the reader ended and `stty -a` printed all its settings (its last one is [-]extproc). */
    static String ended(Tmux t, String what, int seconds) throws Exception {
        return t.waitFor(what, s -> s.contains("EXIT=") && s.contains("extproc"), Duration.ofSeconds(seconds));
    }

    /** What `stty -a` printed after the reader: the terminal is cooked again (line editing, echo, signals). */
    static void assertCooked(String pane) {
        String flags = " " + pane.replace('\n', ' ') + " ";
        for (String f : List.of(" icanon ", " echo ", " isig ")) assertTrue(flags.contains(f), "no" + f + "in:\n" + pane);
    }

    /** The owner's threads that serve a client (Linux keeps a thread's name's first 15 characters). */
    private static List<String> servingThreads(ProcessHandle p) throws Exception {
        List<String> names = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(p.pid()), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip();
                    if (name.startsWith("postern-served") || name.startsWith("postern-owner-r")) names.add(name);
                } catch (java.io.IOException gone) {
                    // ended meanwhile
                }
            }
        }
        return names;
    }
}

package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/client/postern-client.pl, the launchers' fastest client of a resident owner: a command it serves
 * starts no JVM, and gives the output, error and exit code the Java client gives through the same owner (which
 * in turn ClientJarIT holds to the command run in process); it relays stdin; a command line whose config no
 * owner serves still runs, in process. The tree's java is a stub that notes each JVM it starts.
 */
class PerlClientIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new com.icegreen.greenmail.util.ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir
    Path dir;

    private Path calls;
    private Path bin;
    private Path tree;

    @Test
    void aServedCommandStartsNoJvmAndGivesWhatTheJavaClientGives() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("zed@localhost", "zed", "pw"));
        for (String subject : List.of("first of two", "second of two")) {
            MimeMessage msg = GreenMailUtil.createTextEmail("zed@localhost", "ann@example.org", subject,
                    "body of " + subject + "\n", greenMail.getImap().getServerSetup());
            msg.setSentDate(new Date());
            inbox.appendMessage(msg, new Flags(), new Date());
        }
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null),
                "[accounts.t.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                        + "\nsecurity = \"plain\"\nfrom = \"zed@localhost\"\n");
        Path other = PosternConfig.write(dir.resolve("other.toml"), dir.resolve("other-data"),
                PosternConfig.account("o", "imap", "127.0.0.1", 1, "plain", "u", "pw", 5, null));
        setUpTree();

        run(null, null, "--config", config.toString(), "sync").assertExitCode(0);
        run(null, null, "--config", config.toString(), "daemon", "start").assertExitCode(0);
        try {
            List<List<String>> commands = List.of(List.of("sync", "--folder", "INBOX"), List.of("list"),
                    List.of("complete", "accounts"), List.of("-a", "nosuch", "list"), List.of("list", "--json", "--limit", "1"));
            for (List<String> c : commands) {
                List<String> args = new ArrayList<>(List.of("--config", config.toString()));
                args.addAll(c);
                Files.deleteIfExists(calls);
                PosternProcess.Result perl = run(null, null, args.toArray(String[]::new));
                assertFalse(Files.exists(calls), "a served " + c + " started a JVM: " + (Files.exists(calls) ? Files.readString(calls) : ""));
                PosternProcess.Result java = run("none", null, args.toArray(String[]::new));
                assertTrue(Files.exists(calls), "POSTERN_CLIENT=none started no JVM");
                assertEquals(java.exitCode(), perl.exitCode(), perl.describe() + "\n---\n" + java.describe());
                assertEquals(java.stdout(), perl.stdout(), perl.describe() + "\n---\n" + java.describe());
                assertEquals(java.stderr(), perl.stderr(), perl.describe() + "\n---\n" + java.describe());
            }
            // stdin goes to the owner: the body of a message sent with --to.
            Files.deleteIfExists(calls);
            run(null, "Relayed by the Perl client.\nSecond line: ünïcödé.\n", "--config", config.toString(), "send",
                    "--to", "ann@example.org", "--subject", "through the owner").assertExitCode(0);
            assertFalse(Files.exists(calls), "a served send started a JVM");
            // ann's delivered copy and zed's Sent copy (both name ann@example.org), not zed's two.
            MimeMessage[] got = greenMail.getReceivedMessagesForDomain("example.org");
            assertEquals(2, got.length);
            assertEquals("through the owner", got[0].getSubject());
            assertTrue(GreenMailUtil.getBody(got[0]).contains("Second line: "), GreenMailUtil.getBody(got[0]));
            assertTrue(((String) got[0].getContent()).contains("Second line: ünïcödé."),
                    got[0].getContent() + "\n---\n" + GreenMailUtil.getWholeMessage(got[0]));

            // A config no owner serves: the Perl client hands the command line to the launcher's full JVM.
            Files.deleteIfExists(calls);
            PosternProcess.Result unserved = run(null, null, "--config", other.toString(), "complete", "accounts");
            unserved.assertExitCode(0);
            assertEquals("o\n", unserved.stdout(), unserved.describe());
            assertTrue(Files.exists(calls), "no JVM ran the unserved command");
        } finally {
            run(null, null, "--config", config.toString(), "daemon", "stop");
        }
    }

    /** The copied tree and the java stub that notes each JVM it starts (in {@link #calls}): {@link PerlTree}. */
    private void setUpTree() throws Exception {
        PerlTree t = PerlTree.in(dir);
        tree = t.tree;
        bin = t.bin;
        calls = t.calls;
    }

    /**
     * Issue 14's case through the launcher's fastest path: the reader open in tmux owns the data directory, and a
     * cron-style `postern fetch` from another shell is served by it through the Perl client (no JVM starts); the
     * reader shows the new mail without a key press.
     */
    @Test
    void aFetchThroughThePerlClientIsServedByTheOpenReaderWhichShowsTheNewMail() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("zed@localhost", "zed", "pw"));
        append(inbox, "already here");
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null));
        setUpTree();
        String cmd = "env HOME=" + dir + " XDG_RUNTIME_DIR= XDG_CACHE_HOME= XDG_CONFIG_HOME= XDG_STATE_HOME=" + dir.resolve("state")
                + " PATH=" + bin + ":" + System.getenv("PATH") + " " + tree.resolve("postern") + " --config " + config
                + "; echo EXIT=$?; sleep 60";
        try (Tmux session = Tmux.start("postern-perl-client-it", 100, 24, cmd)) {
            session.poll(Duration.ofMillis(50)).waitFor("already here", Duration.ofSeconds(90));
            Path owners = dir.resolve(".cache/postern-owners");
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < end && !(Files.isDirectory(owners) && Files.list(owners).findAny().isPresent())) Thread.sleep(50);
            assertTrue(Files.isDirectory(owners) && Files.list(owners).findAny().isPresent(), "the reader left no owner's file");

            append(inbox, "arrived while reading");
            Files.deleteIfExists(calls);
            PosternProcess.Result fetch = run(null, null, "--config", config.toString(), "fetch");
            fetch.assertExitCode(0);
            assertFalse(Files.exists(calls), "the served fetch started a JVM: " + (Files.exists(calls) ? Files.readString(calls) : ""));
            // No key is sent: the reader shows it from the controller's event alone.
            session.poll(Duration.ofMillis(50)).waitFor("arrived while reading", Duration.ofSeconds(30));
        }
    }

    /**
     * {@code postern FOLDER} (README: {@code postern -a work Archive}) with an owner running: the first word that names no
     * command is the reader's folder, so the reader that opened on a folder owns the data directory (it serves), and a
     * second one on another folder is served to its terminal by it, through the Perl client (no JVM) and through the
     * Java client alike. Before, the first served nothing and the second said "the reader needs a terminal of its
     * own", exit 64.
     */
    @Test
    void aReaderOpenedOnAFolderOwnsTheMailAndServesAnotherOnAFolder() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("zed@localhost", "zed", "pw"));
        append(inbox, "in the inbox");
        MailFolder archive = greenMail.getManagers().getImapHostManager().createMailbox(
                greenMail.getManagers().getUserManager().getUserByEmail("zed@localhost"), "Archive");
        append(archive, "kept in the archive");
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null));
        setUpTree();
        String env = "env HOME=" + dir + " XDG_RUNTIME_DIR= XDG_CACHE_HOME= XDG_CONFIG_HOME= XDG_STATE_HOME=" + dir.resolve("state")
                + " PATH=" + bin + ":" + System.getenv("PATH");
        try (Tmux owner = Tmux.start("postern-perl-folder-owner", 100, 24,
                env + " " + tree.resolve("postern") + " --config " + config + " Archive; echo EXIT=$?; sleep 60")) {
            owner.poll(Duration.ofMillis(50)).waitFor("kept in the archive", Duration.ofSeconds(90));
            Path owners = dir.resolve(".cache/postern-owners");
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < end && !(Files.isDirectory(owners) && Files.list(owners).findAny().isPresent())) Thread.sleep(50);
            assertTrue(Files.isDirectory(owners) && Files.list(owners).findAny().isPresent(),
                    "the reader opened on Archive left no owner's file: it does not serve");
            for (String client : new String[] {null, "jvm"}) {
                Files.deleteIfExists(calls);
                String second = env + (client == null ? "" : " POSTERN_CLIENT=" + client) + " " + tree.resolve("postern")
                        + " --config " + config + " -a t INBOX; echo EXIT=$?; sleep 60";
                try (Tmux served = Tmux.start("postern-perl-folder-served", 100, 24, second)) {
                    String shown = served.poll(Duration.ofMillis(50)).waitFor("the served reader on INBOX",
                            p -> p.contains("in the inbox") || p.contains("EXIT="), Duration.ofSeconds(60));
                    assertTrue(shown.contains("in the inbox"), (client == null ? "Perl" : "Java") + " client: " + shown);
                    assertFalse(shown.contains("kept in the archive"), "the second reader shows its own folder:\n" + shown);
                    if (client == null) {
                        assertFalse(Files.exists(calls), "the Perl client started a JVM: " + (Files.exists(calls) ? Files.readString(calls) : ""));
                    }
                    served.keys("q");
                    served.waitFor("EXIT=0", Duration.ofSeconds(30));
                }
            }
            owner.waitFor("kept in the archive", Duration.ofSeconds(5)); // the owner's reader is still there
        }
    }

    /**
     * A command the Perl client sent while the owner was stopping (queued behind `daemon stop`) is not lost: the owner
     * answers NOT_TAKEN once the store is released (or is gone by then), and the client runs the command in the
     * launcher's JVM, with every row and exit 0 (ResidentOwnerIT has the same case for the Java client).
     */
    @Test
    void aCommandThePerlClientQueuedBehindDaemonStopRunsInAJvm() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("zed@localhost", "zed", "pw"));
        for (int i = 0; i < 5; i++) append(inbox, "queued message " + i);
        setUpTree();
        try (FaultRelay relay = new FaultRelay(greenMail.getImap().getPort())) {
            Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                    PosternConfig.account("t", "imap", "127.0.0.1", relay.port(), "plain", "zed", "pw", 6, null));
            run(null, null, "--config", config.toString(), "list").assertExitCode(0);
            run(null, null, "--config", config.toString(), "daemon", "start").assertExitCode(0);
            try {
                relay.arm(FaultRelay.Mode.STALL, 3000);
                Process fetch = start("fetch", "--config", config.toString(), "fetch");
                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!relay.fired() && System.nanoTime() < end) Thread.sleep(20);
                assertTrue(relay.fired(), "the fetch holds the daemon's queue");
                Process stop = start("stop", "--config", config.toString(), "daemon", "stop");
                end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!ClientSocket.connected(stop) && stop.isAlive() && System.nanoTime() < end) Thread.sleep(20);
                // Connected first, the stop is taken first, however the daemon's threads read the two (resident/ReadOrder).
                assertTrue(ClientSocket.connected(stop), "the stop reached the daemon");
                Files.deleteIfExists(calls);
                Process list = start("list", "--config", config.toString(), "list", "--cached");
                end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!ClientSocket.open(list) && list.isAlive() && System.nanoTime() < end) Thread.sleep(20);
                assertTrue(ClientSocket.open(list), "the list reached the stopping daemon through the Perl client");
                assertTrue(list.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)
                        && stop.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)
                        && fetch.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "all ended");
                String err = Files.readString(dir.resolve("list.err"));
                String out = Files.readString(dir.resolve("list.out"));
                assertEquals(0, list.exitValue(), "list --cached behind the stop: " + err);
                assertFalse(err.contains("stopping"), err);
                assertEquals(5, out.lines().count(), out);
                assertTrue(Files.exists(calls), "the command the owner did not take ran in no JVM");
                assertEquals(0, stop.exitValue(), Files.readString(dir.resolve("stop.err")));
                // The stop does not wait for the stalled fetch: it is stopped for it, as at SIGTERM (hunt 33-Y, Y4). (The
                // stop is quick now, so whether the list reached the owner before its answer is no longer asked.)
                // Nobody signalled the fetch's client: 75, run it again (hunt 39-Y, Y6; 143 before).
                assertEquals(75, fetch.exitValue(), Files.readString(dir.resolve("fetch.err")));
            } finally {
                run(null, null, "--config", config.toString(), "daemon", "stop");
            }
        }
    }

    /** {@code tree/postern ARGS} started in the background as {@link #run} runs it, its output in NAME.out and NAME.err. */
    private Process start(String name, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(tree.resolve("postern").toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("HOME", dir.toString());
        pb.environment().remove("XDG_RUNTIME_DIR");
        pb.environment().remove("XDG_CACHE_HOME");
        pb.environment().remove("XDG_CONFIG_HOME");
        pb.environment().remove("POSTERN_CLIENT");
        pb.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
        return pb.start();
    }

    private static void append(MailFolder inbox, String subject) throws Exception {
        MimeMessage msg = GreenMailUtil.createTextEmail("zed@localhost", "amy@example.org", subject, "body of " + subject + "\n",
                greenMail.getImap().getServerSetup());
        msg.setSentDate(new Date());
        inbox.appendMessage(msg, new Flags(), new Date());
    }

    /** {@code tree/postern ARGS} with HOME in the test's directory and the java stub first on PATH. */
    private PosternProcess.Result run(String client, String stdin, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = tree.resolve("postern").toString();
        System.arraycopy(args, 0, argv, 1, args.length);
        PosternProcess p = PosternProcess.command(argv).env("HOME", dir.toString()).env("XDG_RUNTIME_DIR", null)
                .env("XDG_CACHE_HOME", null).env("XDG_CONFIG_HOME", null).env("XDG_STATE_HOME", dir.resolve("state").toString())
                .env("PATH", bin + ":" + System.getenv("PATH")).env("POSTERN_CLIENT", client).timeout(Duration.ofSeconds(120));
        if (stdin != null) p.stdin(stdin);
        return p.run().assertNoStackTrace();
    }
}

package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon whose config.toml changed in a way it cannot apply while it runs (an account added): nobody is at a daemon
 * to stop it, and its 75 to every command had cron retry for ever. A daemon that serves no reader hands the command
 * back unrun and stops (one line in the log, the data directory released), and each client (the Perl one, the
 * client-only JVM, the full JVM) runs it itself with the new config; a daemon serving a reader refuses it (75, its
 * sentence) until the reader quits.
 */
@Timeout(300)
class DaemonConfigChangeIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private PerlTree tree;
    private final List<Tmux> readers = new ArrayList<>();
    private TreeRuns runs;

    @AfterEach
    void stop() throws Exception {
        for (Tmux t : readers) t.close();
        if (runs != null) runs.close();
    }

    private com.icegreen.greenmail.user.GreenMailUser zed;

    private Path config() throws Exception {
        zed = greenMail.setUser("zed@localhost", "zed", "pw");
        return PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null),
                "poll_seconds = 3600\n");
    }

    private long handedBackLines() throws Exception {
        return runs.infoLines("cannot change while the daemon runs, and it serves no reader: it stops, and the command goes"
                + " back to its client");
    }

    private static String account(String name) {
        return PosternConfig.account(name, "imap", "127.0.0.1", 1, "plain", "zed", "pw", 5, null);
    }

    @Test
    void eachClientRunsTheCommandItselfWithTheNewConfigAndTheDaemonStops() throws Exception {
        runs = new TreeRuns(dir, tree = PerlTree.in(dir));
        Path config = config();
        String names = "t\n";
        int n = 0;
        for (String client : new String[] {null, "jvm", "none"}) {
            long pid = runs.daemon(config);
            String added = "u" + n++;
            Files.writeString(config, Files.readString(config) + account(added));
            names += added + "\n";
            PosternProcess.Result r = runs.run(client, "--config", config.toString(), "complete", "accounts");
            r.assertExitCode(0);
            assertEquals(names, r.stdout(), client + ": " + r.describe());
            assertEquals("", r.stderr(), client + ": " + r.describe());
            TreeRuns.ended(pid);
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), client + ": the daemon still runs");
            assertFalse(Files.exists(dir.resolve("data").resolve("owner.sock"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
            assertEquals(n, handedBackLines(), Files.readString(runs.log()));
        }
        assertTrue(tree.jvms().contains("postern-client.jar"), "the client-only JVM never ran: " + tree.jvms());
        runs.run("none", "--config", config.toString(), "store", "verify").assertExitCode(0);
    }

    /** With {@code start_daemon = true} the client starts a daemon on the new config and sends the command there. */
    @Test
    void withStartDaemonTheClientStartsADaemonOnTheNewConfig() throws Exception {
        runs = new TreeRuns(dir, tree = PerlTree.in(dir));
        zed = greenMail.setUser("zed@localhost", "zed", "pw");
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"), "start_daemon = true\n",
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null));
        assertEquals("t\n", runs.run("none", "--config", config.toString(), "complete", "accounts").assertExitCode(0).stdout());
        PosternProcess.Result status = runs.run("none", "--config", config.toString(), "daemon", "status").assertExitCode(0);
        Matcher m = Pattern.compile("\\(pid (\\d+)\\)").matcher(status.stdout());
        assertTrue(m.find(), status.describe());
        long first = Long.parseLong(m.group(1));
        runs.killAtEnd(first);
        Files.writeString(config, Files.readString(config) + account("u"));
        PosternProcess.Result r = runs.run("none", "--config", config.toString(), "complete", "accounts").assertExitCode(0);
        assertEquals("t\nu\n", r.stdout(), r.describe());
        TreeRuns.ended(first);
        PosternProcess.Result next = runs.run("none", "--config", config.toString(), "daemon", "status").assertExitCode(0);
        m = Pattern.compile("\\(pid (\\d+)\\)").matcher(next.stdout());
        assertTrue(m.find(), next.describe());
        runs.killAtEnd(Long.parseLong(m.group(1)));
        assertTrue(Long.parseLong(m.group(1)) != first, next.describe());
        runs.run("none", "--config", config.toString(), "daemon", "stop").assertExitCode(0);
    }

    @Test
    void aDaemonServingAReaderRefusesUntilTheReaderQuits() throws Exception {
        runs = new TreeRuns(dir, tree = PerlTree.in(dir));
        Path config = config();
        GreenMailInbox.deliver(greenMail.getManagers().getImapHostManager().getInbox(zed), "one message");
        runs.run("none", "--config", config.toString(), "sync").assertExitCode(0);
        long pid = runs.daemon(config);
        Tmux reader = ServedReaderIT.reader(dir, "config-change", config);
        readers.add(reader);
        reader.waitFor("one message", Duration.ofSeconds(60));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!runs.run("none", "--config", config.toString(), "daemon", "status").stdout().contains("serving 1 reader")) {
            assertTrue(System.nanoTime() < end, "the daemon never served the reader");
            Thread.sleep(100);
        }
        Files.writeString(config, Files.readString(config) + account("u"));
        PosternProcess.Result refused = runs.run("none", "--config", config.toString(), "complete", "accounts");
        refused.assertExitCode(75);
        assertTrue(refused.stderr().contains("[accounts.u] (added) cannot change while it runs; stop it (postern daemon stop,"),
                refused.describe());
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the daemon stopped under its reader");

        reader.keys("q");
        reader.waitFor("EXIT=0", Duration.ofSeconds(30));
        PosternProcess.Result now = runs.run(null, "--config", config.toString(), "complete", "accounts");
        now.assertExitCode(0);
        assertEquals("t\nu\n", now.stdout(), now.describe());
        TreeRuns.ended(pid);
        assertEquals(1, handedBackLines(), Files.readString(runs.log()));
    }

    /**
     * hunt38-M M2 through a daemon: its account re-pointed at another mailbox (user zed -> yan) is an edit it cannot
     * apply, so it stops and hands the command back; run with the new config, the command is refused (78) before it
     * connects, and yan's uid 1, which is not the message stored as uid 1, is not deleted.
     */
    @Test
    void anAccountRepointedUnderADaemonIsRefusedAndDeletesNothingThere() throws Exception {
        runs = new TreeRuns(dir, tree = PerlTree.in(dir));
        Path config = config();
        GreenMailInbox.deliver(greenMail.getManagers().getImapHostManager().getInbox(zed), "zed's message");
        var yan = greenMail.setUser("yan@localhost", "yan", "pw");
        GreenMailInbox.deliver(greenMail.getManagers().getImapHostManager().getInbox(yan), "yan's message");
        long pid = runs.daemon(config);
        runs.run(null, "--config", config.toString(), "sync").assertExitCode(0); // the daemon's first login records zed's
        Files.writeString(config, Files.readString(config).replace("user = \"zed\"", "user = \"yan\""));
        PosternProcess.Result delete = runs.run(null, "--config", config.toString(), "delete", "INBOX", "1", "--expunge");
        delete.assertNoStackTrace().assertExitCode(78);
        assertTrue(delete.stderr().contains("account t now names another mailbox (user zed -> yan)"), delete.describe());
        TreeRuns.ended(pid);
        assertEquals(1, greenMail.getManagers().getImapHostManager().getInbox(yan).getMessageCount(), delete.describe());
        PosternProcess.Result cached = runs.run(null, "--config", config.toString(), "list", "--cached").assertExitCode(0);
        assertTrue(cached.stdout().contains("zed's message"), cached.describe());
    }
}

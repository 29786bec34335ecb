package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade in place (dpkg, `git pull && mvn package`) while a daemon of the old build runs: the jar at the same path
 * is another file. The Perl client (the launchers' default) took the owner's word for the build and kept sending every
 * command to the old daemon (hunt 35-B, B5); the Java clients were refused with 75 for as long as the daemon ran, which
 * is for ever (B1). Now every client sees another build, the daemon (serving no reader) hands the command back unrun and
 * stops, and the new build runs it; a daemon serving a reader refuses it in words until the reader quits.
 */
@Timeout(300)
class DaemonUpgradeIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private PerlTree tree;
    private Tmux reader;
    private TreeRuns runs;

    @AfterEach
    void stop() throws Exception {
        if (reader != null) reader.close();
        if (runs != null) runs.close();
    }

    private Path config() throws Exception {
        greenMail.setUser("zed@localhost", "zed", "pw");
        return PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null),
                "poll_seconds = 3600\n");
    }

    private long handedBackLines() throws Exception {
        return runs.infoLines("as after an upgrade, and it serves no reader: it stops, and the command goes back to its client");
    }

    private long served(Path config) {
        PosternProcess.Result status = runs.run("none", "--config", config.toString(), "daemon", "status").assertExitCode(0);
        Matcher m = Pattern.compile("(\\d+) commands served").matcher(status.stdout());
        assertTrue(m.find(), status.describe());
        return Long.parseLong(m.group(1));
    }

    @Test
    void eachClientHasTheNewBuildRunTheCommandAndTheOldDaemonStops() throws Exception {
        runs = new TreeRuns(dir, tree = PerlTree.in(dir).ownJars());
        Path config = config();
        int n = 0;
        for (String client : new String[] {null, "jvm", "none"}) {
            long pid = runs.daemon(config);
            // The same build: served there (the Perl client's fast path still holds, through the tree's links).
            long before = served(config);
            assertEquals("t\n", runs.run(client, "--config", config.toString(), "complete", "accounts").assertExitCode(0).stdout());
            assertEquals(before + 2, served(config), client + ": the daemon did not serve its own build's command");
            tree.upgrade(10 * ++n);
            PosternProcess.Result r = runs.run(client, "--config", config.toString(), "complete", "accounts");
            r.assertExitCode(0);
            assertEquals("t\n", r.stdout(), client + ": " + r.describe());
            assertEquals("", r.stderr(), client + ": " + r.describe());
            assertEquals(n, handedBackLines(), client + ": " + Files.readString(runs.log()));
            TreeRuns.ended(pid);
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), client + ": the old daemon still runs");
            assertFalse(Files.exists(dir.resolve("data").resolve("owner.sock"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        }
        runs.run("none", "--config", config.toString(), "store", "verify").assertExitCode(0);
    }

    /**
     * A reader started after the upgrade, while the old build's daemon serves no reader, is handed back as a command is:
     * the daemon stops, and the reader opens the mail itself with the new build (it was refused with 75 before, and the
     * daemon stayed). Through the launcher's Perl client (which leaves another build to the Java path) and the JVM.
     */
    @Test
    void aReaderOfTheNewBuildHasTheOldDaemonStopAndOwnsTheMailItself() throws Exception {
        runs = new TreeRuns(dir, tree = PerlTree.in(dir).ownJars());
        Path config = config();
        int n = 0;
        for (String client : new String[] {null, "jvm"}) {
            long pid = runs.daemon(config);
            tree.upgrade(10 * ++n);
            String cmd = "env HOME=" + dir + " XDG_RUNTIME_DIR= XDG_STATE_HOME=" + dir.resolve("state") + " PATH=" + tree.bin
                    + ":$PATH" + (client == null ? "" : " POSTERN_CLIENT=" + client) + " " + tree.launcher() + " --config "
                    + config + "; echo EXIT=$?; sleep 60";
            reader = Tmux.start("postern-upgrade-reader", 100, 24, cmd).poll(Duration.ofMillis(50));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !reader.capture().contains("EXIT=")) {
                assertTrue(System.nanoTime() < end, client + ": neither ended: " + reader.capture());
                Thread.sleep(100);
            }
            assertFalse(reader.capture().contains("EXIT="), client + ": the reader ended: " + reader.capture());
            TreeRuns.ended(pid);
            assertEquals(n, handedBackLines(), client + ": " + Files.readString(runs.log()));
            // The new reader owns the data directory now (its own build serves `daemon status`).
            end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            PosternProcess.Result status = runs.run("none", "--config", config.toString(), "daemon", "status");
            while (!status.stdout().contains("the reader (pid ")) {
                assertTrue(System.nanoTime() < end, client + ": the reader never owned the mail: " + status.describe()
                        + reader.capture());
                Thread.sleep(100);
                status = runs.run("none", "--config", config.toString(), "daemon", "status");
            }
            reader.keys("q");
            reader.waitFor("EXIT=0", Duration.ofSeconds(30));
            reader.close();
            reader = null;
        }
    }

    @Test
    void aDaemonServingAReaderRefusesInWordsUntilTheReaderQuits() throws Exception {
        runs = new TreeRuns(dir, tree = PerlTree.in(dir).ownJars());
        Path config = config();
        long pid = runs.daemon(config);
        String cmd = "env HOME=" + dir + " XDG_RUNTIME_DIR= XDG_STATE_HOME=" + dir.resolve("state") + " PATH=" + tree.bin
                + ":$PATH " + tree.launcher() + " --config " + config + "; echo EXIT=$?; sleep 60";
        reader = Tmux.start("postern-upgrade", 100, 24, cmd).poll(Duration.ofMillis(50));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!runs.run("none", "--config", config.toString(), "daemon", "status").stdout().contains("serving 1 reader")) {
            assertTrue(System.nanoTime() < end, "the daemon never served the reader: " + reader.capture());
            Thread.sleep(100);
        }
        tree.upgrade(10);
        for (String client : new String[] {null, "jvm"}) {
            PosternProcess.Result refused = runs.run(client, "--config", config.toString(), "complete", "accounts");
            refused.assertExitCode(75);
            assertTrue(refused.stderr().contains("postern: postern daemon (pid " + pid + "), which owns "), refused.describe());
            assertTrue(refused.stderr().contains("as after an upgrade; it serves a reader: quit that reader (the daemon then hands"
                    + " the next command to this build), or stop the daemon (postern daemon stop) and run the command again."),
                    refused.describe());
        }
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the daemon stopped under its reader");
        // `daemon status` (and stop) are served whatever the build: how a person finds and ends the old daemon.
        assertTrue(runs.run(null, "--config", config.toString(), "daemon", "status").assertExitCode(0).stdout()
                .contains("postern daemon (pid " + pid + ")"));

        reader.keys("q");
        reader.waitFor("EXIT=0", Duration.ofSeconds(30));
        PosternProcess.Result now = runs.run(null, "--config", config.toString(), "complete", "accounts");
        now.assertExitCode(0);
        assertEquals("t\n", now.stdout(), now.describe());
        TreeRuns.ended(pid);
        assertEquals(1, handedBackLines());
    }

    /**
     * A daemon of an older build (before the hand-back) refuses every command with 75 and never goes away: a wrapper
     * retrying on 75 retried for ever. The client tells it from this build's owners (which take a command before
     * refusing it) and says it: 69, and that it must be stopped once.
     */
    @Test
    void anOlderDaemonsRefusalIsSaidAsOneThatLastsWith69() throws Exception {
        runs = new TreeRuns(dir, tree = PerlTree.in(dir));
        Path config = config();
        Process old = new ProcessBuilder(PosternProcess.javaBinary(), "-cp", System.getProperty("java.class.path"),
                OlderDaemon.class.getName(), "daemon", "run", dir.resolve("data").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("older.log").toFile()).start();
        runs.killAtEnd(old.pid());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(dir.resolve("data/owner.sock"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            assertTrue(old.isAlive() && System.nanoTime() < end, Files.readString(dir.resolve("older.log")));
            Thread.sleep(50);
        }
        for (String client : new String[] {null, "jvm", "none"}) {
            PosternProcess.Result r = runs.run(client, "--config", config.toString(), "complete", "accounts");
            r.assertExitCode(69);
            assertTrue(r.stderr().contains("as after an upgrade; stop it (postern daemon stop"), r.describe());
            assertTrue(r.stderr().contains("postern: that daemon (pid " + old.pid() + ") runs another build of postern and"
                    + " does not stop by itself, so running the command again will not help; stop it once: postern daemon"
                    + " stop\n"), r.describe());
        }
    }
}

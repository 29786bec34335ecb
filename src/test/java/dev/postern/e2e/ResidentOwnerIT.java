package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resident owner with real processes: `postern daemon run` (or the reader) owns the data directory, other
 * postern processes are its clients over the socket in the data directory.
 */
@Timeout(300)
class ResidentOwnerIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private final List<Process> owners = new ArrayList<>();

    @AfterEach
    void stopOwners() {
        for (Process p : owners) p.destroyForcibly();
    }

    private MailFolder inbox() throws Exception {
        return greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("zed@localhost", "zed", "pw"));
    }

    /** One plain message from amy to zed, as GreenMail's IMAP INBOX (ServedReaderIT delivers through it too). */
    static void deliver(MailFolder inbox, String subject) throws Exception {
        GreenMailInbox.deliver(inbox, subject);
    }

    private Path config(int port) throws Exception {
        return PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", port, "plain", "zed", "pw", 30, null));
    }

    private Map<String, String> env() {
        return Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString());
    }

    private PosternProcess.Result postern(Path config, String... args) {
        return PosternProcess.withConfig(dir, config, args).timeout(Duration.ofSeconds(120)).run();
    }

    private Path socket() {
        return dir.resolve("data").resolve("owner.sock");
    }

    /** `postern daemon run` in the background, returned once it answers `daemon status`. */
    private Process daemon(Path config) throws Exception {
        List<String> argv = PosternProcess.jarCommand("--config", config.toString(), "daemon", "run");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(dir.resolve("daemon-" + owners.size() + ".log").toFile());
        pb.environment().putAll(env());
        Process p = pb.start();
        owners.add(p);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < end) {
            if (!p.isAlive()) fail("the daemon exited " + p.exitValue() + ": " + log(owners.size() - 1));
            if (Files.exists(socket()) && postern(config, "daemon", "status").exitCode() == 0) return p;
            Thread.sleep(100);
        }
        fail("the daemon never served: " + log(owners.size() - 1));
        return p;
    }

    private String log(int i) throws Exception {
        return Files.readString(dir.resolve("daemon-" + i + ".log"));
    }

    private static int lines(String s) {
        return s.isEmpty() ? 0 : s.split("\n").length;
    }

    @Test
    void twentyClientsAtOnceAllSucceedWithWholeOutputsAndTheStoreVerifies() throws Exception {
        MailFolder inbox = inbox();
        for (int i = 0; i < 30; i++) deliver(inbox, "message number " + i);
        Path config = config(greenMail.getImap().getPort());
        Process owner = daemon(config);
        PosternProcess.Result first = postern(config, "fetch");
        first.assertNoStackTrace().assertExitCode(0);
        String expected = postern(config, "list").assertExitCode(0).stdout();
        assertEquals(30, lines(expected), expected);

        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<PosternProcess.Result>> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String[] args = i % 2 == 0 ? new String[] {"list"} : new String[] {"sync", "-f", "INBOX"};
            runs.add(pool.submit(() -> postern(config, args)));
        }
        int listed = 0;
        for (int i = 0; i < 20; i++) {
            PosternProcess.Result r = runs.get(i).get(200, TimeUnit.SECONDS);
            r.assertNoStackTrace().assertExitCode(0);
            assertFalse(r.stderr().contains("another postern"), r.describe());
            if (i % 2 == 0) {
                assertEquals(expected, r.stdout(), "a list's output was cut or mixed with another's");
                listed++;
            }
        }
        pool.shutdown();
        assertEquals(10, listed);
        assertTrue(owner.isAlive(), "the owner served them all and still runs");
        postern(config, "store", "verify").assertNoStackTrace().assertExitCode(0);
        // Compaction rewrites the file the owner holds open: the owner refuses it and says how to run it.
        PosternProcess.Result compact = postern(config, "store", "compact").assertNoStackTrace().assertExitCode(75);
        assertTrue(compact.stderr().contains("holds open for others") && compact.stderr().contains("postern daemon stop"), compact.describe());
        PosternProcess.Result status = postern(config, "daemon", "status").assertExitCode(0);
        assertTrue(status.stdout().contains("pid " + owner.pid()), status.describe());

        postern(config, "daemon", "stop").assertExitCode(0);
        assertTrue(owner.waitFor(30, TimeUnit.SECONDS), "daemon stop ended the daemon");
        assertEquals(0, owner.exitValue());
        assertFalse(Files.exists(socket(), java.nio.file.LinkOption.NOFOLLOW_LINKS), "daemon stop removed the socket");
        // No owner now: the command runs in its own process, as before.
        assertEquals(expected, postern(config, "list").assertExitCode(0).stdout());
        assertTrue(postern(config, "store", "compact").assertNoStackTrace().assertExitCode(0).stdout().startsWith("store compacted: "));
        assertEquals(expected, postern(config, "list", "--cached").assertExitCode(0).stdout(), "the compacted store holds the list");
    }

    /**
     * Hunt 32-W W3: from cron (no terminal) while an owner runs, a reader's command line (a slip of a command, or a
     * folder) was run in its own process, which met the owner's lock: "in use ...; close it and retry", 75, which a
     * wrapper retries for ever. The reader's own sentence (64) comes first, from the Java client and the launcher's.
     */
    @Test
    void withoutATerminalAReadersLineIsTheReadersSentenceNotTheLocksWhileAnOwnerServes() throws Exception {
        inbox();
        Path config = config(greenMail.getImap().getPort());
        daemon(config);
        // A folder's name: the reader's sentence; a slip of a command word: git's hint (hunt37-J J1). Never the lock's.
        for (String[] word : new String[][] {{"fecth", "no command 'fecth'; did you mean fetch?"}, {"Work", "needs a terminal"}}) {
            PosternProcess.Result java = postern(config, word[0]).assertNoStackTrace();
            assertEquals(64, java.exitCode(), java.describe());
            assertTrue(java.stderr().contains(word[1]), java.describe());
            PosternProcess.Result launcher = PosternProcess.launcher("--config", config.toString(), word[0]).env(env())
                    .timeout(Duration.ofSeconds(120)).run().assertNoStackTrace();
            assertEquals(64, launcher.exitCode(), launcher.describe());
            assertTrue(launcher.stderr().contains(word[1]), launcher.describe());
        }
        postern(config, "daemon", "stop").assertExitCode(0);
    }

    /** The daemon's log file (XDG_STATE_HOME is under the test's directory). */
    private String daemonLog() throws Exception {
        Path log = dir.resolve("state").resolve("postern").resolve("postern.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The names of the process's threads as the kernel has them (cut to 15 characters). */
    private static List<String> threadNames(long pid) throws Exception {
        List<String> names = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    names.add(Files.readString(t.resolve("comm")).strip());
                } catch (java.io.IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return names;
    }

    /**
     * `daemon stop` hears its own answer, every time: it was sent by the stop's serving thread after the store was
     * released, racing the daemon's exit, which no longer waits for blocked reads; CI lost the race once ("stopped
     * before the command finished", 75). Now the thread that releases the store tells it before the exit.
     */
    @Test
    void daemonStopAlwaysHearsItsAnswer() throws Exception {
        Path config = config(greenMail.getImap().getPort());
        for (int i = 0; i < 6; i++) {
            Process d = daemon(config);
            PosternProcess.Result stop = postern(config, "daemon", "stop");
            stop.assertNoStackTrace().assertExitCode(0);
            assertTrue(stop.stdout().contains("stops."), stop.stdout());
            assertTrue(d.waitFor(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void theDaemonWarmsTheReaderOffScreenAndLeavesNoThreadAndAnEmptyStoreIsNotWarmed() throws Exception {
        MailFolder inbox = inbox();
        for (int i = 0; i < 5; i++) deliver(inbox, "warm message " + i);
        Path config = config(greenMail.getImap().getPort());
        // An empty data directory: the daemon starts and serves, and has nothing to warm.
        Process empty = daemon(config);
        postern(config, "daemon", "status").assertNoStackTrace().assertExitCode(0);
        postern(config, "daemon", "stop").assertExitCode(0);
        assertTrue(empty.waitFor(30, TimeUnit.SECONDS));
        String log = daemonLog();
        assertTrue(log.contains("no reader warm-up: the store knows no folder of t yet"), log);
        assertFalse(log.contains("warm-up failed") || log.contains("warm-up ended with"), log);

        postern(config, "fetch").assertNoStackTrace().assertExitCode(0);
        Process owner = daemon(config);
        // A batch command at once: it is answered whether or not the warm-up is still drawing.
        assertEquals(5, lines(postern(config, "list").assertNoStackTrace().assertExitCode(0).stdout()));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!daemonLog().contains("warmed the reader in") && System.nanoTime() < end) Thread.sleep(100);
        log = daemonLog();
        assertTrue(log.contains("warmed the reader in"), log);
        assertFalse(log.contains("warm-up failed") || log.contains("warm-up ended with"), log);
        // The warm-up thread has ended (its log line is its last act; give it a moment to return).
        end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (threadNames(owner.pid()).contains("postern-reader-") && System.nanoTime() < end) Thread.sleep(50);
        assertFalse(threadNames(owner.pid()).contains("postern-reader-"), String.valueOf(threadNames(owner.pid())));
        assertEquals(5, lines(postern(config, "list").assertExitCode(0).stdout()));
        postern(config, "daemon", "stop").assertExitCode(0);
        // A script's next line right after the stop runs (in its own process, once the daemon let the store go),
        // never refused as "stopping": the daemon takes no new client once `stop` has its answer.
        PosternProcess.Result next = postern(config, "list", "--cached").assertNoStackTrace();
        assertEquals(0, next.exitCode(), next.describe());
        assertEquals(5, lines(next.stdout()), next.describe());
        assertTrue(owner.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, owner.exitValue());
    }

    @Test
    void ownerKilledMidCommandGivesTheClient75AndASentenceAndLosesNothing() throws Exception {
        MailFolder inbox = inbox();
        for (int i = 0; i < 40; i++) deliver(inbox, "kept message " + i);
        try (FaultRelay relay = new FaultRelay(greenMail.getImap().getPort())) {
            Path config = config(relay.port());
            Process owner = daemon(config);
            // The owner's first connection stalls after its login and part of the listing: the fetch is under way.
            relay.arm(FaultRelay.Mode.STALL, 3000);
            ProcessBuilder pb = new ProcessBuilder(PosternProcess.jarCommand("--config", config.toString(), "fetch"));
            pb.environment().putAll(env());
            pb.redirectOutput(dir.resolve("fetch.out").toFile()).redirectError(dir.resolve("fetch.err").toFile());
            Process client = pb.start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!relay.fired() && System.nanoTime() < end) Thread.sleep(20);
            assertTrue(relay.fired(), "the fetch reached the server through the owner");
            assertTrue(client.isAlive(), "the client waits for its command");
            owner.destroyForcibly(); // SIGKILL
            owner.waitFor(20, TimeUnit.SECONDS);
            assertTrue(client.waitFor(30, TimeUnit.SECONDS), "the client noticed the owner's death");
            String err = Files.readString(dir.resolve("fetch.err"));
            assertEquals(75, client.exitValue(), err);
            assertEquals(1, lines(err.strip()), "one sentence: " + err);
            assertTrue(err.startsWith("postern: the postern that owns ") && err.contains("stopped before the command finished"), err);
            assertTrue(Files.exists(socket(), java.nio.file.LinkOption.NOFOLLOW_LINKS), "kill -9 leaves the socket behind");

            // The next command meets the stale socket, runs in its own process, and finds everything.
            postern(config, "fetch").assertNoStackTrace().assertExitCode(0);
            postern(config, "store", "verify").assertNoStackTrace().assertExitCode(0);
            assertEquals(40, lines(postern(config, "list").assertExitCode(0).stdout()));
            assertEquals(69, postern(config, "daemon", "status").exitCode(), "nobody owns it now");

            // The next owner replaces the stale socket and serves.
            Process next = daemon(config);
            assertTrue(postern(config, "daemon", "status").stdout().contains("pid " + next.pid()));
            // SIGTERM ends it and removes the socket.
            next.destroy();
            assertTrue(next.waitFor(30, TimeUnit.SECONDS));
            assertFalse(Files.exists(socket(), java.nio.file.LinkOption.NOFOLLOW_LINKS), "SIGTERM removed the socket");
        }
    }

    /**
     * A command that reaches the daemon after `daemon stop` was queued (a cron job in that moment) is not refused with
     * 75 any more: once the daemon has released the store it answers NOT_TAKEN and the client runs the command itself.
     * A fetch stalled at the server holds the daemon's queue, the stop queues behind it, and `list --cached` behind
     * the stop.
     */
    @Test
    void aCommandQueuedBehindDaemonStopRunsInItsOwnProcess() throws Exception {
        MailFolder inbox = inbox();
        for (int i = 0; i < 5; i++) deliver(inbox, "queued message " + i);
        try (FaultRelay relay = new FaultRelay(greenMail.getImap().getPort())) {
            Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                    PosternConfig.account("t", "imap", "127.0.0.1", relay.port(), "plain", "zed", "pw", 6, null));
            postern(config, "list").assertExitCode(0); // the store holds the five
            Process owner = daemon(config);
            relay.arm(FaultRelay.Mode.STALL, 3000);
            Process fetch = start(config, "fetch", "fetch");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!relay.fired() && System.nanoTime() < end) Thread.sleep(20);
            assertTrue(relay.fired(), "the fetch holds the daemon's queue");
            Process stop = start(config, "stop", "daemon", "stop");
            end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!ClientSocket.connected(stop) && stop.isAlive() && System.nanoTime() < end) Thread.sleep(20);
            // Connected first, the stop is taken first, however the daemon's threads read the two (resident/ReadOrder).
            assertTrue(ClientSocket.connected(stop), "the stop reached the daemon");
            Process list = start(config, "list", Map.of("POSTERN_TRACE_STARTUP", "1"), "list", "--cached");
            assertTrue(list.waitFor(120, TimeUnit.SECONDS) && stop.waitFor(120, TimeUnit.SECONDS)
                    && fetch.waitFor(120, TimeUnit.SECONDS) && owner.waitFor(60, TimeUnit.SECONDS), "all ended");
            String err = Files.readString(dir.resolve("list.err"));
            assertEquals(0, list.exitValue(), "list --cached behind the stop: " + err);
            assertFalse(err.contains("stopping"), err);
            assertEquals(5, lines(Files.readString(dir.resolve("list.out"))), Files.readString(dir.resolve("list.out")));
            // Behind the stop, not run by the stopping daemon: it went back to its client, which ran it itself (its own
            // start-up marks; the daemon's log is no witness: lines are dropped for 5 s after the fetch's cut write).
            assertTrue(err.contains(" ms  logging"), "the list ran in the stopping daemon: " + err);
            assertEquals(0, stop.exitValue(), Files.readString(dir.resolve("stop.err")));
            // The stop stops the stalled fetch for it rather than waiting for it (hunt 33-Y, Y4).
            // Nobody signalled the fetch's client: 75, run it again (hunt 39-Y, Y6; 143 before).
            assertEquals(75, fetch.exitValue(), Files.readString(dir.resolve("fetch.err")));
            assertTrue(Files.readString(dir.resolve("fetch.err")).contains("is stopping; what was done is kept"),
                    Files.readString(dir.resolve("fetch.err")));
        }
    }

    /** {@code postern --config C ARGS} started in the background, its output in NAME.out and NAME.err. */
    private Process start(Path config, String name, String... args) throws Exception {
        return start(config, name, Map.of(), args);
    }

    /** As above, with {@code more} in its environment. */
    private Process start(Path config, String name, Map<String, String> more, String... args) throws Exception {
        String[] argv = new String[args.length + 2];
        argv[0] = "--config";
        argv[1] = config.toString();
        System.arraycopy(args, 0, argv, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(PosternProcess.jarCommand(argv));
        pb.environment().putAll(env());
        pb.environment().putAll(more);
        pb.redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
        return pb.start();
    }

    @Test
    void twoOwnersRacingExactlyOneWinsAndTheOtherAsksIt() throws Exception {
        deliver(inbox(), "race");
        Path config = config(greenMail.getImap().getPort());
        List<Process> racers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder pb = new ProcessBuilder(PosternProcess.jarCommand("--config", config.toString(), "daemon", "run"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("racer-" + i + ".log").toFile());
            pb.environment().putAll(env());
            racers.add(pb.start());
        }
        owners.addAll(racers);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (racers.stream().allMatch(Process::isAlive) && System.nanoTime() < end) Thread.sleep(50);
        Process loser = racers.stream().filter(p -> !p.isAlive()).findFirst().orElseThrow(() -> new AssertionError("both still run"));
        Process winner = racers.get(racers.indexOf(loser) == 0 ? 1 : 0);
        String said = Files.readString(dir.resolve("racer-" + racers.indexOf(loser) + ".log"));
        assertEquals(75, loser.exitValue(), said);
        assertTrue(said.contains("postern daemon (pid " + winner.pid() + ") owns"), said);
        assertTrue(winner.isAlive());
        while (!Files.exists(socket()) && System.nanoTime() < end) Thread.sleep(50);
        assertEquals(1, lines(postern(config, "list").assertExitCode(0).stdout()));
    }

    /**
     * An upgrade replaces the jar while a daemon of the old build runs: a client of the new build is not served by old
     * code; the daemon, serving no reader, hands the command back and stops, and the new build runs it.
     */
    @Test
    void anOwnerOfAnotherBuildHandsTheCommandBackAndStops() throws Exception {
        deliver(inbox(), "after the upgrade");
        Path config = config(greenMail.getImap().getPort());
        Path jar = dir.resolve("lib").resolve("postern.jar");
        Files.createDirectories(jar.getParent());
        Files.copy(PosternProcess.jar(), jar);
        List<String> run = List.of(PosternProcess.javaBinary(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "--config", config.toString());
        List<String> daemonArgv = new ArrayList<>(run);
        daemonArgv.addAll(List.of("daemon", "run"));
        Process owner = new ProcessBuilder(daemonArgv).redirectErrorStream(true)
                .redirectOutput(dir.resolve("old-daemon.log").toFile()).start();
        owners.add(owner);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.exists(socket()) && owner.isAlive() && System.nanoTime() < end) Thread.sleep(50);
        assertTrue(Files.exists(socket()), Files.readString(dir.resolve("old-daemon.log")));
        List<String> list = new ArrayList<>(run);
        list.add("list");
        PosternProcess.Result same = PosternProcess.command(list.toArray(String[]::new)).env(env()).timeout(Duration.ofSeconds(90)).run();
        same.assertExitCode(0);
        assertEquals(1, lines(same.stdout()), same.describe());

        // "the upgrade": the same path now holds a jar of another time (a rebuild's bytes would differ too)
        Path upgraded = dir.resolve("lib").resolve("postern.jar.new");
        Files.copy(PosternProcess.jar(), upgraded);
        Files.setLastModifiedTime(upgraded, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(60)));
        Files.move(upgraded, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        // A daemon serving no reader hands the command back unrun and stops (hunt 35-B, B1: its 75 was for ever); the new
        // build runs it in its own process.
        PosternProcess.Result after = PosternProcess.command(list.toArray(String[]::new)).env(env()).timeout(Duration.ofSeconds(90)).run();
        after.assertNoStackTrace().assertExitCode(0);
        assertTrue(after.stdout().contains("after the upgrade"), after.describe());
        assertEquals("", after.stderr(), after.describe());
        assertTrue(owner.waitFor(30, TimeUnit.SECONDS), "the old owner stopped");
    }

    @Test
    void aSocketOpenToOthersOrOfAnotherUserIsRefused() throws Exception {
        deliver(inbox(), "private");
        Path config = config(greenMail.getImap().getPort());
        daemon(config);
        Files.setPosixFilePermissions(socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
        PosternProcess.Result r = postern(config, "list");
        assertEquals(77, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains("has mode 0666") && r.stderr().contains("refusing"), r.describe());
        Files.setPosixFilePermissions(socket(), PosixFilePermissions.fromString("rw-------"));
        assertEquals(1, lines(postern(config, "list").assertExitCode(0).stdout()));

        // A peer of another uid reaching the socket (here made reachable on purpose) is refused by the owner.
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run a peer as another user");
        Assumptions.assumeTrue(PosternProcess.command("id", "postern-test").run().exitCode() == 0, "no postern-test user");
        Path peerDir = Files.createTempDirectory("postern-peer");
        Path source = peerDir.resolve("RawPeer.java");
        Files.writeString(source, RAW_PEER);
        for (Path p : List.of(peerDir, source)) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        for (Path p = dir.resolve("data"); p != null && p.startsWith(dir.getParent()); p = p.getParent()) {
            if (p.equals(Path.of("/tmp"))) break;
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
        }
        Files.setPosixFilePermissions(socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
        PosternProcess.Result peer = PosternProcess.command("setpriv", "--reuid=postern-test", "--regid=postern-test",
                "--clear-groups", PosternProcess.javaBinary(), source.toString(), socket().toString())
                .timeout(Duration.ofSeconds(90)).run();
        assertTrue(peer.stdout().contains("EXIT 77"), peer.describe());
        assertTrue(peer.stdout().contains("serves only its own user (root), and this client runs as postern-test"), peer.describe());
    }

    /** A client written against the wire format by hand, run as another user. */
    private static final String RAW_PEER = """
            import java.io.*;
            import java.net.*;
            import java.nio.channels.*;
            public class RawPeer {
                public static void main(String[] a) throws Exception {
                    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                    ch.connect(UnixDomainSocketAddress.of(a[0]));
                    DataOutputStream out = new DataOutputStream(Channels.newOutputStream(ch));
                    out.write(new byte[] {'P', 'S', 'T', 'N', 1});
                    out.flush();
                    DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
                    while (true) {
                        int type = in.read();
                        if (type < 0) { System.out.println("EOF"); return; }
                        byte[] b = new byte[in.readInt()];
                        in.readFully(b);
                        if (type == 6) { System.out.println("EXIT " + java.nio.ByteBuffer.wrap(b).getInt()); return; }
                        System.out.println(new String(b, "UTF-8"));
                    }
                }
            }
            """;

    @Test
    void fetchFromAnotherProcessWhileTheReaderIsOpenShowsTheNewMailInTheReader() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        MailFolder inbox = inbox();
        deliver(inbox, "already here");
        Path config = config(greenMail.getImap().getPort());
        String cmd = "env HOME=" + dir + " XDG_STATE_HOME=" + dir.resolve("state") + " " + PosternProcess.launcherJava()
                + " -jar " + PosternProcess.jar() + " --config " + config + "; echo EXIT=$?; sleep 60";
        try (Tmux session = Tmux.start("postern-resident-it", 100, 24, cmd)) {
            awaitPane(session, "already here", 90);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(socket()) && System.nanoTime() < end) Thread.sleep(50);
            assertTrue(Files.exists(socket()), "the reader serves the data directory");
            deliver(inbox, "arrived while reading");
            PosternProcess.Result fetch = postern(config, "fetch");
            fetch.assertNoStackTrace().assertExitCode(0);
            assertFalse(fetch.stderr().contains("another postern"), fetch.describe());
            // No key is sent: the reader shows it from the controller's event alone.
            awaitPane(session, "arrived while reading", 30);
            assertEquals(2, lines(postern(config, "list").assertExitCode(0).stdout()));
        }
    }

    @Test
    void startDaemonStartsAnOwnerAndTheDaemonServesTheReader() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        deliver(inbox(), "served by a daemon");
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"), "start_daemon = true\n",
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null));
        // No owner: the command starts one (in the background) and runs in it.
        PosternProcess.Result list = postern(config, "list").assertNoStackTrace().assertExitCode(0);
        assertTrue(list.stdout().contains("served by a daemon"), list.describe());
        PosternProcess.Result status = postern(config, "daemon", "status").assertExitCode(0);
        assertTrue(status.stdout().startsWith("postern daemon (pid "), status.describe());
        long daemonPid = Long.parseLong(status.stdout().replaceAll("(?s)^postern daemon \\(pid (\\d+)\\).*", "$1"));
        ProcessHandle daemon = ProcessHandle.of(daemonPid).orElseThrow();
        try {
            String cmd = "env HOME=" + dir + " XDG_STATE_HOME=" + dir.resolve("state") + " " + PosternProcess.launcherJava()
                    + " -jar " + PosternProcess.jar() + " --config " + config + "; echo EXIT=$?; sleep 60";
            try (Tmux session = Tmux.start("postern-resident-it-served", 100, 24, cmd)) {
                // The daemon serves the reader (the plan's model): it is not stopped, and the reader names it.
                awaitPane(session, "served by a daemon", 90);
                assertTrue(daemon.isAlive());
                String who = postern(config, "daemon", "status").stdout();
                assertTrue(who.startsWith("postern daemon (pid " + daemonPid + ")") && who.contains("serving 1 reader"), who);
                assertTrue(watching(daemonPid, true), "the daemon watches the folder its reader shows");
                session.keys("q");
                awaitPane(session, "EXIT=0", 10);
                assertTrue(daemon.isAlive(), "the daemon serves on after the reader");
                // hunt35-C C2: the reader's watch went on in the daemon, a login and a refresh every window for nobody.
                assertTrue(watching(daemonPid, false), "the daemon's watch ended with its reader");
            }
        } finally {
            daemon.destroyForcibly();
        }
    }

    /** Waits up to 30 s for the process to have ({@code wanted}) or not have a folder watch's thread ("watch-t"). */
    private static boolean watching(long pid, boolean wanted) throws Exception {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            boolean found = false;
            try (var tasks = java.nio.file.Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    try {
                        found |= java.nio.file.Files.readString(t.resolve("comm")).strip().equals("watch-t");
                    } catch (java.io.IOException ended) {
                        // the thread ended meanwhile
                    }
                }
            }
            if (found == wanted) return true;
            Thread.sleep(100);
        }
        return false;
    }

    private static void awaitPane(Tmux session, String text, int seconds) throws Exception {
        session.poll(Duration.ofMillis(50)).waitFor(text, Duration.ofSeconds(seconds));
    }
}

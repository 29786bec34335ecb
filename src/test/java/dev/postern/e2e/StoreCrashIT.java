package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import dev.postern.store.BlobDamage;
import dev.postern.store.MapDbStore;
import dev.postern.store.UidlEntry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection on the store against Dovecot: {@code kill -9} of a first {@code fetch} (POP3) and a first
 * {@code sync} (IMAP) at many points, half of them in the first 200 ms after the store's file appears (the
 * window where a new store used to be left unopenable for good), and of later runs with new mail; then a
 * disk that is full when the store is created and one that fills in the middle of a fetch. After every
 * fault a clean run completes, the store verifies, and it holds every server message exactly once.
 *
 * <p>The fetch and sync series run side by side (different users and data directories) to keep the
 * wall-clock time down, and each series' first-run kills (a new data directory each, no mail seeded meanwhile)
 * run in {@code -Dstorecrash.streams=N} streams (default 2) before its later-run kills, so that neither series
 * runs on alone at the end; counts: {@code -Dstorecrash.first=N} (kills of a first run, per command, default
 * 10, shared among the streams) and {@code -Dstorecrash.later=N} (default 5);
 * {@code -Dstorecrash.only=fetch|sync} runs one series.
 * A store moved aside after a kill is copied, with the log, to {@code target/storecrash-damaged/}.
 */
@Tag("e2e")
class StoreCrashIT {
    // 10 + 5 kills per series (30 in all) by default: each kill costs two full postern runs (about 4 s of CPU on
    // CI's two cores, where the end-to-end phase keeps both busy from start to end), and this class was 37% of that
    // phase's CPU at 100 kills and the phase's longest fork at 80, 64 and 48 (556 s of a 918 s run in the
    // twenty-eighth session, bench/SUITE.md); none of the kills in the full runs since the seventeenth session
    // damaged a store. A deeper run: -Dstorecrash.first=200 -Dstorecrash.later=100.
    static final int FIRST = Integer.getInteger("storecrash.first", 10);
    static final int LATER = Integer.getInteger("storecrash.later", 5);
    static final int STREAMS = Math.max(1, Integer.getInteger("storecrash.streams", 2));
    /**
     * The nice value of every postern run here. The kill loop is bulk work that keeps both CI cores busy; the suite's
     * latency checks (q and Ctrl-C answer within 200 ms) run beside it in other forks and should not wait behind it.
     * No figure here depends on the runs' speed: the kill windows follow the measured run time.
     */
    static final int NICE = 10;
    static final int MAILBOX = 30;

    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @TempDir Path home;

    /** What one series saw, printed at the end. */
    static final class Counts {
        final String name;
        int runs;
        int killed;
        int killedInCreationWindow;
        int finishedBeforeKill;
        int movedAside;
        int lost;
        int doubled;
        final Map<Integer, Integer> cleanExits = new HashMap<>();

        Counts(String name) {
            this.name = name;
        }

        /** Adds what another stream of the same series saw. */
        void add(Counts other) {
            runs += other.runs;
            killed += other.killed;
            killedInCreationWindow += other.killedInCreationWindow;
            finishedBeforeKill += other.finishedBeforeKill;
            movedAside += other.movedAside;
            lost += other.lost;
            doubled += other.doubled;
            other.cleanExits.forEach((exit, n) -> cleanExits.merge(exit, n, Integer::sum));
        }

        @Override
        public String toString() {
            return String.format("%s: %d runs, %d killed (%d within 200 ms of the store file appearing), %d finished"
                    + " before the kill; after each a clean run: exits %s, %d stores moved aside, %d lost, %d doubled",
                    name, runs, killed, killedInCreationWindow, finishedBeforeKill, cleanExits, movedAside, lost, doubled);
        }
    }

    /** One command over one account: how to write its config, run it and check its store against the server. */
    private abstract class Series {
        final Counts counts;
        final Random random;
        /** Later kills land at a random point of this many milliseconds after start. */
        long window;
        int firstKilled;

        Series(String name, long seed) {
            this.counts = new Counts(name);
            this.random = new Random(seed);
        }

        abstract String command();

        /** Another stream of this series: same account and server, its own name, seed and data directories. */
        abstract Series stream(int n);

        abstract String accountToml(Path data);

        abstract void seed(int count);

        /** Fails unless the store holds the server's messages exactly once; counts the lost and doubled. */
        abstract void assertMatchesServer(Path data, String when) throws IOException;

        Path config(Path data) throws IOException {
            return PosternConfig.write(home.resolve(data.getFileName() + ".toml"), data, accountToml(data));
        }

        Process start(Path cfg) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(PosternProcess.niced(NICE, PosternProcess.jarCommand("--config", cfg.toString(), command())))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // the same HOME and log as the clean runs, so a kept damaged store comes with its whole log
            pb.environment().put("HOME", home.toString());
            pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
            return pb.start();
        }

        PosternProcess.Result clean(Path cfg) {
            return PosternProcess.withConfig(home, cfg, command()).niced(NICE).timeout(Duration.ofMinutes(2)).run().assertNoStackTrace();
        }

        /**
         * Starts the command and kills it: {@code inCreation} right after the store's file (or its temporary
         * twin) appears plus 0 to 200 ms, else after a random part of {@code window}.
         */
        void runAndKill(Path data, Path cfg, boolean inCreation) throws Exception {
            counts.runs++;
            Process p = start(cfg);
            long delay;
            if (inCreation) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (p.isAlive() && System.nanoTime() < deadline && !Files.exists(data.resolve("store.db.new"))
                        && !Files.exists(data.resolve("store.db"))) {
                    LockSupport.parkNanos(1_000_000); // every 1 ms: finer polling cost CPU the runs under test needed
                }
                delay = random.nextInt(201);
            } else {
                delay = (long) (random.nextDouble() * window);
            }
            boolean finished = delay == 0 ? !p.isAlive() : p.waitFor(delay, TimeUnit.MILLISECONDS);
            if (finished) {
                counts.finishedBeforeKill++;
                if (!inCreation) window = Math.max(100, delay * 3 / 4); // the next kill lands inside the run
            } else {
                p.destroyForcibly(); // SIGKILL
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                counts.killed++;
                if (inCreation) counts.killedInCreationWindow++;
            }
            String when = counts.name + " run " + counts.runs + (finished ? " (finished)" : " (killed " + delay + " ms "
                    + (inCreation ? "after the store file appeared" : "after start") + ")");
            PosternProcess.Result after = clean(cfg);
            counts.cleanExits.merge(after.exitCode(), 1, Integer::sum);
            System.out.printf("store crash: %s; clean run %d ms, exit %d%n", when, after.elapsed().toMillis(), after.exitCode());
            assertEquals(0, after.exitCode(), when + ": the clean run after it\n" + after.describe());
            if (after.stderr().contains("was damaged")) {
                counts.movedAside++;
                Path kept = Path.of("target", "storecrash-damaged", counts.name + "-run" + counts.runs).toAbsolutePath();
                copyTree(data, kept.resolve("data"));
                Path log = home.resolve("state/postern/postern.log");
                if (Files.exists(log)) Files.copy(log, kept.resolve("postern.log"));
                System.out.printf("store crash: %s: the clean run moved the store aside (data directory kept in %s): %s%n",
                        when, kept, after.stderr().strip());
            }
            assertVerifies(data, when);
            assertMatchesServer(data, when);
        }

        /** This stream's part of the FIRST first-run kills: the remainder goes to the first streams. */
        int share(int n) {
            return FIRST / STREAMS + (n < FIRST % STREAMS ? 1 : 0);
        }

        /** Kills {@code kills} first runs, each on a new data directory; at most three runs per wanted kill. */
        Counts firstRuns(int kills, long fullRun) throws Exception {
            window = Math.max(300, fullRun);
            for (int i = 0, wanted = 0; counts.killed < kills && i < 3 * kills; i++) {
                Path data = home.resolve(counts.name + "-first-" + i);
                runAndKill(data, config(data), wanted++ % 2 == 0);
                deleteTree(data);
            }
            return counts;
        }

        /**
         * Kills of first runs, each on a new data directory; then kills of later runs on one directory. Runs
         * go on until the wanted number of kills has landed (a run that finishes before its kill is not a
         * kill point, and it narrows the window for the next), at most three runs per wanted kill.
         */
        Counts runSeries() throws Exception {
            seed(MAILBOX);
            Path timing = home.resolve(counts.name + "-timing");
            long fullRun = clean(config(timing)).assertExitCode(0).elapsed().toMillis();
            System.out.printf("store crash: %s: an uninterrupted first run takes %d ms%n", counts.name, fullRun);
            // The first-run kills in STREAMS streams at once; nothing is seeded until all of them are done.
            List<CompletableFuture<Counts>> others = new ArrayList<>();
            for (int n = 1; n < STREAMS; n++) {
                Series other = stream(n);
                int kills = share(n);
                others.add(inThread(() -> other.firstRuns(kills, fullRun)));
            }
            firstRuns(share(0), fullRun);
            for (CompletableFuture<Counts> other : others) counts.add(other.join());
            firstKilled = counts.killed;
            Path data = home.resolve(counts.name + "-later");
            Path cfg = config(data);
            clean(cfg).assertExitCode(0);
            window = Math.max(300, fullRun);
            for (int i = 0; counts.killed - firstKilled < LATER && i < 3 * LATER; i++) {
                seed(10);
                runAndKill(data, cfg, false);
            }
            PosternProcess.Result verify = PosternProcess.withConfig(home, cfg, "store", "verify")
                    .timeout(Duration.ofMinutes(1)).run().assertNoStackTrace();
            assertEquals(0, verify.exitCode(), verify.describe());
            // Issue 13's pass condition is asserted above for every run: the clean run completes, the store
            // verifies, 0 lost, 0 doubled. A store moved aside and rebuilt meets it, but a kill should never damage
            // a transactional store at all: the full-count CI run saw 3 of 75 fetch runs do so (open defect,
            // named in the closing note). Counted and printed until that is fixed, not asserted.
            if (counts.movedAside > 0) {
                System.out.printf("store crash: OPEN DEFECT: %d of %d %s runs left a store that had to be moved aside%n",
                        counts.movedAside, counts.runs, counts.name);
            }
            return counts;
        }
    }

    /** POP3, keep_on_server = true, so the server's maildrop is the truth for every run. */
    private final class Pop3Fetch extends Series {
        Pop3Fetch() {
            this("fetch", 11);
        }

        private Pop3Fetch(String name, long seed) {
            super(name, seed);
        }

        @Override String command() { return "fetch"; }

        @Override Series stream(int n) { return new Pop3Fetch("fetch-" + n, 11 + 100L * n); }

        @Override
        String accountToml(Path data) {
            return "[accounts.k]\nprotocol = \"pop3\"\nhost = \"127.0.0.1\"\nport = " + DOVECOT.pop3Port()
                    + "\nsecurity = \"plain\"\nuser = \"bob\"\npassword = \"" + DOVECOT.user("bob")
                    + "\"\ntimeout_seconds = 20\n[accounts.k.pop3]\nkeep_on_server = true\n";
        }

        @Override
        void seed(int count) {
            DOVECOT.seedBulk("bob", "INBOX", count);
        }

        @Override
        void assertMatchesServer(Path data, String when) throws IOException {
            Set<String> server = serverMessages("bob");
            List<String> all = new ArrayList<>();
            try (MapDbStore store = MapDbStore.open(data)) {
                Map<String, UidlEntry> ledger = store.uidls("k");
                for (UidlEntry e : ledger.values()) {
                    store.body(new MessageRef("k", "INBOX", 0, e.localUid()))
                            .ifPresent(b -> all.add(new String(b, StandardCharsets.ISO_8859_1).replace("\r\n", "\n")));
                }
                assertEquals(ledger.size(), store.count("k", "INBOX"), when + ": one envelope per ledger entry");
            }
            Set<String> stored = new HashSet<>(all);
            counts.doubled += all.size() - stored.size();
            Set<String> missing = new HashSet<>(server);
            missing.removeAll(stored);
            counts.lost += missing.size();
            assertEquals(all.size(), stored.size(), when + ": a message is stored twice");
            assertEquals(server, stored, when + ": the store holds every message on the server");
        }
    }

    /** IMAP sync of INBOX: every server Message-ID once in the store, each with its body. */
    private final class ImapSync extends Series {
        ImapSync() {
            this("sync", 12);
        }

        private ImapSync(String name, long seed) {
            super(name, seed);
        }

        @Override String command() { return "sync"; }

        @Override Series stream(int n) { return new ImapSync("sync-" + n, 12 + 100L * n); }

        @Override
        String accountToml(Path data) {
            return PosternConfig.dovecot(DOVECOT, "alice", 20);
        }

        @Override
        void seed(int count) {
            DOVECOT.seedBulk("alice", "INBOX", count);
        }

        @Override
        void assertMatchesServer(Path data, String when) throws IOException {
            Set<String> server = serverMessageIds("alice");
            List<String> ids = new ArrayList<>();
            int withoutBody = 0;
            try (MapDbStore store = MapDbStore.open(data)) {
                List<Envelope> inbox = new ArrayList<>();
                store.forEachEnvelope(e -> {
                    if (e.ref().account().equals("e2e") && e.ref().folder().equals("INBOX")) inbox.add(e);
                });
                for (Envelope e : inbox) {
                    ids.add(e.messageId());
                    if (store.body(e.ref()).isEmpty()) withoutBody++;
                }
            }
            Set<String> stored = new HashSet<>(ids);
            counts.doubled += ids.size() - stored.size();
            Set<String> missing = new HashSet<>(server);
            missing.removeAll(stored);
            counts.lost += missing.size();
            assertEquals(ids.size(), stored.size(), when + ": a message is stored twice");
            assertEquals(server, stored, when + ": the store holds every message on the server");
            assertEquals(0, withoutBody, when + ": sync stores every body");
        }
    }

    @Test
    void killedFirstAndLaterRunsLeaveAStoreThatOpensWholeAndVerifies() throws Exception {
        long start = System.nanoTime();
        String only = System.getProperty("storecrash.only", "");
        CompletableFuture<Counts> sync = inThread(() -> only.equals("fetch") ? null : new ImapSync().runSeries());
        Counts fetch = only.equals("sync") ? null : new Pop3Fetch().runSeries();
        Counts synced = sync.join();
        List<Counts> all = new ArrayList<>();
        if (fetch != null) all.add(fetch);
        if (synced != null) all.add(synced);
        for (Counts c : all) {
            System.out.println("store crash: " + c);
            assertTrue(c.killed >= FIRST + LATER, "every wanted kill landed mid-run: " + c);
            assertTrue(c.killedInCreationWindow >= FIRST / 4, "kills landed in the store's first 200 ms: " + c);
            assertEquals(0, c.lost, c.toString());
            assertEquals(0, c.doubled, c.toString());
        }
        System.out.printf("store crash: %d kills in %.1f s%n", all.stream().mapToInt(c -> c.killed).sum(),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * A disk with no room for a new store: exit 74 with one sentence, nothing half-made left behind, and
     * once space is freed the same command makes the store and fetches everything. Then a disk that fills in
     * the middle of a fetch: exit 74, the store still verifies, and after freeing space a fetch completes
     * with every message once.
     */
    @Test
    void aFullDiskAtCreationOrMidFetchFailsWith74AndRecoversOnceSpaceIsFreed() throws Exception {
        Path mount = home.resolve("small-disk");
        Files.createDirectories(mount);
        PosternProcess.Result mounted = PosternProcess.command("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs",
                mount.toString()).timeout(Duration.ofSeconds(20)).run();
        Assumptions.assumeTrue(mounted.exitCode() == 0, "a small tmpfs cannot be mounted here (needs root and"
                + " CAP_SYS_ADMIN), so the full-disk case is not run: " + mounted.stderr().strip());
        try {
            Pop3Fetch pop3 = new Pop3Fetch();
            pop3.seed(MAILBOX);
            Path data = mount.resolve("data");
            Path cfg = pop3.config(data);
            Path filler = home.resolve("small-disk/filler");

            fill(filler, 256 * 1024);
            PosternProcess.Result full = pop3.clean(cfg);
            System.out.println("full disk at creation: exit " + full.exitCode() + ": " + full.stderr().strip());
            assertEquals(74, full.exitCode(), full.describe());
            assertEquals(1, full.stderr().strip().lines().count(), "one sentence: " + full.stderr());
            assertTrue(full.stderr().contains("cannot create the store"), full.stderr());
            try (Stream<Path> left = Files.list(data)) {
                List<String> names = left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("store.db")).toList();
                assertEquals(List.of(), names, "nothing half-made is left");
            }

            Files.delete(filler);
            pop3.clean(cfg).assertExitCode(0);
            assertVerifies(data, "after space was freed");
            pop3.assertMatchesServer(data, "after space was freed");

            // Mid-fetch: plenty of new mail, a few hundred KiB of room.
            pop3.seed(1500);
            fill(filler, 300 * 1024);
            PosternProcess.Result mid = pop3.clean(cfg);
            System.out.println("disk full mid-fetch: exit " + mid.exitCode() + ": " + mid.stderr().strip());
            assertEquals(74, mid.exitCode(), mid.describe());
            assertEquals(1, mid.stderr().strip().lines().count(), "one sentence: " + mid.stderr());
            Files.delete(filler);
            assertVerifies(data, "after the disk filled mid-fetch");
            PosternProcess.Result again = pop3.clean(cfg);
            assertEquals(0, again.exitCode(), again.describe());
            assertFalse(again.stderr().contains("was damaged"), again.stderr());
            assertVerifies(data, "after space was freed mid-fetch");
            pop3.assertMatchesServer(data, "after space was freed mid-fetch");
            System.out.println("full disk: " + pop3.counts.lost + " lost, " + pop3.counts.doubled + " doubled");
        } finally {
            PosternProcess.command("umount", "-l", mount.toString()).timeout(Duration.ofSeconds(20)).run();
        }
    }

    /** Runs {@code work} on a thread of its own (the common pool has one thread on a two-core machine). */
    private static <T> CompletableFuture<T> inThread(java.util.concurrent.Callable<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, task -> {
            Thread t = new Thread(task, "store-crash-series");
            t.setDaemon(true);
            t.start();
        });
    }

    /** Fills the file system of {@code filler} to the last block, then gives {@code room} bytes back. */
    private static void fill(Path filler, long room) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 1);
        long written = 0;
        try (RandomAccessFile f = new RandomAccessFile(filler.toFile(), "rw")) {
            try {
                while (true) {
                    f.write(chunk);
                    written += chunk.length;
                }
            } catch (IOException full) {
                // No space left: the disk is full.
            }
            f.setLength(Math.max(0, written - room));
        }
    }

    private static void assertVerifies(Path data, String when) {
        try (MapDbStore store = MapDbStore.open(data)) {
            List<BlobDamage> damage = store.verify();
            assertEquals(List.of(), damage, when + ": the store verifies");
        }
    }

    /** Normalised contents (LF line ends) of every message in {@code user}'s INBOX. */
    private static Set<String> serverMessages(String user) throws IOException {
        Set<String> out = new HashSet<>();
        try {
            for (Path f : serverFiles(user)) out.add(Files.readString(f, StandardCharsets.ISO_8859_1));
        } catch (java.nio.file.NoSuchFileException raced) {
            return serverMessages(user); // Dovecot moved it from new/ to cur/ while we read
        }
        return out;
    }

    private static Set<String> serverMessageIds(String user) throws IOException {
        Set<String> out = new HashSet<>();
        try {
            for (Path f : serverFiles(user)) {
                for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
                    if (line.isEmpty()) break;
                    if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) out.add(line.substring(11).strip());
                }
            }
        } catch (java.nio.file.NoSuchFileException raced) {
            return serverMessageIds(user);
        }
        return out;
    }

    private static List<Path> serverFiles(String user) throws IOException {
        List<Path> out = new ArrayList<>();
        Path md = DOVECOT.maildir(user, "INBOX");
        for (String sub : List.of("new", "cur")) {
            Path d = md.resolve(sub);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> files = Files.list(d)) {
                out.addAll(files.toList());
            }
        }
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}

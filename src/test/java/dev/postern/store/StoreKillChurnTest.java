package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a process that writes to the store as fast as fetch does (a body and a ledger entry per
 * commit, batches of envelopes now and then), at random points of its commits, many times over one store:
 * after every kill the store opens without being moved aside, verifies, and holds every message whose commit
 * was acknowledged, each once. Cheaper than the end-to-end StoreCrashIT (no server, no mail code), so it can
 * land many more kills inside commits. {@code -Dstorekill.runs=N} (default 20).
 *
 * <p>Before {@link JournaledVolume}, about one kill in 25 landed while MapDB copied a commit into the file and
 * left a store that did not reopen (or on which {@code verify()} walked for minutes). A store moved aside now
 * fails the test ({@code -Dstorekill.strict=false} only counts them, for diagnosis), and the verify has a
 * deadline so that a walk that never ends fails instead of holding the suite.
 */
class StoreKillChurnTest {
    static final int RUNS = Integer.getInteger("storekill.runs", 20);
    static final boolean STRICT = Boolean.parseBoolean(System.getProperty("storekill.strict", "true"));
    private int movedAside;

    @TempDir Path dir;

    @Test
    void killsInsideCommitsNeverDamageTheStoreNorLoseAnAcknowledgedCommit() throws Exception {
        Random random = new Random(20261202);
        long acknowledged = 0;
        int killedAfterWriting = 0;
        for (int run = 0; run < RUNS; run++) {
            Process child = start(run);
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("READY ")) {
                child.destroyForcibly();
                throw new AssertionError("the writer did not start: " + ready);
            }
            long start = Long.parseLong(ready.substring(6));
            assertTrue(start >= acknowledged, "run " + run + ": the store holds " + start + " messages, " + acknowledged
                    + " were acknowledged");
            AtomicLong last = new AtomicLong(start);
            Thread reader = new Thread(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith("COMMITTED ")) last.set(Long.parseLong(line.substring(10)));
                    }
                } catch (IOException e) {
                    // the child died: what it acknowledged is in last
                }
            });
            reader.start();
            // Kill at a random point after the writer's first commit of this run (a fixed delay lands before
            // it on a loaded machine): 0-60 ms is 0 to a few commits, so the kill falls anywhere in one.
            long firstBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (last.get() == start && child.isAlive() && System.nanoTime() < firstBy) Thread.sleep(1);
            Thread.sleep(random.nextInt(60));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            reader.join();
            acknowledged = last.get();
            if (acknowledged > start) killedAfterWriting++;

            List<String> notices = new ArrayList<>();
            try (MapDbStore store = MapDbStore.open(dir, () -> { }, notices::add)) {
                if (!notices.isEmpty()) {
                    // A kill left a store that does not reopen: kept, with its logs, in target/storekill-damaged.
                    // The new store starts empty, so what was acknowledged is counted from it.
                    keep(run);
                    movedAside++;
                    System.out.println("store kill churn: DAMAGED: run " + run + ": " + notices);
                    assertTrue(!STRICT, "run " + run + ": a kill must never leave a store that is moved aside: " + notices);
                    acknowledged = 0;
                }
                int r = run;
                assertEquals(List.of(), org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                        java.time.Duration.ofSeconds(60), store::verify, () -> "run " + r + ": verify did not end"),
                        "run " + run + ": the store verifies");
                int count = store.count("a", "INBOX");
                assertTrue(count >= acknowledged, "run " + run + ": " + count + " messages stored, " + acknowledged
                        + " were acknowledged");
                assertEquals(count, store.uidls("a").size(), "run " + run + ": one ledger entry per message");
                for (long uid = 1; uid <= count; uid++) {
                    assertTrue(store.body(TestEnvelopes.ref("a", "INBOX", 1, uid)).isPresent(),
                            "run " + run + ": message " + uid + " has its body");
                }
                acknowledged = count;
            }
        }
        System.out.printf("store kill churn: %d kills, %d after the writer had committed, %d messages, %d stores moved"
                + " aside%n", RUNS, killedAfterWriting, acknowledged, movedAside);
        assertTrue(killedAfterWriting >= RUNS / 2, "most kills landed while the writer was committing");
    }

    private Process start(int run) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(StoreProcess.class.getName());
        cmd.add("churn");
        cmd.add(dir.toString());
        cmd.add(Integer.toString(run));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Keeps the data directory of a failing run for diagnosis: target/storekill-damaged/run-N. */
    private void keep(int run) throws IOException {
        Path kept = Path.of("target", "storekill-damaged", "run-" + run).toAbsolutePath();
        Files.createDirectories(kept);
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) Files.copy(p, kept.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        System.out.println("store kill churn: run " + run + " kept in " + kept);
    }
}

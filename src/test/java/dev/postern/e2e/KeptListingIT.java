package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, as people run it: {@code ./postern list --cached --limit 20} after a {@code list} printed that folder
 * runs without MapDB (no class of it loaded, every class from the start-up archive) and prints what the store
 * prints; a {@code sync} killed with SIGKILL in the middle leaves no listing behind, so the next {@code list
 * --cached} reads the store and shows what the killed sync had committed, exactly as the store's own path does.
 */
@Tag("e2e")
class KeptListingIT {
    private static final Path TREE = PosternProcess.jar().getParent().getParent();

    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @TempDir Path home;

    private Map<String, String> env(String... more) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("HOME", home.toString(), "XDG_STATE_HOME",
                home.resolve("state").toString(), "XDG_RUNTIME_DIR", home.toString()));
        for (int i = 0; i + 1 < more.length; i += 2) env.put(more[i], more[i + 1]);
        return env;
    }

    private PosternProcess.Result launcher(Path cfg, Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of(TREE.resolve("postern").toString(), "--config", cfg.toString()));
        argv.addAll(List.of(args));
        return PosternProcess.command(argv.toArray(String[]::new)).env(env).timeout(Duration.ofMinutes(2)).run()
                .assertNoStackTrace();
    }

    @Test
    void aKeptListingRunsWithoutMapDbAndAKilledSyncLeavesNone() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(TREE.resolve("target/postern.jsa.key")), "built with -Dpostern.archive.skip=true");
        DOVECOT.seedBulk("alice", "INBOX", 40);
        Path data = home.resolve("data");
        Path cfg = PosternConfig.write(home.resolve("config.toml"), data, PosternConfig.dovecot(DOVECOT, "alice", 20));
        Path listing = data.resolve("listing.cache");

        launcher(cfg, env(), "sync").assertExitCode(0);
        assertFalse(Files.exists(listing), "sync lists nothing, so keeps nothing");
        PosternProcess.Result fromStore = launcher(cfg, env(), "list", "--cached", "--limit", "20").assertExitCode(0);
        assertEquals(20, fromStore.stdout().lines().count(), fromStore.describe());
        assertTrue(Files.exists(listing), "the listing is kept at the store's clean close");

        Path log = home.resolve("classes.log");
        java.util.regex.Matcher opts = java.util.regex.Pattern.compile("(?m)^postern_opts=\\$\\{POSTERN_JAVA_OPTS:-(.*)}$")
                .matcher(Files.readString(TREE.resolve("packaging/archive/postern-options.sh")));
        assertTrue(opts.find(), "the launcher's default JVM options");
        PosternProcess.Result kept = launcher(cfg, env("POSTERN_JAVA_OPTS", opts.group(1) + " -Xlog:class+load:file=" + log),
                "list", "--cached", "--limit", "20").assertExitCode(0);
        assertEquals(fromStore.stdout(), kept.stdout());
        assertEquals(fromStore.stderr(), kept.stderr());
        List<String> classes = Files.readAllLines(log);
        assertTrue(classes.size() > 500, classes.size() + " classes loaded");
        StringBuilder mapdb = new StringBuilder();
        StringBuilder fromJars = new StringBuilder();
        for (String line : classes) {
            if (line.contains("] org.mapdb.") || line.contains("dev.postern.store.MapDbStore")) mapdb.append(line).append('\n');
            if (line.contains("source: file:") || line.contains("source: jar:")) fromJars.append(line).append('\n');
        }
        assertTrue(mapdb.isEmpty(), "the store was opened for a kept listing:\n" + mapdb);
        assertTrue(fromJars.isEmpty(), "loaded from a jar, not the archive:\n" + fromJars);

        // New mail, and a sync killed while it stores it: whatever it committed, the listing does not hide it.
        DOVECOT.seedBulk("alice", "INBOX", 400);
        List<String> argv = new ArrayList<>(List.of(TREE.resolve("postern").toString(), "--config", cfg.toString(), "sync"));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env());
        Process sync = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Files.exists(listing) && sync.isAlive() && System.nanoTime() < deadline) Thread.sleep(1);
        assertFalse(Files.exists(listing), "the sync's open deleted the listing");
        Thread.sleep(150); // into the sync's work
        sync.destroyForcibly(); // SIGKILL
        assertTrue(sync.waitFor(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(listing), "a killed process leaves no listing");
        PosternProcess.Result afterKill = launcher(cfg, env(), "list", "--cached", "--limit", "20").assertExitCode(0);
        assertTrue(Files.exists(listing), "kept again by the list that read the store");
        PosternProcess.Result again = launcher(cfg, env(), "list", "--cached", "--limit", "20").assertExitCode(0);
        assertEquals(afterKill.stdout(), again.stdout(), "the kept listing prints what the store printed");
        // The store's own door agrees: "--limit 020" is a line the plain reader leaves to picocli, which opens the store.
        PosternProcess.Result store = launcher(cfg, env(), "list", "--cached", "--limit", "020").assertExitCode(0);
        assertEquals(afterKill.stdout(), store.stdout());

        launcher(cfg, env(), "sync").assertExitCode(0);
        PosternProcess.Result synced = launcher(cfg, env(), "list", "--cached", "--limit", "020").assertExitCode(0);
        assertTrue(Files.exists(listing));
        PosternProcess.Result syncedKept = launcher(cfg, env(), "list", "--cached", "--limit", "20").assertExitCode(0);
        assertEquals(synced.stdout(), syncedKept.stdout());
        assertEquals(20, synced.stdout().lines().count(), synced.describe());
    }
}

package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.MessageRef;
import dev.postern.store.MapDbStore;
import dev.postern.store.UidlEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a running {@code postern fetch} at random points, with mail arriving between runs
 * and keep_on_server = false (so deletions are in play): after every kill, every message ever delivered
 * is on the server or whole in the store, and the store holds none twice; after a final run the server is
 * empty and the store holds every message exactly once.
 */
@Tag("e2e")
class Pop3KillLoopIT {
    static final int ROUNDS = 15;
    static final int PER_ROUND = 120;

    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @TempDir Path home;

    @Test
    void killedFetchesNeverLoseNorDuplicateAMessage() throws Exception {
        Path data = home.resolve("data");
        Path cfg = home.resolve("config.toml");
        Files.writeString(cfg, "data_dir = \"" + data + "\"\n[accounts.k]\nprotocol = \"pop3\"\nhost = \"127.0.0.1\"\n"
                + "port = " + DOVECOT.pop3Port() + "\nsecurity = \"plain\"\nuser = \"bob\"\npassword = \""
                + DOVECOT.user("bob") + "\"\ntimeout_seconds = 10\n[accounts.k.pop3]\nkeep_on_server = false\n");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
        Set<String> delivered = new HashSet<>();
        DOVECOT.seedBulk("bob", "INBOX", 400);
        delivered.addAll(onServer());
        // How long one uninterrupted run over a round's worth of new mail takes on this machine, so the
        // kills below land inside a run whatever the machine's speed (a fixed window let a fast machine
        // finish most runs before the kill).
        fetch(cfg);
        assertInvariant(data, delivered, "after the first, complete run");
        DOVECOT.seedBulk("bob", "INBOX", PER_ROUND);
        delivered.addAll(onServer());
        Duration fullRun = fetch(cfg);
        assertInvariant(data, delivered, "after the timing run");
        long window = Math.max(400, fullRun.toMillis());
        Random random = new Random(42);
        int killedMidway = 0;
        for (int round = 0; round < ROUNDS; round++) {
            DOVECOT.seedBulk("bob", "INBOX", PER_ROUND);
            delivered.addAll(onServer());
            Process p = new ProcessBuilder(PosternProcess.jarCommand("--config", cfg.toString(), "fetch"))
                    .redirectErrorStream(true).redirectOutput(home.resolve("out-" + round).toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            // Anywhere from JVM start-up to near the end of a typical run.
            long delay = 100 + (long) (random.nextDouble() * window * 0.9);
            long began = System.nanoTime();
            boolean finished = p.waitFor(delay, TimeUnit.MILLISECONDS);
            if (finished) {
                // Faster than the timing run (measured while other test JVMs started beside it): the window follows.
                window = Math.max(400, Math.min(window, (System.nanoTime() - began) / 1_000_000));
            } else {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                killedMidway++;
            }
            assertInvariant(data, delivered, "after round " + round + (finished ? " (finished)" : " (killed at " + delay + " ms)"));
        }
        System.out.printf("kill loop: %d of %d runs killed mid-way (window %d ms)%n", killedMidway, ROUNDS, window);
        assertTrue(killedMidway >= ROUNDS / 2, "only " + killedMidway + " runs were killed before they finished");
        PosternProcess.Result last = PosternProcess.postern("--config", cfg.toString(), "fetch")
                .env(Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString()))
                .timeout(Duration.ofMinutes(2)).run().assertNoStackTrace().assertExitCode(0);
        assertEquals(Set.of(), onServer(), "keep_on_server = false: the server is empty after a complete run\n" + last.stdout());
        assertEquals(delivered, stored(data), "the store holds every message delivered, each once");
    }

    private Duration fetch(Path cfg) {
        return PosternProcess.postern("--config", cfg.toString(), "fetch")
                .env(Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString()))
                .timeout(Duration.ofMinutes(2)).run().assertNoStackTrace().assertExitCode(0).elapsed();
    }

    private void assertInvariant(Path data, Set<String> delivered, String when) throws IOException {
        Set<String> server = onServer();
        Set<String> store = stored(data);
        for (String m : delivered) {
            assertTrue(server.contains(m) || store.contains(m), when + ": a message is neither on the server nor in the store");
        }
    }

    /** Normalised contents (LF line ends) of every message in bob's maildrop. */
    private Set<String> onServer() throws IOException {
        Set<String> out = new HashSet<>();
        Path md = DOVECOT.maildir("bob", "INBOX");
        for (String sub : List.of("new", "cur")) {
            Path d = md.resolve(sub);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.toList()) {
                    try {
                        out.add(Files.readString(f, StandardCharsets.ISO_8859_1));
                    } catch (java.nio.file.NoSuchFileException raced) {
                        // Dovecot moved it from new/ to cur/ while we listed; the next listing has it.
                        return onServer();
                    }
                }
            }
        }
        return out;
    }

    /** Normalised contents of every whole message in the store; fails on a message stored twice. */
    private static Set<String> stored(Path data) {
        if (!Files.exists(data.resolve("store.db"))) return Set.of();
        try (MapDbStore store = MapDbStore.open(data)) {
            List<String> all = new ArrayList<>();
            Map<String, UidlEntry> ledger = store.uidls("k");
            for (UidlEntry e : ledger.values()) {
                store.body(new MessageRef("k", "INBOX", 0, e.localUid()))
                        .ifPresent(b -> all.add(new String(b, StandardCharsets.ISO_8859_1).replace("\r\n", "\n")));
            }
            assertEquals(ledger.size(), store.count("k", "INBOX"), "one envelope per ledger entry");
            Set<String> unique = new HashSet<>(all);
            assertEquals(all.size(), unique.size(), "a message is stored twice");
            return unique;
        }
    }
}

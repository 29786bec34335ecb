package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.store.MapDbStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fetch, sync and outbox while the store is held: they learn it from the controller's opening (the model's
 * StoreInUseException), not by opening the store themselves first, and say it as before: 75, one sentence, and
 * for fetch and sync what they did not do. The store is held by this process (its lock is per process too).
 */
class StoreInUseTest {
    @TempDir Path dir;

    private Path config() throws Exception {
        int closed;
        closed = dev.postern.ClosedPort.take();
        return CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("test", "imap", closed, "alice", "secret"),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + closed + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
    }

    @Test
    void fetchSyncAndOutboxSayTheStoreIsInUse() throws Exception {
        Path cfg = config();
        try (MapDbStore held = MapDbStore.open(dir.resolve("data"))) {
            for (String command : new String[] {"fetch", "sync"}) {
                CliRun.Result r = CliRun.run(dir, cfg, command);
                assertEquals(75, r.code(), r.toString());
                assertEquals("postern: another postern (a fetch, a sync or the reader) is using the data directory " + dir.resolve("data")
                        + ", so this " + command + " did nothing; try again when it has finished.\n", r.err());
                assertEquals("", r.out());
                // A script reading --json gets its account's object, ok false with the exit code (hunt 31-S, S4).
                CliRun.Result j = CliRun.run(dir, cfg, command, "--json");
                assertEquals(75, j.code(), j.toString());
                assertTrue(j.out().startsWith("{\"account\":\"test\","), j.out());
                assertTrue(j.out().contains("\"ok\":false") && j.out().contains("\"exit\":75")
                        && j.out().contains("so this " + command + " did nothing"), j.out());
                assertEquals(1, j.out().lines().count(), j.out());
            }
            for (String[] args : new String[][] {{"outbox"}, {"outbox", "--flush"}, {"outbox", "--json"}}) {
                CliRun.Result r = CliRun.run(dir, cfg, args);
                assertEquals(75, r.code(), r.toString());
                assertTrue(r.err().startsWith("postern: the store " + dir.resolve("data")), r.err());
                assertTrue(r.err().contains(" is in use"), r.err());
                assertEquals("", r.out(), "an outbox in a store that is held is not an empty one");
            }
        }
        // Free again: the same commands run (nothing waits; the server is down, so fetch says so, not the store).
        CliRun.Result r = CliRun.run(dir, cfg, "outbox");
        assertEquals(0, r.code(), r.toString());
    }

    /**
     * A reader (or shell, or daemon) that took the store in the moment a sync started does not "finish": it serves the
     * command when it is run again, and the sentence says so (hunt 34-A, A8). The holder is another process here.
     */
    @Test
    void aReaderThatJustTookTheStoreIsNotOneToWaitFor() throws Exception {
        Path cfg = config();
        java.util.List<String> cmd = java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), dev.postern.store.StoreProcess.class.getName(), "hold-as-reader",
                dir.resolve("data").toString());
        Process holder = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(String.valueOf(r.readLine()).startsWith("READY "));
            CliRun.Result sync = CliRun.run(dir, cfg, "sync");
            assertEquals(75, sync.code(), sync.toString());
            assertEquals("postern: another postern (the reader (pid " + holder.pid() + ")) is using the data directory "
                    + dir.resolve("data") + ", so this sync did nothing; it had only just started: run the sync again and it"
                    + " runs it for you.\n", sync.err());
        } finally {
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        }
    }
}

package dev.postern.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.e2e.PosternConfig;
import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.model.Work;
import dev.postern.store.MapDbStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C or SIGTERM on a standalone {@code postern store compact}: the process's shutdown hook closes its context,
 * and the compaction stops at its next record, removes its partial copy ({@code store.db.compact}), leaves
 * {@code store.db} as it was and releases the data directory's lock, saying that nothing was changed. Before, the
 * context closed without waiting: the compaction went on on its own thread (in a process ending, the copy and its
 * journal were left beside the store, and nothing was said).
 */
@Timeout(60)
class CompactStopTest {
    private static final int MESSAGES = 600;

    @TempDir Path dir;

    private Path data() {
        return dir.resolve("data");
    }

    private void fill() {
        try (MapDbStore s = MapDbStore.open(data())) {
            s.putFolder(new Folder("t", "INBOX", '/', 0, 0, java.util.Set.of()));
            for (long uid = 1; uid <= MESSAGES; uid++) {
                MessageRef r = new MessageRef("t", "INBOX", 5, uid);
                s.putEnvelopes(List.of(new Envelope(r, "<" + uid + "@x>", Instant.parse("2024-01-01T10:00:00Z").plusSeconds(uid),
                        "a@x", null, null, "s" + uid, 100, Flags.NONE, null, null, null)));
                s.attachBody(r, ("Message-ID: <" + uid + "@x>\r\nSubject: s" + uid + "\r\n\r\nbody " + uid + "\r\n").getBytes(UTF_8));
            }
            s.commit();
        }
    }

    /** Whole, as it was, and free to open: the lock was released. */
    private void theStoreIsAsItWas(byte[] before) throws Exception {
        assertFalse(Files.exists(data().resolve("store.db.compact")), "the partial copy is left: " + files());
        assertTrue(files().stream().noneMatch(f -> f.startsWith("store.db.compact")), "its logs are left: " + files());
        assertArrayEquals(before, Files.readAllBytes(data().resolve("store.db")), "store.db was changed");
        try (MapDbStore s = MapDbStore.open(data())) {
            assertEquals(List.of(), s.verify(), "store verify finds damage");
            assertEquals(MESSAGES, s.count("t", "INBOX"));
        }
    }

    private List<String> files() throws Exception {
        try (Stream<Path> s = Files.list(data())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aCompactionToldToStopMidwayRemovesItsCopyAndLeavesTheStoreAsItWas() throws Exception {
        fill();
        byte[] before = Files.readAllBytes(data().resolve("store.db"));
        AtomicInteger asked = new AtomicInteger();
        Work.Cancelled c = assertThrows(Work.Cancelled.class, () -> MapDbStore.compact(data(), () -> asked.incrementAndGet() > 300));
        assertTrue(c.getMessage().startsWith("interrupted: the store was not compacted; nothing was changed"), c.getMessage());
        assertTrue(asked.get() > 300, "it stopped before copying");
        theStoreIsAsItWas(before);
    }

    /** What the shutdown hook of Ctrl-C does: close the context while the compaction runs. */
    @Test
    void closingTheContextStopsACompactionUnderWayAndWaitsForItToTidyUp() throws Exception {
        fill();
        byte[] before = Files.readAllBytes(data().resolve("store.db"));
        Map<String, String> env = Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString(),
                "XDG_RUNTIME_DIR", dir.toString(), "LANG", "C.UTF-8");
        Path config = PosternConfig.write(dir.resolve("config.toml"), data(),
                PosternConfig.account("t", "imap", "127.0.0.1", 1, "plain", "u", "p", 5, null));
        CompletableFuture<?> compacting;
        try (AppContext ctx = new AppContext(env, config)) {
            compacting = ctx.controller().compactStore();
            ctx.close(); // as the shutdown hook does on SIGINT or SIGTERM
            assertTrue(compacting.isDone(), "closing did not wait for the compaction to stop");
            assertTrue(ctx.stoppedWork(), "the hook must wait for the command to say that nothing was changed");
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> compacting.get(20, TimeUnit.SECONDS),
                "the compaction ran on after the context closed");
        assertInstanceOf(Work.Cancelled.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("nothing was changed"), e.getCause().getMessage());
        theStoreIsAsItWas(before);
    }

    /**
     * A context that stopped nothing (a command waiting on a server that does not answer, a finished compaction):
     * the shutdown hook must not wait for the command's last line, so Ctrl-C answers at once. Before, it waited 2 s.
     */
    @Test
    void closingAContextThatStoppedNothingDoesNotHoldTheExit() throws Exception {
        fill();
        Map<String, String> env = Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString(),
                "XDG_RUNTIME_DIR", dir.toString(), "LANG", "C.UTF-8");
        Path config = PosternConfig.write(dir.resolve("config.toml"), data(),
                PosternConfig.account("t", "imap", "127.0.0.1", 1, "plain", "u", "p", 5, null));
        try (AppContext ctx = new AppContext(env, config)) {
            ctx.controller().storeStats().get(20, TimeUnit.SECONDS);
            ctx.close();
            assertFalse(ctx.stoppedWork(), "nothing was under way, so nothing has to be said");
        }
        try (AppContext ctx = new AppContext(env, config)) {
            ctx.controller().compactStore().get(60, TimeUnit.SECONDS); // done before the close
            ctx.close();
            assertFalse(ctx.stoppedWork(), "a compaction that ended before the close was not stopped by it");
        }
    }
}

package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.BulkBodySource;
import dev.postern.backend.FolderStatus;
import dev.postern.backend.HeaderSource;
import dev.postern.backend.MailSession;
import dev.postern.config.Config;
import dev.postern.config.ConfigLoader;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import dev.postern.render.MessageRenderer;
import dev.postern.store.MapDbStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt32-V B4: a sync served by the reader (a cron {@code postern sync}) downloads bodies by the batch on the account's one
 * thread, and what the user asked for meanwhile waited for all of it (a message not stored showed "Loading…" for 10.8 s).
 * Now the sync lets it go ahead between two batches, on the same session: here a folder's listing asked for while the
 * first batch is in hand is made before the second batch, as the scripted server's log of commands shows.
 */
class SyncLetsReadsAheadTest {
    @TempDir Path home;

    private static final int MESSAGES = 3 * AccountSync.BATCH_MESSAGES;

    /** Big holds MESSAGES small messages, INBOX none; every command is logged, the first body batch waits for a go. */
    private static final class Server implements MailSession, HeaderSource, BulkBodySource {
        final List<String> log = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> firstBatchInHand = new CompletableFuture<>();
        final CompletableFuture<Void> go = new CompletableFuture<>();
        boolean connected;

        @Override public void connect() { connected = true; log.add("connect"); }
        @Override public boolean isConnected() { return connected; }
        @Override public void close() { connected = false; }

        @Override
        public FolderStatus open(String folder) {
            log.add("open " + folder);
            return folder.equals("Big") ? new FolderStatus(7, MESSAGES + 1, 0, MESSAGES) : new FolderStatus(3, 1, 0, 0);
        }

        @Override
        public void envelopes(String folder, long fromUid, int firstBatch, int largestBatch, Consumer<List<Envelope>> sink) {
            if (!folder.equals("Big")) return;
            List<Envelope> all = new ArrayList<>();
            for (long u = fromUid; u <= MESSAGES; u++) {
                all.add(new Envelope(new MessageRef("acct", folder, 7, u), "<" + u + "@x>", Instant.EPOCH, "a@example.org",
                        List.of(), List.of(), "m" + u, 60, Flags.NONE, null, List.of(), null));
            }
            if (!all.isEmpty()) sink.accept(all);
        }

        @Override public Optional<Envelope> envelope(String folder, long uid) { return Optional.empty(); }
        @Override public Map<Long, Flags> flags(String folder, long belowUid) { return Map.of(); }

        @Override
        public void raws(String folder, long uidValidity, Collection<Long> uids, BiConsumer<Long, byte[]> sink) {
            log.add("bodies " + folder + " " + uids.size());
            if (!firstBatchInHand.isDone()) {
                firstBatchInHand.complete(null);
                go.join();
            }
            for (long u : uids) {
                sink.accept(u, ("Subject: m" + u + "\r\nMessage-ID: <" + u + "@x>\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void aFolderListingAskedForDuringASyncIsMadeBeforeItsNextBatch() throws Exception {
        Path p = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("acct", "imap", "127.0.0.1", 143, "plain", "u", "pw", 20, null));
        Config config = new ConfigLoader(Map.of("HOME", home.toString())).load(p);
        Server server = new Server();
        try (MapDbStore store = MapDbStore.open(config.dataDir())) {
            DefaultMailController c = new DefaultMailController(config, store, a -> server, new MessageRenderer()::render);
            try {
                CompletableFuture<?> sync = c.sync("acct", "Big", false);
                server.firstBatchInHand.get(20, TimeUnit.SECONDS);
                // Asked while the sync's first batch is in hand: submitted to the account's thread before the go.
                CompletableFuture<Integer> listing = c.refreshFolder("acct", "INBOX");
                server.go.complete(null);
                assertEquals(0, listing.get(20, TimeUnit.SECONDS));
                sync.get(20, TimeUnit.SECONDS);
                int batch = AccountSync.BATCH_MESSAGES;
                assertEquals(List.of("connect", "open Big", "bodies Big " + batch, "open INBOX", "bodies Big " + batch,
                        "bodies Big " + batch), server.log, "the listing went between the sync's first and second batch");
                assertTrue(store.envelope(new MessageRef("acct", "Big", 7, MESSAGES)).get().cached(), "and the sync went on to the end");
            } finally {
                c.close();
            }
        }
    }
}

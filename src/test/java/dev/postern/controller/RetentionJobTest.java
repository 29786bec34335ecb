package dev.postern.controller;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.ImapSession;
import dev.postern.config.Config;
import dev.postern.config.ConfigLoader;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.model.Work;
import dev.postern.store.MapDbStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention is a controller job: listed by jobs() while it runs, with progress; cancelled, it stops between
 * batches with every batch before committed and audited, and the store verifies.
 */
class RetentionJobTest {
    private static final int MESSAGES = 1000;
    @TempDir Path home;
    private MapDbStore store;
    private DefaultMailController c;
    private Config config;

    @BeforeEach
    void setUp() throws Exception {
        Path p = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", 1, "plain", "dan", "pw", 20, null),
                "[[retention]]\nname = \"purge\"\naccount = \"t\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\n"
                        + "max_share_percent = 100\n");
        config = new ConfigLoader(Map.of("HOME", home.toString())).load(p);
        store = MapDbStore.open(config.dataDir());
        store.putFolder(new Folder("t", "INBOX", '/', 0, 0, java.util.Set.of()));
        List<Envelope> batch = new ArrayList<>();
        for (long uid = 1; uid <= MESSAGES; uid++) {
            MessageRef r = new MessageRef("t", "INBOX", 5, uid);
            Instant arrived = Instant.parse("2020-01-01T10:00:00Z").plusSeconds(uid);
            batch.add(new Envelope(r, "<" + uid + "@x>", arrived, "a@x", null, null, "s" + uid, 100, Flags.of(Flag.SEEN), null,
                    null, null, arrived));
        }
        store.putEnvelopes(batch);
        for (long uid = 1; uid <= MESSAGES; uid++) {
            store.attachBody(new MessageRef("t", "INBOX", 5, uid), ("Message-ID: <" + uid + "@x>\r\n\r\nbody " + uid + "\r\n").getBytes(UTF_8));
        }
        store.commit();
        c = new DefaultMailController(config, store, a -> new ImapSession(a, () -> "pw"), raw -> null);
    }

    @AfterEach
    void tearDown() {
        c.close();
        store.close();
    }

    @Test
    void aRetentionIsAListedJobThatStopsWhenCancelledAndLeavesTheStoreWhole() throws Exception {
        List<Job.Info> seen = new ArrayList<>();
        AtomicBoolean asked = new AtomicBoolean();
        // Progress is published on the job's thread as batches are committed: cancel from there, mid-run.
        c.subscribe(e -> {
            if (e instanceof Event.Progress p && p.what().endsWith(" retention") && p.done() > 0 && p.done() < p.total()
                    && asked.compareAndSet(false, true)) {
                seen.addAll(c.jobs());
                assertTrue(c.cancel(p.jobId()));
            }
        });
        Job<RetentionReport> job = c.retention(List.of(), RetentionReport.Mode.YES);
        RetentionReport r = job.result().get(60, TimeUnit.SECONDS);

        assertEquals(1, seen.size(), "jobs lists the running retention: " + seen);
        assertEquals("retention", seen.get(0).what());
        assertEquals(job.id(), seen.get(0).id());
        assertEquals(MESSAGES, seen.get(0).total());
        assertInstanceOf(Work.Cancelled.class, r.failure(), "cancelled: " + r.text());
        assertTrue(r.failure().getMessage().contains("retention cancelled after deleting " + r.deleted() + " of " + MESSAGES), r.failure().getMessage());
        assertTrue(r.deleted() > 0 && r.deleted() < MESSAGES, "stopped part way: " + r.deleted());
        assertEquals(0, r.deleted() % RetentionJob.BATCH, "between whole batches: " + r.deleted());
        assertTrue(c.jobs().isEmpty());

        // What it deleted is gone, committed and audited one line each; the rest is whole.
        assertEquals(MESSAGES - r.deleted(), store.count("t", "INBOX"));
        assertEquals(MESSAGES - r.deleted(), store.blobCount());
        assertEquals(r.deleted(), deletedLines());
        assertEquals(List.of(), store.verify());

        // Run again: it goes on where it stopped.
        RetentionReport rest = c.retention(List.of(), RetentionReport.Mode.YES).result().get(60, TimeUnit.SECONDS);
        assertNull(rest.failure());
        assertEquals(MESSAGES - r.deleted(), rest.deleted());
        assertEquals(0, store.count("t", "INBOX"));
        assertEquals(MESSAGES, deletedLines());
        assertEquals(List.of(), store.verify());
    }

    /** The audit log's "deleted" lines: one per message deleted, each after its "intent" line. */
    private long deletedLines() throws Exception {
        return Files.readAllLines(config.dataDir().resolve(RetentionReport.AUDIT)).stream()
                .filter(l -> l.contains("\"state\":\"deleted\"")).count();
    }

    @Test
    void aDryRunIsAJobThatDeletesNothing() throws Exception {
        RetentionReport r = c.retention(List.of("t"), RetentionReport.Mode.DRY_RUN).result().get(60, TimeUnit.SECONDS);
        assertEquals(MESSAGES, r.doomed());
        assertEquals(0, r.deleted());
        assertEquals(MESSAGES + " messages would be deleted", r.text());
        assertEquals(MESSAGES, store.count("t", "INBOX"));
        assertTrue(Files.notExists(config.dataDir().resolve(RetentionReport.AUDIT)));
    }
}

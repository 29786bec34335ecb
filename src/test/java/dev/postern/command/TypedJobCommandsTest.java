package dev.postern.command;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.ImapSession;
import dev.postern.config.Config;
import dev.postern.config.ConfigLoader;
import dev.postern.controller.DefaultMailController;
import dev.postern.controller.Event;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.model.Work;
import dev.postern.store.MapDbStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's ':export', ':jobs' and ':cancel' as it runs them (Commands.run with the typed words, no argv,
 * no captured output) against a real controller and store: the export is a job with progress events,
 * listed by 'jobs' while it runs, stopped by 'cancel' with no half mbox left, and the store verifies after.
 */
class TypedJobCommandsTest {
    @TempDir Path home;
    private MapDbStore store;
    private DefaultMailController c;

    @BeforeEach
    void setUp() throws Exception {
        Path p = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", 1, "plain", "dan", "pw", 20, null));
        Config config = new ConfigLoader(Map.of("HOME", home.toString())).load(p);
        store = MapDbStore.open(config.dataDir());
        store.putFolder(new Folder("t", "INBOX", '/', 0, 0, java.util.Set.of()));
        for (long uid = 1; uid <= 200; uid++) {
            MessageRef r = new MessageRef("t", "INBOX", 5, uid);
            store.putEnvelopes(List.of(new Envelope(r, "<" + uid + "@x>", Instant.parse("2024-01-01T10:00:00Z").plusSeconds(uid),
                    "a@x", null, null, "s" + uid, 100, Flags.NONE, null, null, null)));
            store.attachBody(r, ("Message-ID: <" + uid + "@x>\r\nSubject: s" + uid + "\r\n\r\nbody " + uid + "\r\n").getBytes(UTF_8));
        }
        store.commit();
        c = new DefaultMailController(config, store, a -> new ImapSession(a, () -> "pw"), raw -> null);
    }

    @AfterEach
    void tearDown() {
        c.close();
        store.close();
    }

    private Result run(String... words) throws Exception {
        return Commands.run(c, List.of(words), "t", null).get(60, TimeUnit.SECONDS);
    }

    @Test
    void exportRunsTypedAsAJobAndItsSentenceIsTheResult() throws Exception {
        List<Event.Progress> progress = new ArrayList<>();
        c.subscribe(e -> {
            if (e instanceof Event.Progress p) synchronized (progress) { progress.add(p); }
        });
        Path out = home.resolve("out");
        Result r = run("export", "INBOX", "--format", "mbox", "--out", out.toString());
        assertInstanceOf(ExportCommand.Exported.class, r);
        assertEquals("exported 200 message(s) of 1 folder(s) to " + out, r.text());
        assertEquals(200, Files.readString(out.resolve("INBOX.mbox")).split("\nFrom ", -1).length);
        synchronized (progress) {
            assertTrue(progress.stream().anyMatch(p -> p.what().matches("job \\d+ export") && p.total() == 200), progress.toString());
            Event.Progress last = progress.get(progress.size() - 1);
            assertEquals(last.done(), last.total(), "the last event takes the job off the status bar");
        }
        assertEquals("no jobs are running.", run("jobs").text());
        ExecutionException none = assertThrows(ExecutionException.class, () -> run("cancel"));
        assertEquals(ExitCode.NOINPUT, ((PosternException) none.getCause()).exitCode());
    }

    @Test
    void cancelStopsARunningExportAndNoHalfMboxIsLeft() throws Exception {
        Path out = home.resolve("out");
        List<String> listed = new ArrayList<>();
        List<String> cancelled = new ArrayList<>();
        // At the export's first progress event (on its job thread, so it is surely running), ':jobs' then ':cancel'.
        c.subscribe(e -> {
            if (e instanceof Event.Progress p && p.what().endsWith(" export") && p.done() < p.total() && cancelled.isEmpty()) {
                try {
                    listed.add(run("jobs").text());
                    cancelled.add(run("cancel").text());
                } catch (Exception x) {
                    cancelled.add("failed: " + x);
                }
            }
        });
        CompletableFuture<Result> export = Commands.run(c, List.of("export", "INBOX", "--format", "mbox", "--out", out.toString()), "t", null);
        ExecutionException e = assertThrows(ExecutionException.class, () -> export.get(60, TimeUnit.SECONDS));
        assertInstanceOf(Work.Cancelled.class, e.getCause(), String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().startsWith("export cancelled after 1 of 200 messages, in INBOX: INBOX.mbox was not written"),
                e.getCause().getMessage());
        assertTrue(listed.get(0).matches("jobs: \\d+ export t 1/200 \\(cancel ID stops one\\)"), listed.toString());
        assertTrue(cancelled.get(0).matches("cancelling job \\d+ \\(export t at 1 of 200\\)\\."), cancelled.toString());
        assertFalse(Files.exists(out.resolve("INBOX.mbox")));
        try (var files = Files.list(out)) {
            assertEquals(List.of(".postern-export"), files.map(f -> f.getFileName().toString()).toList());
        }
        assertTrue(c.jobs().isEmpty());
        assertEquals(List.of(), store.verify(), "the store verifies after the cancelled export");
    }
}

package dev.postern.controller;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A retention run killed (SIGKILL) at its second batch's commit, just after it or just before it: the audit log,
 * once the next run has settled it, has exactly one deleted line for every message the store lost and none for
 * a message it kept. Before the log was written ahead, a kill after the commit lost that batch's lines.
 */
class RetentionAuditKillTest {
    private static final int MESSAGES = 3 * RetentionJob.BATCH;
    private static final Pattern UID = Pattern.compile("\"uid\":(\\d+),");
    private static final Pattern STATE = Pattern.compile("\"state\":\"([a-z_]+)\"");
    @TempDir Path home;
    private Path configFile;
    private Config config;

    @BeforeEach
    void setUp() throws Exception {
        configFile = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", 1, "plain", "dan", "pw", 20, null),
                "[[retention]]\nname = \"purge\"\naccount = \"t\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\n"
                        + "max_share_percent = 100\n");
        config = new ConfigLoader(Map.of("HOME", home.toString())).load(configFile);
        try (MapDbStore store = MapDbStore.open(config.dataDir())) {
            store.putFolder(new Folder("t", "INBOX", '/', 0, 0, java.util.Set.of()));
            List<Envelope> batch = new ArrayList<>();
            for (long uid = 1; uid <= MESSAGES; uid++) {
                batch.add(new Envelope(new MessageRef("t", "INBOX", 5, uid), "<" + uid + "@x>",
                        Instant.parse("2020-01-01T10:00:00Z").plusSeconds(uid), "a@x", null, null, "s" + uid, 100,
                        Flags.of(Flag.SEEN), null, null, null, Instant.parse("2020-01-01T10:00:00Z").plusSeconds(uid)));
            }
            store.putEnvelopes(batch);
            store.commit();
        }
    }

    @Test
    void killedJustAfterABatchCommitsTheNextRunLogsTheBatchAsDeleted() throws Exception {
        killAt("after");
        RetentionReport r;
        try (MapDbStore store = MapDbStore.open(config.dataDir())) {
            assertEquals(MESSAGES - 2 * RetentionJob.BATCH, store.count("t", "INBOX"), "two batches were committed");
            r = new RetentionJob(config, store, a -> null).run(List.of("t"), RetentionReport.Mode.YES, Work.NONE);
            assertEquals(0, store.count("t", "INBOX"));
        }
        assertEquals(RetentionJob.BATCH, r.deleted());
        Map<Long, List<String>> states = states();
        for (long uid = 1; uid <= MESSAGES; uid++) {
            assertEquals(1, deletedLines(states.get(uid)), "one deleted line for uid " + uid + ": " + states.get(uid));
        }
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("now records " + RetentionJob.BATCH
                + " of its messages as deleted, 0 as not deleted")), r.warnings().toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(audit())));
    }

    @Test
    void killedJustBeforeABatchCommitsTheNextRunLogsItAsNotDeletedThenDeletesIt() throws Exception {
        killAt("before");
        RetentionReport r;
        try (MapDbStore store = MapDbStore.open(config.dataDir())) {
            assertEquals(MESSAGES - RetentionJob.BATCH, store.count("t", "INBOX"), "one batch was committed");
            r = new RetentionJob(config, store, a -> null).run(List.of("t"), RetentionReport.Mode.YES, Work.NONE);
        }
        assertEquals(2 * RetentionJob.BATCH, r.deleted());
        Map<Long, List<String>> states = states();
        for (long uid = 1; uid <= MESSAGES; uid++) {
            assertEquals(1, deletedLines(states.get(uid)), "one deleted line for uid " + uid + ": " + states.get(uid));
            boolean killed = uid > RetentionJob.BATCH && uid <= 2 * RetentionJob.BATCH;
            assertEquals(killed, states.get(uid).contains("not_deleted"), "uid " + uid + ": " + states.get(uid));
        }
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("now records 0 of its messages as deleted, "
                + RetentionJob.BATCH + " as not deleted")), r.warnings().toString());
    }

    /** Runs the child until it stops at the second batch's commit, and kills it there. */
    private void killAt(String mode) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RetentionAuditProcess.class.getName(), mode,
                configFile.toString(), home.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String seen = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.equals("COMMITTED") || line.equals("COMMITTING")) {
                    seen = line;
                    p.destroyForcibly(); // SIGKILL: no finally block, no close
                    break;
                }
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        }
        assertEquals(mode.equals("after") ? "COMMITTED" : "COMMITTING", seen, "the child reached the second commit");
    }

    private Path audit() {
        return config.dataDir().resolve(RetentionReport.AUDIT);
    }

    /** Each UID's states, in the log's order; a line without a state (one deletion each) counts as deleted. */
    private Map<Long, List<String>> states() throws Exception {
        Map<Long, List<String>> out = new TreeMap<>();
        for (String line : Files.readAllLines(audit(), UTF_8)) {
            Matcher uid = UID.matcher(line);
            if (!uid.find()) continue;
            Matcher state = STATE.matcher(line);
            out.computeIfAbsent(Long.parseLong(uid.group(1)), k -> new ArrayList<>()).add(state.find() ? state.group(1) : "deleted");
        }
        return out;
    }

    private static long deletedLines(List<String> states) {
        return states == null ? 0 : states.stream().filter("deleted"::equals).count();
    }
}

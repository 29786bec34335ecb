package dev.postern.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.store.MapDbStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** postern retention with a local rule: dry run, the share guard, --yes, the audit log, a hostile subject. */
class RetentionCommandTest {
    @TempDir Path dir;

    @Test
    void theGuardStopsWithoutYesAndYesDeletesAndAudits() throws Exception {
        Path cfg = fourMessagesThreeOld();
        CliRun.Result dry = CliRun.run(dir, cfg, "retention", "--dry-run");
        assertEquals(0, dry.code(), dry.err());
        assertEquals(4, dry.out().lines().count(), dry.out());
        assertTrue(dry.out().contains("evil ^[]0;title^G subject"), "subjects are sanitised: " + dry.out());
        assertTrue(dry.out().contains("3 messages would be deleted"), dry.out());
        assertTrue(dry.err().contains("would delete 3 of 4 messages in INBOX"), dry.err());

        CliRun.Result stopped = CliRun.run(dir, cfg, "retention");
        assertEquals(64, stopped.code());
        assertTrue(stopped.err().contains("nothing was deleted"), stopped.err());
        assertTrue(Files.notExists(dir.resolve("data/retention-audit.jsonl")));

        CliRun.Result yes = CliRun.run(dir, cfg, "retention", "--yes");
        assertEquals(0, yes.code(), yes.err());
        assertTrue(yes.out().contains("3 messages deleted"), yes.out());
        List<String> all = Files.readAllLines(dir.resolve("data/retention-audit.jsonl"));
        assertEquals(6, all.size(), "an intent, then the deletion, for each: " + all);
        assertTrue(all.subList(0, 3).stream().allMatch(l -> l.contains("\"state\":\"intent\"")), all.toString());
        List<String> audit = all.stream().filter(l -> l.contains("\"state\":\"deleted\"")).toList();
        assertEquals(3, audit.size());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("data/retention-audit.jsonl"))), "subjects and Message-IDs: owner-only");
        assertTrue(audit.get(0).contains("\"rule\":\"purge\",\"where\":\"local\",\"account\":\"work\",\"folder\":\"INBOX\",\"uidvalidity\":1,\"uid\":1,\"message_id\":\"<1@x>\",\"hash\":\""), audit.get(0));
        assertTrue(audit.get(0).contains("\\u001b]0;title\\u0007"), "control characters escaped in the log: " + audit.get(0));
        try (MapDbStore s = MapDbStore.open(dir.resolve("data"))) {
            assertEquals(1, s.count("work", "INBOX"));
            assertEquals(1, s.blobCount());
        }
    }

    /** Hunt 37-J, J19: JSON rows said "to_delete" for messages the run had deleted; now what happened to each. */
    @Test
    void jsonRowsSayWhatHappenedToEachMessage() throws Exception {
        Path cfg = fourMessagesThreeOld();
        for (String[] run : new String[][] {{"--dry-run", "would_delete", "0"}, {"", "would_delete", "64"}, {"--yes", "deleted", "0"}}) {
            CliRun.Result r = run[0].isEmpty() ? CliRun.run(dir, cfg, "retention", "--json") : CliRun.run(dir, cfg, "retention", "--json", run[0]);
            assertEquals(Integer.parseInt(run[2]), r.code(), r.err());
            List<String> rows = r.out().lines().toList();
            assertEquals(3, rows.size(), r.out());
            for (String row : rows) assertTrue(row.startsWith("{\"action\":\"" + run[1] + "\","), run[0] + ": " + row);
        }
    }

    private Path fourMessagesThreeOld() throws Exception {
        Path cfg = dir.resolve("config.toml");
        CliRun.writeConfig(cfg, dir.resolve("data"), CliRun.account("work", "imap", 1, "alice", "secret"),
                "[[retention]]\nname = \"purge\"\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\n");
        try (MapDbStore s = MapDbStore.open(dir.resolve("data"))) {
            s.putFolder(new Folder("work", "INBOX", '/', 0, 0, Set.of()));
            for (int uid = 1; uid <= 4; uid++) {
                MessageRef r = new MessageRef("work", "INBOX", 1, uid);
                Instant date = Instant.now().minus(Duration.ofDays(uid <= 3 ? 90 : 1));
                s.putEnvelopes(List.of(new Envelope(r, "<" + uid + "@x>", date, "a@x", null, null,
                        uid == 1 ? "evil \u001b]0;title\u0007 subject" : "s" + uid, 10, Flags.of(dev.postern.model.Flag.SEEN), null, null, null, date)));
                s.attachBody(r, ("Subject: s" + uid + "\r\n\r\nbody\r\n").getBytes(UTF_8));
            }
            s.commit();
        }
        return cfg;
    }
}

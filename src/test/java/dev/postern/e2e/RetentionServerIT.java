package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Retention deleting on a real Dovecot: SEARCH BEFORE, UID EXPUNGE, the store and the audit log in step; holds and the guard. */
@Tag("e2e")
class RetentionServerIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @TempDir Path home;

    private Path config(String share) throws IOException {
        Path p = home.resolve("config.toml");
        PosternConfig.write(p, home.resolve("data"), PosternConfig.dovecot(DOVECOT, "alice", 30),
                "[[retention]]\nname = \"old-mail\"\naccount = \"*\"\nfolders = [\"Old\", \"Legal/*\"]\nolder_than_days = 365\n"
                + "where = \"both\"\n" + share
                + "[holds]\nfolders = [\"Legal/*\"]\n");
        return p;
    }

    private PosternProcess.Result postern(Path config, String... args) {
        return PosternProcess.withConfig(home, config, args)
                .timeout(Duration.ofMinutes(2))
                .run()
                .assertNoStackTrace();
    }

    private int count(String folder) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", DOVECOT.imapPort(), "alice", DOVECOT.user("alice"));
        try {
            return store.getFolder(folder).getMessageCount();
        } finally {
            store.close();
        }
    }

    @Test
    void deletesExactlyWhatTheRuleNamesOnTheServerAndLocallyAndLogsEachMessage() throws Exception {
        DovecotServer.Seeded old = DOVECOT.seedBulk("alice", "Old", 40);
        DOVECOT.seedBulk("alice", "Legal/Case", 10);
        int expected = 0;
        for (long n = old.first(); n <= old.last(); n++) if (SyntheticMail.seen(n) && !SyntheticMail.flagged(n)) expected++;
        assertTrue(expected > 0 && expected < 40, "the seed mixes read, unread and flagged mail: " + expected);

        Path guarded = config("");
        postern(guarded, "sync").assertExitCode(0);
        PosternProcess.Result dry = postern(guarded, "retention", "--dry-run", "--json");
        dry.assertExitCode(0);
        List<String> lines = dry.stdout().lines().toList();
        assertEquals(expected, lines.size(), dry.stdout());
        assertTrue(lines.stream().allMatch(l -> l.contains("\"action\":\"would_delete\"") && l.contains("\"folder\":\"Old\"")));

        boolean overHalf = expected * 2 > 40;
        if (overHalf) {
            PosternProcess.Result stopped = postern(guarded, "retention");
            stopped.assertExitCode(64);
            assertTrue(stopped.stderr().contains("more than its max_share_percent"), stopped.stderr());
            assertEquals(40, count("Old"), "the guard deletes nothing");
        }

        Path cfg = config("max_share_percent = 100\n");
        PosternProcess.Result run = postern(cfg, "retention");
        run.assertExitCode(0);
        assertTrue(run.stdout().contains(expected + " messages deleted; audit log"), run.stdout());
        assertEquals(40 - expected, count("Old"));
        assertEquals(10, count("Legal/Case"), "a held folder is never touched");

        List<String> audit = deletedLines(home.resolve("data").resolve("retention-audit.jsonl"));
        assertEquals(expected, audit.size());
        assertTrue(audit.get(0).contains("\"rule\":\"old-mail\",\"where\":\"both\",\"account\":\"e2e\",\"folder\":\"Old\""), audit.get(0));
        assertTrue(audit.stream().allMatch(l -> l.contains("\"message_id\":\"<") && l.contains("\"hash\":\"")), audit.get(0));

        PosternProcess.Result cached = postern(cfg, "list", "Old", "--cached", "--json", "--limit", "100");
        assertEquals(40 - expected, cached.stdout().lines().count(), cached.stdout());
        PosternProcess.Result again = postern(cfg, "retention", "--dry-run");
        assertTrue(again.stdout().contains("0 messages would be deleted"), again.stdout());
    }

    @Test
    void serverOnlyRetentionDeletesOnTheServerAndTheLocalCopiesSurviveTheNextSync() throws Exception {
        DovecotServer.Seeded kept = DOVECOT.seedBulk("alice", "Kept", 20);
        int expected = 0;
        long firstDoomed = -1;
        for (long n = kept.first(); n <= kept.last(); n++) {
            if (SyntheticMail.seen(n) && !SyntheticMail.flagged(n)) {
                expected++;
                if (firstDoomed < 0) firstDoomed = n - kept.first() + 1;
            }
        }
        Path cfg = home.resolve("server-only.toml");
        Files.writeString(cfg, Files.readString(config("")).replace("folders = [\"Old\", \"Legal/*\"]", "folders = [\"Kept\"]")
                .replace("where = \"both\"", "where = \"server\"\nmax_share_percent = 100"));
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));

        postern(cfg, "sync").assertExitCode(0);
        PosternProcess.Result run = postern(cfg, "retention");
        run.assertExitCode(0);
        assertTrue(run.stdout().contains(expected + " messages deleted; audit log"), run.stdout());
        assertEquals(20 - expected, count("Kept"), "deleted on the server");

        PosternProcess.Result sync = postern(cfg, "sync");
        sync.assertExitCode(0);
        PosternProcess.Result cached = postern(cfg, "list", "Kept", "--cached", "--json", "--limit", "100");
        assertEquals(20, cached.stdout().lines().count(), "the sync after server-only retention keeps every local copy: " + cached.stdout());
        PosternProcess.Result read = postern(cfg, "read", "Kept", String.valueOf(firstDoomed), "--raw", "--force");
        read.assertExitCode(0);
        assertTrue(read.stdout().contains(SyntheticMail.messageId(kept.first() + firstDoomed - 1)), read.stdout());

        PosternProcess.Result again = postern(cfg, "retention", "--dry-run");
        assertTrue(again.stdout().contains("0 messages would be deleted"), "nothing left on the server to delete: " + again.stdout());
        assertEquals(expected, deletedLines(home.resolve("data").resolve("retention-audit.jsonl")).size());
    }

    private Path autoConfig(String name, String user, String folder, String where, int share) throws IOException {
        Path p = home.resolve(name + ".toml");
        PosternConfig.write(p, home.resolve("data-" + user), PosternConfig.dovecot(DOVECOT, user, 30),
                "[[retention]]\nname = \"auto-" + where + "\"\naccount = \"e2e\"\nfolders = [\"" + folder + "\"]\n"
                + "older_than_days = 365\nauto = true\nwhere = \"" + where + "\"\nmax_share_percent = " + share + "\n");
        return p;
    }

    private int count(String user, String folder) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", DOVECOT.imapPort(), user, DOVECOT.user(user));
        try {
            return store.getFolder(folder).getMessageCount();
        } finally {
            store.close();
        }
    }

    private static int doomed(DovecotServer.Seeded seeded) {
        int n = 0;
        for (long m = seeded.first(); m <= seeded.last(); m++) if (SyntheticMail.seen(m) && !SyntheticMail.flagged(m)) n++;
        return n;
    }

    /**
     * auto = true through the real jar: postern sync runs a server-only rule against Dovecot (UID EXPUNGE),
     * says so, audits each message and keeps the local copies marked local-only; before that, the share
     * guard skips with a warning (an automatic run never asks) and touches nothing.
     */
    @Test
    void syncRunsAnAutoServerRuleAgainstDovecotAfterTheGuardSkippedIt() throws Exception {
        DovecotServer.Seeded seeded = DOVECOT.seedBulk("alice", "AutoSync", 20);
        int expected = doomed(seeded);
        assertTrue(expected > 1 && expected < 20, "the seed mixes read, unread and flagged mail: " + expected);
        Path audit = home.resolve("data-alice").resolve("retention-audit.jsonl");

        Path guarded = autoConfig("auto-guarded", "alice", "AutoSync", "server", 5);
        PosternProcess.Result skipped = postern(guarded, "sync", "--folder", "AutoSync");
        skipped.assertExitCode(0);
        assertTrue(skipped.stderr().contains("automatic retention skipped: rule auto-server would delete " + expected
                + " of 20 messages in AutoSync of e2e, more than its max_share_percent (5%)"), skipped.stderr());
        assertTrue(skipped.stderr().contains("postern retention --yes"), skipped.stderr());
        assertTrue(!skipped.stdout().contains("retention:"), skipped.stdout());
        assertEquals(20, count("alice", "AutoSync"), "the guard deletes nothing on the server");
        assertTrue(Files.notExists(audit), "nothing deleted, nothing logged");

        Path cfg = autoConfig("auto-server", "alice", "AutoSync", "server", 100);
        PosternProcess.Result run = postern(cfg, "sync", "--folder", "AutoSync");
        run.assertExitCode(0);
        assertTrue(run.stdout().contains("retention: rule auto-server deleted " + expected + " in AutoSync of e2e (server)"),
                run.describe());
        assertEquals(20 - expected, count("alice", "AutoSync"), "expunged on the server");
        List<String> lines = deletedLines(audit);
        assertEquals(expected, lines.size());
        assertTrue(lines.stream().allMatch(l -> l.contains("\"rule\":\"auto-server\",\"where\":\"server\",\"account\":\"e2e\","
                + "\"folder\":\"AutoSync\"") && l.contains("\"hash\":\"")), lines.get(0));

        PosternProcess.Result list = postern(cfg, "list", "AutoSync", "--cached", "--json", "--limit", "100");
        List<String> rows = list.stdout().lines().toList();
        assertEquals(20, rows.size(), list.stdout());
        assertEquals(expected, rows.stream().filter(l -> l.contains("\"local_only\":true")).count(), list.stdout());

        // The next automatic run finds nothing left to delete: no new audit lines, no summary line.
        PosternProcess.Result again = postern(cfg, "sync", "--folder", "AutoSync");
        again.assertExitCode(0);
        assertTrue(!again.stdout().contains("retention:"), again.stdout());
        assertEquals(expected, deletedLines(audit).size());
        assertEquals(20, postern(cfg, "list", "AutoSync", "--cached", "--json", "--limit", "100").stdout().lines().count());
    }

    /** auto = true after postern fetch: a where = "both" rule on INBOX, guard first, then the deletion. */
    @Test
    void fetchRunsAnAutoRuleOnTheInboxAgainstDovecotAfterTheGuardSkippedIt() throws Exception {
        DovecotServer.Seeded seeded = DOVECOT.seedBulk("bob", "INBOX", 16);
        int expected = doomed(seeded);
        assertTrue(expected > 1 && expected < 16, "the seed mixes read, unread and flagged mail: " + expected);
        Path audit = home.resolve("data-bob").resolve("retention-audit.jsonl");

        Path guarded = autoConfig("fetch-guarded", "bob", "INBOX", "both", 5);
        PosternProcess.Result skipped = postern(guarded, "fetch", "--json");
        skipped.assertExitCode(0);
        assertTrue(skipped.stderr().contains("automatic retention skipped: rule auto-both would delete " + expected
                + " of 16 messages in INBOX of e2e"), skipped.stderr());
        assertTrue(!skipped.stdout().contains("\"retention\""), skipped.stdout());
        assertEquals(16, count("bob", "INBOX"));
        assertTrue(Files.notExists(audit));

        Path cfg = autoConfig("fetch-both", "bob", "INBOX", "both", 100);
        PosternProcess.Result run = postern(cfg, "fetch", "--json");
        run.assertExitCode(0);
        assertTrue(run.stdout().contains("\"retention\":[{\"rule\":\"auto-both\",\"where\":\"both\",\"account\":\"e2e\","
                + "\"folder\":\"INBOX\",\"deleted\":" + expected + ","), run.describe());
        assertEquals(16 - expected, count("bob", "INBOX"), "expunged on the server");
        List<String> lines = deletedLines(audit);
        assertEquals(expected, lines.size());
        assertTrue(lines.stream().allMatch(l -> l.contains("\"where\":\"both\"") && l.contains("\"folder\":\"INBOX\"")), lines.get(0));
        PosternProcess.Result list = postern(cfg, "list", "INBOX", "--cached", "--json", "--limit", "100");
        assertEquals(16 - expected, list.stdout().lines().count(), "deleted locally too: " + list.stdout());
    }

    /** The audit log's "deleted" lines: one per message deleted (each after its "intent" line). */
    private static List<String> deletedLines(Path audit) throws java.io.IOException {
        return Files.readAllLines(audit).stream().filter(l -> l.contains("\"state\":\"deleted\"")).toList();
    }
}

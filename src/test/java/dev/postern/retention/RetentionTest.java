package dev.postern.retention;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.config.Config;
import dev.postern.config.ConfigLoader;
import dev.postern.config.RetentionConfig;
import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.store.MapDbStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention rules over a real store: every rule field, holds, flagged/unread, the share guard. */
class RetentionTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final String ACCOUNTS = "[accounts.work]\nprotocol = \"imap\"\nhost = \"localhost\"\nuser = \"a\"\npassword_env = \"P\"\n"
            + "[accounts.home]\nprotocol = \"imap\"\nhost = \"localhost\"\nuser = \"b\"\npassword_env = \"P\"\n";

    @TempDir Path dir;
    MapDbStore store;

    @BeforeEach
    void open() {
        store = MapDbStore.open(dir.resolve("data"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private RetentionConfig rules(String toml) throws Exception {
        Path p = dir.resolve("config.toml");
        Files.writeString(p, ACCOUNTS + toml);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        Config c = new ConfigLoader(Map.of("HOME", dir.toString())).load(p);
        return RetentionConfig.load(c);
    }

    /** A message {@code days} old; flags from the letters s (seen) and f (flagged). */
    private Envelope add(String account, String folder, long uid, int days, String flags) {
        Flags f = Flags.NONE;
        if (flags.contains("s")) f = f.with(Flag.SEEN);
        if (flags.contains("f")) f = f.with(Flag.FLAGGED);
        Envelope e = new Envelope(new MessageRef(account, folder, 1, uid), "<" + uid + "@x>", NOW.minus(Duration.ofDays(days)),
                "a@x", null, null, "subject " + uid, 100, f, null, null, null, NOW.minus(Duration.ofDays(days)));
        store.putFolder(new Folder(account, folder, '/', 0, 0, java.util.Set.of()));
        store.putEnvelopes(List.of(e));
        store.attachBody(e.ref(), ("Subject: subject " + uid + "\r\n\r\n" + folder + uid + "\r\n").getBytes(UTF_8));
        store.commit();
        return e;
    }

    private List<String> doomed(RetentionConfig cfg) {
        List<String> out = new ArrayList<>();
        for (var p : Retention.plan(store, List.of("work", "home"), cfg, NOW)) {
            for (Envelope e : p.doomed()) out.add(p.rule().name() + " " + p.account() + " " + p.folder() + " " + e.ref().uid());
        }
        return out;
    }

    @Test
    void olderThanDaysKeepsFlaggedAndUnreadByDefault() throws Exception {
        add("work", "INBOX", 1, 400, "s");
        add("work", "INBOX", 2, 400, "sf");   // flagged
        add("work", "INBOX", 3, 400, "");     // unread
        add("work", "INBOX", 4, 300, "s");    // too young
        add("work", "INBOX", 5, 366, "s");
        for (int uid = 6; uid <= 12; uid++) add("work", "INBOX", uid, 1, "s");
        var cfg = rules("[[retention]]\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 365\n");
        assertEquals(List.of("retention-1 work INBOX 1", "retention-1 work INBOX 5"), doomed(cfg));
    }

    @Test
    void keepFlaggedAndKeepUnreadCanBeTurnedOff() throws Exception {
        add("work", "INBOX", 1, 400, "sf");
        add("work", "INBOX", 2, 400, "");
        add("work", "INBOX", 3, 400, "f");
        var noFlagged = rules("[[retention]]\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\nkeep_flagged = false\n");
        assertEquals(List.of("retention-1 work INBOX 1"), doomed(noFlagged));
        var noUnread = rules("[[retention]]\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\nkeep_unread = false\n");
        assertEquals(List.of("retention-1 work INBOX 2"), doomed(noUnread));
        var neither = rules("[[retention]]\nname = \"all\"\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\n"
                + "keep_unread = false\nkeep_flagged = false\n");
        assertEquals(List.of("all work INBOX 1", "all work INBOX 2", "all work INBOX 3"), doomed(neither));
    }

    @Test
    void accountStarAndFolderGlobsAndHolds() throws Exception {
        add("work", "Archive/2020", 1, 900, "s");
        add("work", "Archive/2021/Q1", 2, 900, "s");
        add("work", "Archives", 3, 900, "s");   // not under Archive/
        add("home", "Archive/old", 4, 900, "s");
        add("home", "Legal/case", 5, 900, "s");  // held
        add("work", "Sent", 6, 900, "s");
        var cfg = rules("[[retention]]\naccount = \"*\"\nfolders = [\"Archive/*\", \"Legal/*\"]\nolder_than_days = 30\n"
                + "[holds]\nfolders = [\"Legal/*\"]\n");
        assertEquals(List.of("retention-1 work Archive/2020 1", "retention-1 work Archive/2021/Q1 2",
                "retention-1 home Archive/old 4"), doomed(cfg).stream().sorted((a, b) -> a.endsWith("4") ? 1 : b.endsWith("4") ? -1 : a.compareTo(b)).toList());
        var onlyHome = rules("[[retention]]\naccount = \"home\"\nfolders = [\"*\"]\nolder_than_days = 30\n[holds]\nfolders = [\"Legal/*\"]\n");
        assertEquals(List.of("retention-1 home Archive/old 4"), doomed(onlyHome));
    }

    @Test
    void aMessageIsNamedByTheFirstRuleOnly() throws Exception {
        add("work", "INBOX", 1, 400, "s");
        for (int uid = 2; uid <= 6; uid++) add("work", "INBOX", uid, 1, "s");
        var cfg = rules("[[retention]]\nname = \"a\"\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 100\n"
                + "[[retention]]\nname = \"b\"\naccount = \"*\"\nfolders = [\"*\"]\nolder_than_days = 10\n");
        assertEquals(List.of("a work INBOX 1"), doomed(cfg));
    }

    @Test
    void theShareGuardTripsAboveMaxSharePercent() throws Exception {
        for (int uid = 1; uid <= 10; uid++) add("work", "INBOX", uid, uid <= 6 ? 400 : 1, "s");
        var loose = rules("[[retention]]\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\nmax_share_percent = 60\n");
        assertFalse(Retention.plan(store, List.of("work"), loose, NOW).get(0).overGuard());
        var strict = rules("[[retention]]\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\n");
        assertTrue(Retention.plan(store, List.of("work"), strict, NOW).get(0).overGuard(), "6 of 10 is over the default 50%");
    }

    @Test
    void localDeletionRemovesFromTheStoreFreesBodiesAndAuditsEachMessage() throws Exception {
        Envelope old = add("work", "INBOX", 1, 400, "s");
        add("work", "INBOX", 2, 1, "s");
        add("work", "INBOX", 3, 1, "s");
        var cfg = rules("[[retention]]\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\n");
        var plan = Retention.plan(store, List.of("work"), cfg, NOW).get(0);
        List<String> audited = new ArrayList<>();
        List<Envelope> done = Retention.execute(plan, store, null, (r, e) -> audited.add(r.name() + ":" + e.ref().uid()), NOW);
        assertEquals(1, done.size());
        assertEquals(List.of("retention-1:1"), audited);
        assertTrue(store.envelope(old.ref()).isEmpty());
        assertEquals(2, store.count("work", "INBOX"));
        assertEquals(2, store.blobCount());
    }

    @Test
    void serverDeletionTouchesOnlyWhatTheServerAlsoFindsOldAndKeepsTheLocalCopy() throws Exception {
        add("work", "INBOX", 1, 400, "s");
        add("work", "INBOX", 2, 400, "s");
        for (int uid = 3; uid <= 6; uid++) add("work", "INBOX", uid, 1, "s");
        var cfg = rules("[[retention]]\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\nwhere = \"server\"\n");
        var plan = Retention.plan(store, List.of("work"), cfg, NOW).get(0);
        List<String> calls = new ArrayList<>();
        Retention.ServerDeleter server = new Retention.ServerDeleter() {
            @Override public SortedSet<Long> before(String folder, LocalDate day) {
                calls.add("before " + folder + " " + day);
                return new TreeSet<>(List.of(2L, 9L)); // the server dates message 1 later: it stays
            }
            @Override public void expunge(String folder, long uv, List<Long> uids) { calls.add("expunge " + uids); }
            @Override public void toTrash(String folder, long uv, List<Long> uids) { calls.add("trash " + uids); }
            @Override public void close() { }
        };
        List<Envelope> done = Retention.execute(plan, store, server, (r, e) -> { }, NOW);
        assertEquals(List.of("before INBOX 2026-05-02", "expunge [2]"), calls);
        assertEquals(1, done.size());
        assertEquals(6, store.count("work", "INBOX"), "where = server keeps the local copy");
        assertEquals(new TreeSet<>(List.of(2L)), store.detached("work", "INBOX", 1), "and marks it kept locally only");
        assertFalse(Retention.plan(store, List.of("work"), cfg, NOW).get(0).doomed().stream().anyMatch(e -> e.ref().uid() == 2),
                "a message already gone from the server is not named again");
    }

    /** A server that finds only UID 3 old and no longer holds UID 2 (an earlier run expunged it and was killed before its commit). */
    private static Retention.ServerDeleter withoutTwo(List<String> calls) {
        return new Retention.ServerDeleter() {
            @Override public SortedSet<Long> before(String folder, LocalDate day) { return new TreeSet<>(List.of(3L)); }
            @Override public SortedSet<Long> present(String folder, long below) {
                calls.add("present below " + below);
                return new TreeSet<>(List.of(1L, 3L));
            }
            @Override public void expunge(String folder, long uv, List<Long> uids) { calls.add("expunge " + uids); }
            @Override public void toTrash(String folder, long uv, List<Long> uids) { calls.add("trash " + uids); }
            @Override public void close() { }
        };
    }

    /**
     * Hunt 33-Y, Y2: a doomed message the server no longer has is not "younger by the server's date": with where = both
     * its local copy goes (and is counted deleted); with where = server it is kept and marked kept locally only, so the
     * next sync does not take it away. Message 1, which the server still has and dates later, stays everywhere.
     */
    @Test
    void aDoomedMessageAlreadyGoneFromTheServerIsCarriedOutLocally() throws Exception {
        for (int uid = 1; uid <= 3; uid++) add("work", "INBOX", uid, 400, "s");
        add("work", "INBOX", 4, 1, "s");
        var both = rules("[[retention]]\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\nwhere = \"both\"\n"
                + "max_share_percent = 100\n");
        List<String> calls = new ArrayList<>();
        List<Envelope> done = Retention.execute(Retention.plan(store, List.of("work"), both, NOW).get(0), store, withoutTwo(calls),
                (r, e) -> { }, NOW);
        assertEquals(List.of("present below 3", "expunge [3]"), calls);
        assertEquals(List.of(2L, 3L), done.stream().map(e -> e.ref().uid()).toList());
        assertEquals(2, store.count("work", "INBOX"), "1 and 4 stay; 2 (gone from the server) and 3 are deleted here too");
    }

    @Test
    void aDoomedMessageAlreadyGoneFromTheServerIsKeptLocallyOnlyByAServerRule() throws Exception {
        for (int uid = 1; uid <= 3; uid++) add("work", "INBOX", uid, 400, "s");
        var server = rules("[[retention]]\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\nwhere = \"server\"\n"
                + "max_share_percent = 100\n");
        List<String> calls = new ArrayList<>();
        List<Envelope> done = Retention.execute(Retention.plan(store, List.of("work"), server, NOW).get(0), store, withoutTwo(calls),
                (r, e) -> { }, NOW);
        assertEquals(List.of("present below 3", "expunge [3]"), calls);
        assertEquals(List.of(2L, 3L), done.stream().map(e -> e.ref().uid()).toList());
        assertEquals(3, store.count("work", "INBOX"), "where = server keeps every local copy");
        assertEquals(new TreeSet<>(List.of(2L, 3L)), store.detached("work", "INBOX", 1), "both marked kept locally only");
    }

    /** Records what a server would be asked; every call is checked by the test. */
    private static Retention.ServerDeleter recording(List<String> calls, SortedSet<Long> old) {
        return new Retention.ServerDeleter() {
            @Override public SortedSet<Long> before(String folder, LocalDate day) {
                calls.add("before " + folder);
                return old;
            }
            @Override public void expunge(String folder, long uv, List<Long> uids) { calls.add("expunge " + uids); }
            @Override public void toTrash(String folder, long uv, List<Long> uids) { calls.add("trash " + uids); }
            @Override public void close() { }
        };
    }

    @Test
    void serverRetentionLeavesMessagesWithoutALocalBodyOnTheServer() throws Exception {
        add("work", "INBOX", 1, 400, "s");
        Envelope headerOnly = new Envelope(new MessageRef("work", "INBOX", 1, 2), "<2@x>", NOW.minus(Duration.ofDays(400)),
                "a@x", null, null, "no body", 100, Flags.of(Flag.SEEN), null, null, null, NOW.minus(Duration.ofDays(400)));
        store.putEnvelopes(List.of(headerOnly));
        for (int uid = 3; uid <= 8; uid++) add("work", "INBOX", uid, 1, "s");
        store.commit();
        var cfg = rules("[[retention]]\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\nwhere = \"server\"\n");
        var plan = Retention.plan(store, List.of("work"), cfg, NOW).get(0);
        assertEquals(List.of(1L), plan.doomed().stream().map(e -> e.ref().uid()).toList());
        assertEquals(1, plan.notCached(), "the header-only message has no local copy to keep");
    }

    @Test
    void bothRemovesALocallyKeptMessageWithoutAskingTheServer() throws Exception {
        add("work", "INBOX", 1, 400, "s");
        add("work", "INBOX", 2, 400, "s");
        for (int uid = 3; uid <= 8; uid++) add("work", "INBOX", uid, 1, "s");
        store.detach(List.of(new MessageRef("work", "INBOX", 1, 1)));
        store.commit();
        var cfg = rules("[[retention]]\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\nwhere = \"both\"\n");
        var plan = Retention.plan(store, List.of("work"), cfg, NOW).get(0);
        List<String> calls = new ArrayList<>();
        List<Envelope> done = Retention.execute(plan, store, recording(calls, new TreeSet<>(List.of(2L))), (r, e) -> { }, NOW);
        assertEquals(List.of("before INBOX", "expunge [2]"), calls, "uid 1 has no server copy left to expunge");
        assertEquals(List.of(1L, 2L), done.stream().map(e -> e.ref().uid()).toList());
        assertEquals(6, store.count("work", "INBOX"));
        assertTrue(store.detached("work", "INBOX", 1).isEmpty(), "removing an envelope forgets its mark");
    }

    @Test
    void aFailedServerDeletionTakesTheLocalOnlyMarkOffAgain() throws Exception {
        add("work", "INBOX", 1, 400, "s");
        for (int uid = 2; uid <= 8; uid++) add("work", "INBOX", uid, 1, "s");
        var cfg = rules("[[retention]]\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\nwhere = \"server\"\n");
        var plan = Retention.plan(store, List.of("work"), cfg, NOW).get(0);
        List<SortedSet<Long>> markedDuringExpunge = new ArrayList<>();
        Retention.ServerDeleter failing = new Retention.ServerDeleter() {
            @Override public SortedSet<Long> before(String folder, LocalDate day) { return new TreeSet<>(List.of(1L)); }
            @Override public void expunge(String folder, long uv, List<Long> uids) {
                markedDuringExpunge.add(store.detached("work", "INBOX", 1));
                throw new PosternException(dev.postern.model.ExitCode.TEMPFAIL, "link dropped");
            }
            @Override public void toTrash(String folder, long uv, List<Long> uids) { }
            @Override public void close() { }
        };
        assertThrows(PosternException.class, () -> Retention.execute(plan, store, failing, (r, e) -> { }, NOW));
        assertEquals(List.of(new TreeSet<>(List.of(1L))), markedDuringExpunge, "the mark is committed before the server copy goes");
        assertTrue(store.detached("work", "INBOX", 1).isEmpty());
        assertEquals(List.of(1L), Retention.plan(store, List.of("work"), cfg, NOW).get(0).doomed().stream().map(e -> e.ref().uid()).toList(),
                "the next run tries again");
    }

    @Test
    void theAuditLogIsWrittenAheadAndAFailedBatchIsSettledAtOnce() throws Exception {
        add("work", "INBOX", 1, 400, "s");
        for (int uid = 2; uid <= 8; uid++) add("work", "INBOX", uid, 1, "s");
        var cfg = rules("[[retention]]\nname = \"srv\"\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\nwhere = \"server\"\n");
        var plan = Retention.plan(store, List.of("work"), cfg, NOW).get(0);
        Path log = dir.resolve("data").resolve("retention-audit.jsonl");
        List<List<String>> loggedDuringExpunge = new ArrayList<>();
        Retention.ServerDeleter failing = new Retention.ServerDeleter() {
            @Override public SortedSet<Long> before(String folder, LocalDate day) { return new TreeSet<>(List.of(1L)); }
            @Override public void expunge(String folder, long uv, List<Long> uids) {
                try {
                    loggedDuringExpunge.add(Files.readAllLines(log));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                throw new PosternException(dev.postern.model.ExitCode.TEMPFAIL, "link dropped");
            }
            @Override public void toTrash(String folder, long uv, List<Long> uids) { }
            @Override public void close() { }
        };
        try (AuditLog audit = AuditLog.open(log, store, NOW)) {
            assertThrows(PosternException.class, () -> Retention.execute(plan, store, failing, audit, NOW));
        }
        assertEquals(1, loggedDuringExpunge.get(0).size(), "the intent is on disk before the server is touched");
        assertTrue(loggedDuringExpunge.get(0).get(0).contains("\"uid\":1,") && loggedDuringExpunge.get(0).get(0).contains("\"state\":\"intent\""),
                loggedDuringExpunge.get(0).get(0));
        List<String> lines = Files.readAllLines(log);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(1).contains("\"uid\":1,") && lines.get(1).contains("\"state\":\"not_deleted\""), "the mark came off again: " + lines);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        assertEquals(0, AuditLog.resolve(log, store, NOW).total(), "nothing left to settle");
    }

    @Test
    void intentsAKilledRunLeftAreSettledAgainstTheStoreOnce() throws Exception {
        Envelope gone = add("work", "INBOX", 1, 400, "s");
        Envelope kept = add("work", "INBOX", 2, 400, "s");
        Envelope marked = add("work", "INBOX", 3, 400, "s");
        Envelope unmarked = add("work", "INBOX", 4, 400, "s");
        var local = rules("[[retention]]\nname = \"loc\"\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\n").rules().get(0);
        var server = rules("[[retention]]\nname = \"srv\"\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\nwhere = \"server\"\n")
                .rules().get(0);
        Path log = dir.resolve("data").resolve("retention-audit.jsonl");
        try (AuditLog audit = AuditLog.open(log, store, NOW)) {
            audit.intent(local, List.of(gone, kept));
            audit.intent(server, List.of(marked, unmarked));
        }
        // What the killed run got done: uid 1 removed, uid 3 marked (the expunge's outcome is the server's to tell).
        store.removeEnvelopes(List.of(gone.ref()));
        store.detach(List.of(marked.ref()));
        store.commit();
        Files.writeString(log, "{\"when\":\"torn", java.nio.file.StandardOpenOption.APPEND);

        AuditLog.Settled settled = AuditLog.resolve(log, store, NOW);
        assertEquals(new AuditLog.Settled(1, 2, 1), settled);
        assertTrue(settled.text(log).contains("records 1 of its messages as deleted, 2 as not deleted and 1 as unknown"), settled.text(log));
        List<String> lines = Files.readAllLines(log);
        assertEquals(4 + 1 + 4, lines.size(), "the torn line is ended, not glued to the next: " + lines);
        List<String> outcomes = lines.subList(5, 9);
        assertTrue(outcomes.stream().allMatch(l -> l.contains("\"recovered\":true")), outcomes.toString());
        assertTrue(outcomes.get(0).contains("\"uid\":1,") && outcomes.get(0).contains("\"state\":\"deleted\""), outcomes.get(0));
        assertTrue(outcomes.get(0).contains("\"subject\":\"subject 1\""), "the intent's details are kept: " + outcomes.get(0));
        assertTrue(outcomes.get(1).contains("\"uid\":2,") && outcomes.get(1).contains("\"state\":\"not_deleted\""), outcomes.get(1));
        assertTrue(outcomes.get(2).contains("\"uid\":3,") && outcomes.get(2).contains("\"state\":\"unknown\""), outcomes.get(2));
        assertTrue(outcomes.get(3).contains("\"uid\":4,") && outcomes.get(3).contains("\"state\":\"not_deleted\""), outcomes.get(3));
        assertEquals(0, AuditLog.resolve(log, store, NOW).total(), "settled once");
        assertNull(AuditLog.resolve(log, store, NOW).text(log));
    }

    /** A message that arrived {@code arrivedDaysAgo} days before NOW (null: unknown), with a Date {@code datedDaysAgo} days before. */
    private void addArrived(long uid, Integer arrivedDaysAgo, int datedDaysAgo) {
        Envelope e = new Envelope(new MessageRef("work", "INBOX", 1, uid), "<" + uid + "@x>", NOW.minus(Duration.ofDays(datedDaysAgo)),
                "a@x", null, null, "subject " + uid, 100, Flags.of(Flag.SEEN), null, null, null,
                arrivedDaysAgo == null ? null : NOW.minus(Duration.ofDays(arrivedDaysAgo)));
        store.putFolder(new Folder("work", "INBOX", '/', 0, 0, java.util.Set.of()));
        store.putEnvelopes(List.of(e));
        store.attachBody(e.ref(), ("Subject: subject " + uid + "\r\n\r\nbody" + uid + "\r\n").getBytes(UTF_8));
        store.commit();
    }

    /**
     * Hunt 38-T, T1: a message is as old as it has been here. A camera's "Date: 1970" (or any Date years off) that arrived
     * today is not older than 365 days; nor is one that arrived 400 days ago by a clock its Date (10 days ago) says was
     * wrong (T5); one that arrived and is dated 400 days ago is.
     */
    @Test
    void ageIsCountedFromArrivalNeverFromAnOlderDateHeader() throws Exception {
        addArrived(1, 0, 20_000);   // arrived today, Date 1970
        addArrived(2, 1, 9_500);    // arrived yesterday, Date 2000
        addArrived(3, 400, 10);     // arrived "400 days ago" by a clock 390 days behind its Date
        addArrived(4, 400, 400);
        addArrived(5, 400, 30_000); // arrived 400 days ago, Date before 1900
        for (int uid = 6; uid <= 12; uid++) addArrived(uid, 1, 1);
        var cfg = rules("[[retention]]\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 365\n");
        assertEquals(List.of("retention-1 work INBOX 4", "retention-1 work INBOX 5"), doomed(cfg));
    }

    /**
     * An envelope stored before postern recorded arrivals (none in it) is aged from when this store began to record them
     * ({@code arrivalsKnownSince}, its first open by this postern): never deleted sooner than the rule's days after that.
     */
    @Test
    void anEnvelopeWithoutArrivalIsAgedFromWhenTheStoreBeganToRecordThem() throws Exception {
        addArrived(1, null, 20_000);
        var cfg = rules("[[retention]]\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 365\n");
        Instant since = store.arrivalsKnownSince();
        assertTrue(!since.isAfter(Instant.now()) && since.isAfter(Instant.now().minus(Duration.ofHours(1))), since.toString());
        assertEquals(List.of(), Retention.plan(store, List.of("work"), cfg, since.plus(Duration.ofDays(364))));
        assertEquals(1, Retention.plan(store, List.of("work"), cfg, since.plus(Duration.ofDays(366))).get(0).doomed().size());
    }

    @Test
    void autoRulesAreReadAndSelected() throws Exception {
        var cfg = rules("[[retention]]\nname = \"manual\"\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\n"
                + "[[retention]]\nname = \"nightly\"\naccount = \"*\"\nfolders = [\"Trash\"]\nolder_than_days = 7\nauto = true\n"
                + "[holds]\nfolders = [\"Legal/*\"]\n");
        assertEquals(List.of(false, true), cfg.rules().stream().map(RetentionConfig.Rule::auto).toList());
        assertEquals(List.of("nightly"), cfg.autoOnly().rules().stream().map(RetentionConfig.Rule::name).toList());
        assertEquals(List.of("Legal/*"), cfg.autoOnly().holds());
    }

    @Test
    void badRulesAreConfigErrors() {
        String base = "[[retention]]\naccount = \"work\"\nfolders = [\"INBOX\"]\n";
        for (String bad : List.of(base, // no older_than_days
                base + "older_than_days = 0\n",
                base + "older_than_days = 5\nwhere = \"cloud\"\n",
                base + "older_than_days = 5\nauto = \"yes\"\n",
                base + "older_than_days = 5\ntrash = true\n",
                base + "older_than_days = 5\nmax_share_percent = 0\n",
                "[[retention]]\naccount = \"nobody\"\nfolders = [\"INBOX\"]\nolder_than_days = 5\n",
                "[[retention]]\naccount = \"work\"\nfolders = []\nolder_than_days = 5\n",
                "[holds]\nfolders = [\"Legal\"]\nuntil = 3\n")) {
            PosternException e = assertThrows(PosternException.class, () -> rules(bad), bad);
            assertEquals(78, e.exitCode().code(), e.getMessage());
            assertTrue(e.getMessage().startsWith("config "), e.getMessage());
        }
    }
}

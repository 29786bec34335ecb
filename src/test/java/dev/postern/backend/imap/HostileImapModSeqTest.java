package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CONDSTORE mark postern cannot trust is not stored and built on (hunt33-X, X7): one SELECT with an inflated
 * HIGHESTMODSEQ made the next sync ask for changes since that number and store the server's real, lower one past
 * the change, so a flag set meanwhile was never seen; one FETCH of a CHANGEDSINCE answer naming the wrong UID put the
 * flag on the wrong message for good. A HIGHESTMODSEQ (or UIDNEXT) lower than the stored one, or a CHANGEDSINCE
 * answer whose message numbers and UIDs disagree with the folder's UIDs, makes the sync read every flag instead.
 */
@Timeout(60)
class HostileImapModSeqTest {
    @TempDir Path dir;

    /** A CONDSTORE server over UIDs 3, 5, 9 (message numbers 1-3): each message's flags and MODSEQ, the folder's. */
    private static final class Server implements AutoCloseable {
        final HostileImap s;
        final long[] uids = {3, 5, 9};
        final Map<Long, String> flags = new ConcurrentHashMap<>(Map.of(3L, "()", 5L, "()", 9L, "()"));
        final Map<Long, Long> modOf = new ConcurrentHashMap<>(Map.of(3L, 1L, 5L, 2L, 9L, 3L));
        volatile long modseq = 5;
        /** What SELECT says of HIGHESTMODSEQ; the real one when 0. */
        volatile long shown;
        /** An answer to CHANGEDSINCE in place of the real one, when set. */
        volatile String lie;
        /** A message's Date where it is not HostileImap's (2024-01-01). */
        final Map<Long, String> dates = new ConcurrentHashMap<>();
        /** A message's INTERNALDATE where it is not HostileImap's (01-Jan-2024): retention counts from it (hunt 38-T, T1). */
        final Map<Long, String> arrivals = new ConcurrentHashMap<>();

        Server() throws java.io.IOException {
            s = new HostileImap();
            s.capabilities = "IMAP4rev1 UIDPLUS CONDSTORE ENABLE";
            s.uids = uids;
            s.on("SELECT", (c, tag, args) -> {
                c.say("* 3 EXISTS");
                c.say("* FLAGS (\\Seen \\Flagged)");
                c.say("* OK [UIDVALIDITY 42] ok");
                c.say("* OK [UIDNEXT 10] ok");
                if (args.toUpperCase().contains("CONDSTORE")) c.say("* OK [HIGHESTMODSEQ " + (shown != 0 ? shown : modseq) + "] ok");
                c.say(tag + " OK [READ-WRITE] done");
            });
            s.on("UID FETCH", (c, tag, args) -> {
                String set = args.split(" ", 2)[0];
                String a = args.toUpperCase();
                int at = a.indexOf("CHANGEDSINCE ");
                long since = at < 0 ? -1 : Long.parseLong(a.substring(at + 13).replaceAll("\\D.*", ""));
                if (at >= 0 && lie != null) {
                    c.say(lie);
                    c.say(tag + " OK done");
                    return;
                }
                for (int i = 0; i < uids.length; i++) {
                    long u = uids[i];
                    if (!HostileImap.in(set, u, uids[uids.length - 1])) continue;
                    if (a.contains("ENVELOPE") || a.contains("BODY.PEEK[HEADER]")) HostileImap.fetch(c, args, flags.get(u), i + 1, u, dates.getOrDefault(u, s.date),
                            arrivals.getOrDefault(u, "01-Jan-2024 10:00:00 +0000"));
                    else if (modOf.get(u) > since) c.say("* " + (i + 1) + " FETCH (UID " + u + " FLAGS " + flags.get(u)
                            + (since >= 0 ? " MODSEQ (" + modOf.get(u) + ")" : "") + ")");
                }
                c.say(tag + " OK done");
            });
            // UID SEARCH UID a:b answers the folder's UIDs in that range only.
            s.on("UID SEARCH", (c, tag, args) -> {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("UID (\\d+):(\\d+)").matcher(args);
                boolean ranged = m.find();
                long from = ranged ? Long.parseLong(m.group(1)) : 1;
                long to = ranged ? Long.parseLong(m.group(2)) : Long.MAX_VALUE;
                StringBuilder all = new StringBuilder("* SEARCH");
                for (long u : uids) if (u >= from && u <= to) all.append(' ').append(u);
                c.say(all.toString());
                c.say(tag + " OK done");
            });
        }

        void flag(long uid, String f) {
            flags.put(uid, f);
            modOf.put(uid, ++modseq);
        }

        @Override
        public void close() throws Exception {
            s.close();
        }
    }

    private Run sync(Server srv) throws Exception {
        Run r = HostileImapAnswersTest.run(dir, srv.s, "", "sync", "--headers-only");
        assertEquals(0, r.code(), r + " " + srv.s.got);
        return r;
    }

    /** The stored rows as `list --cached --json` gives them: UID to whether it is flagged. */
    private Map<Long, Boolean> flagged(Server srv) throws Exception {
        Run r = HostileImapAnswersTest.run(dir, srv.s, "", "list", "--cached", "--json");
        Map<Long, Boolean> out = new java.util.TreeMap<>();
        for (String row : r.out().split("\\{")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"uid\":(\\d+)").matcher(row);
            if (m.find()) out.put(Long.parseLong(m.group(1)), row.contains("\"flagged\""));
        }
        return out;
    }

    /** The UID SEARCH commands the server got since {@code got} was cleared. */
    private static long uidSearches(Server srv) {
        return srv.s.got.stream().filter(l -> l.toUpperCase(java.util.Locale.ROOT).contains("UID SEARCH")).count();
    }

    /**
     * R4: a folder whose mail local retention removed holds more than the store has at every sync, and a sync with no
     * change asked UID SEARCH twice (the reconcile below the old mark, then the gap step below the new one, the same
     * UIDs). It asks once; a folder in step is not asked at all.
     */
    @Test
    void aNoChangeSyncOfAFolderLocalRetentionThinnedAsksUidSearchOnce() throws Exception {
        try (Server srv = new Server()) {
            String young = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(
                    java.time.ZoneOffset.UTC).minusDays(1));
            srv.dates.put(5L, young);
            srv.arrivals.put(5L, java.time.format.DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", java.util.Locale.ROOT)
                    .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).minusDays(1)));
            srv.flags.replaceAll((u, f) -> "(\\Seen)");
            String rule = "[[retention]]\nname = \"tidy\"\naccount = \"t\"\nfolders = [\"INBOX\"]\nolder_than_days = 365\n"
                    + "auto = true\nmax_share_percent = 100\n";
            Run first = HostileImapAnswersTest.run(dir, srv.s, rule, "sync", "--headers-only");
            assertEquals(0, first.code(), first + " " + srv.s.got);
            assertTrue(first.out().contains("deleted 2 in INBOX of t (local)"), first.toString());
            for (int i = 0; i < 2; i++) {
                srv.s.got.clear();
                Run again = HostileImapAnswersTest.run(dir, srv.s, rule, "sync", "--headers-only");
                assertEquals(0, again.code(), again + " " + srv.s.got);
                assertEquals(1, uidSearches(srv), srv.s.got.toString());
                assertEquals(Map.of(5L, false), flagged(srv), srv.s.got.toString());
            }
        }
    }

    @Test
    void aNoChangeSyncOfAFolderInStepAsksNoUidSearch() throws Exception {
        try (Server srv = new Server()) {
            sync(srv);
            srv.s.got.clear();
            sync(srv);
            assertEquals(0, uidSearches(srv), srv.s.got.toString());
            assertEquals(Map.of(3L, false, 5L, false, 9L, false), flagged(srv), srv.s.got.toString());
        }
    }

    @Test
    void aHighestModSeqThatWentBackMakesTheSyncReadEveryFlag() throws Exception {
        try (Server srv = new Server()) {
            sync(srv);
            srv.shown = Long.MAX_VALUE; // one SELECT's HIGHESTMODSEQ, inflated
            sync(srv);
            srv.shown = 0;
            srv.flag(5, "(\\Flagged)"); // set by another client: modseq 6, below the inflated mark
            sync(srv);
            sync(srv);
            assertEquals(Map.of(3L, false, 5L, true, 9L, false), flagged(srv), srv.s.got.toString());
        }
    }

    @Test
    void aChangedSinceAnswerNamingTheWrongUidIsNotBelieved() throws Exception {
        try (Server srv = new Server()) {
            sync(srv);
            srv.flag(5, "(\\Flagged)");
            // Message 2 is UID 5; the answer names UID 9 for it.
            srv.lie = "* 2 FETCH (UID 9 FLAGS (\\Flagged) MODSEQ (6))";
            sync(srv);
            srv.lie = null;
            sync(srv);
            Map<Long, Boolean> now = flagged(srv);
            assertEquals(Map.of(3L, false, 5L, true, 9L, false), now, srv.s.got.toString());
            assertFalse(now.isEmpty());
            assertTrue(srv.s.got.stream().anyMatch(l -> l.contains("CHANGEDSINCE")), srv.s.got.toString());
        }
    }
}

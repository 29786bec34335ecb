package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress mark of a folder's listing never hides a message the server holds (hunt33-X, X1): a listing whose
 * answer lost one FETCH (a broken line swallows it), or a SELECT whose UIDNEXT lay above the folder's real one, left
 * that message (or the mail that came later under the inflated mark) out of the store for good, as later syncs
 * listed only above the mark. Now a folder holding more than the store has is asked which UIDs it holds, and those
 * the store lacks are listed; a server that lists a message and never sends it fails the sync (75).
 */
@Timeout(60)
class HostileImapListingGapsTest {
    @TempDir Path dir;

    private Run run(HostileImap s, String... args) throws Exception {
        return HostileImapAnswersTest.run(dir, s, "", args);
    }

    private static long rows(Run r) {
        return r.out().strip().lines().filter(l -> !l.isBlank()).count();
    }

    /** The listing's answers for UID FETCH ... ENVELOPE, leaving out UID {@code lost} when {@code drop} says so. */
    private static void listingLosing(HostileImap s, long lost, java.util.function.BooleanSupplier drop) {
        s.on("UID FETCH", (c, tag, args) -> {
            if (!args.contains("ENVELOPE")) {
                s.plainly(c, tag, "UID FETCH", args);
                return;
            }
            String set = args.split(" ", 2)[0];
            boolean dropping = drop.getAsBoolean();
            long[] u = s.uids;
            for (int i = 0; i < u.length; i++) {
                if (u[i] == lost && dropping) continue;
                if (HostileImap.in(set, u[i], u[u.length - 1])) HostileImap.fetch(c, args, "()", i + 1, u[i]);
            }
            c.say(tag + " OK done");
        });
    }

    @Test
    void aFetchTheListingLostIsListedInTheSameSync() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.uids = new long[] {3, 5, 9};
            boolean[] first = {true};
            listingLosing(s, 5, () -> {
                boolean d = first[0];
                first[0] = false;
                return d;
            });
            Run r = run(s, "sync", "--headers-only");
            assertEquals(0, r.code(), r.toString());
            Run cached = run(s, "list", "--cached");
            assertEquals(3, rows(cached), cached + " " + s.got);
            assertTrue(cached.out().contains("hello"), cached.toString());
        }
    }

    /** The same in a later sync: the gap step asks the server only for the range this sync listed (R4). */
    @Test
    void aFetchALaterListingLostIsListedAndOnlyItsRangeIsSearched() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.uids = new long[] {3, 5};
            assertEquals(0, run(s, "sync", "--headers-only").code());
            s.uids = new long[] {3, 5, 8, 9};
            boolean[] first = {true};
            listingLosing(s, 8, () -> {
                boolean d = first[0];
                first[0] = false;
                return d;
            });
            s.got.clear();
            Run r = run(s, "sync", "--headers-only");
            assertEquals(0, r.code(), r.toString());
            assertTrue(s.got.stream().anyMatch(l -> l.endsWith("UID SEARCH UID 6:9")), s.got.toString());
            assertTrue(s.got.stream().noneMatch(l -> l.contains("UID SEARCH UID 1:")), s.got.toString());
            Run cached = run(s, "list", "--cached");
            assertEquals(4, rows(cached), cached + " " + s.got);
        }
    }

    @Test
    void aServerThatNeverSendsAListedMessageFailsTheSyncEveryTime() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.uids = new long[] {3, 5, 9};
            listingLosing(s, 5, () -> true);
            Run r = run(s, "sync", "--headers-only");
            assertEquals(75, r.code(), r.toString());
            assertTrue(r.err().contains("did not send when listed"), r.toString());
            Run again = run(s, "sync", "--headers-only");
            assertEquals(75, again.code(), again.toString());
        }
    }

    @Test
    void mailThatCameUnderAnInflatedUidNextIsListed() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.uids = new long[] {3, 5};
            long[] uidNext = {40};
            s.on("SELECT", (c, tag, a) -> {
                c.say("* " + s.uids.length + " EXISTS");
                c.say("* OK [UIDVALIDITY 42] ok");
                c.say("* OK [UIDNEXT " + uidNext[0] + "] ok");
                c.say(tag + " OK [READ-WRITE] done");
            });
            assertEquals(0, run(s, "sync", "--headers-only").code());
            s.uids = new long[] {3, 5, 6};
            uidNext[0] = 7;
            Run r = run(s, "sync", "--headers-only");
            assertEquals(0, r.code(), r.toString());
            Run cached = run(s, "list", "--cached");
            assertEquals(3, rows(cached), cached + " " + s.got);
            // The inflated mark came down to the server's UIDNEXT: the next sync asks below 7, not below 40.
            s.got.clear();
            assertEquals(0, run(s, "sync", "--headers-only").code());
            assertTrue(s.got.stream().noneMatch(l -> l.contains("1:39")), s.got.toString());
            assertTrue(s.got.stream().anyMatch(l -> l.contains("UID FETCH 7:*")), s.got.toString());
        }
    }
}

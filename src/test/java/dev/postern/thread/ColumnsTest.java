package dev.postern.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The index's columns keep what a row shows and what threads need, each distinct string and flag set once. */
class ColumnsTest {
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    private static List<String> subjects(IndexOrder o) {
        return o.rows(Set.of(), IndexOrder.Glyphs.ASCII).stream().map(r -> r.prefix() + r.envelope().subject()).toList();
    }

    @Test
    void columnsShareTheirStringsAndFlagsAndKeepWhatARowShows() {
        dev.postern.model.MessageRef r1 = new dev.postern.model.MessageRef(new String("acct"), new String("INBOX"), 1, 1);
        dev.postern.model.MessageRef r2 = new dev.postern.model.MessageRef(new String("acct"), new String("INBOX"), 1, 2);
        Envelope a = new Envelope(r1, "<x@y>", BASE, new String("Ann <ann@example.org>"), List.of("to@example.org"), List.of(),
                "Hello", 10, dev.postern.model.Flags.of(dev.postern.model.Flag.SEEN), null, List.of(), "0123abcd");
        Envelope b = new Envelope(r2, "<z@y>", null, new String("Ann <ann@example.org>"), List.of(), List.of(),
                new String("Hello"), 12, dev.postern.model.Flags.of(dev.postern.model.Flag.SEEN), "<x@y>", List.of(new String("<x@y>")), null);
        Columns cols = Columns.of(List.of(a, b));
        assertEquals(2, cols.texts(), "one sender and one subject, each kept once");
        assertEquals(cols.fromText(0), cols.fromText(1));
        assertEquals(cols.subjectText(0), cols.subjectText(1));
        assertEquals("Ann <ann@example.org>", cols.from(1));
        assertEquals("Hello", cols.subject(0));
        assertSame(cols.flags(0), cols.flags(1));
        Envelope ca = cols.envelope(0);
        Envelope cb = cols.envelope(1);
        assertEquals(a.ref(), ca.ref());
        assertEquals(b.ref(), cb.ref());
        assertEquals(1, cols.indexOf(b.ref()));
        assertEquals(-1, cols.indexOf(new dev.postern.model.MessageRef("acct", "INBOX", 2, 2)), "another UIDVALIDITY is another message");
        assertEquals(a.date(), ca.date());
        assertEquals(null, cb.date(), "no date stays no date");
        assertEquals(12, cb.size());
        assertTrue(ca.to().isEmpty());
        assertTrue(ca.cached(), "the body's presence is kept for the row's mark");
        assertTrue(!cb.cached());
        // b replies to a: the links are kept (hashed) and thread them.
        IndexOrder threads = IndexOrder.arrange(cols, true, SortKey.DATE, false);
        assertEquals(List.of("Hello", "`->Hello"), subjects(threads));
        // A subset (a limit's matches) keeps the links of the messages in it.
        assertEquals(List.of("Hello"), subjects(IndexOrder.arrange(cols.subset(new int[] {1}), true, SortKey.DATE, false)));
    }

    private static Envelope msg(String account, long uid, String id, String from, String subject, int hour, boolean seen, String... refs) {
        return new Envelope(new dev.postern.model.MessageRef(account, "INBOX", 7, uid), "<" + id + ">", BASE.plusSeconds(3600L * hour), from,
                List.of(), List.of(), subject, 100, seen ? dev.postern.model.Flags.of(dev.postern.model.Flag.SEEN) : dev.postern.model.Flags.NONE,
                refs.length == 0 ? null : "<" + refs[refs.length - 1] + ">", java.util.Arrays.stream(refs).map(r -> "<" + r + ">").toList(), null);
    }

    @Test
    void rowsOverColumnsKeepThreadsAcrossFoldersPlaceholdersAndCollapse() {
        // Two accounts in one arrangement (All Inboxes), the same UID in each; b and c reply to a message not here.
        Envelope a = msg("one", 1, "a", "Zed <z@x>", "Alpha", 1, true);
        Envelope b = msg("two", 1, "b", "amy <a@x>", "Re: Missing", 3, false, "gone");
        Envelope c = msg("one", 2, "c", "Bob <b@x>", "Re: Missing", 2, true, "gone");
        Envelope d = msg("two", 2, "d", "Bob <b@x>", "Re: Alpha", 4, true, "a");
        List<Envelope> given = List.of(a, b, c, d);
        Columns cols = Columns.of(given);
        assertEquals(1, cols.indexOf(b.ref()));
        assertEquals(2, cols.indexOf(c.ref()), "same UID, other account: another message");
        IndexOrder threads = IndexOrder.arrange(cols, true, SortKey.DATE, false);
        // The thread without its first message shows its replies as siblings under the missing one, oldest (c) first;
        // it sorts by c's date, so the thread of Alpha (head a, 1 h) comes after it (head c, 2 h).
        assertEquals(List.of(",*>Re: Missing", "`*>Re: Missing", "Alpha", "`->Re: Alpha"), subjects(threads));
        IndexOrder.Rows rows = threads.rows(Set.of(), IndexOrder.Glyphs.ASCII);
        assertEquals(c.ref(), rows.ref(0));
        assertEquals(b.ref(), rows.ref(1));
        assertEquals(c.ref(), rows.thread(1), "a thread is keyed by its head row's message");
        assertEquals(2, rows.rowOf(a.ref()));
        assertEquals(2, rows.firstOfThread(a.ref()));
        assertEquals(threads.collapsibleThreads(), Set.of(c.ref(), a.ref()));
        IndexOrder.Rows folded = threads.rows(Set.of(c.ref()), IndexOrder.Glyphs.ASCII);
        assertEquals(3, folded.size());
        assertEquals(2, folded.get(0).collapsedMessages());
        assertEquals(1, folded.get(0).collapsedUnread(), "b is unread");
        assertEquals(0, folded.get(1).collapsedMessages());
        assertEquals(4, threads.size());
        // Flat by sender: names folded to lower case ("amy" before "Bob"), equal senders newest first.
        IndexOrder.Rows bySender = IndexOrder.arrange(cols, false, SortKey.FROM, false).rows(Set.of(), IndexOrder.Glyphs.ASCII);
        assertEquals(List.of(b.ref(), d.ref(), c.ref(), a.ref()), java.util.stream.IntStream.range(0, 4).mapToObj(bySender::ref).toList());
        // Activity: the thread whose newest message is newest first (Alpha's reply d at 4 h).
        assertEquals(List.of("Alpha", "`->Re: Alpha", ",*>Re: Missing", "`*>Re: Missing"), subjects(IndexOrder.arrange(cols, true, SortKey.ACTIVITY, false)));
    }

    @Test
    void aLimitHidingAParentDrawsItsReplyUnderTheNearestAncestorWithTheMissingTip() {
        // a, b answers a, c answers b: a limit keeping a and c (the reader's `l`) hides c's parent, as mutt's does.
        Envelope a = msg("one", 1, "a", "A <a@x>", "Plan", 1, true);
        Envelope b = msg("one", 2, "b", "B <b@x>", "Re: Plan", 2, true, "a");
        Envelope c = msg("one", 3, "c", "C <c@x>", "Re: Re: Plan", 3, true, "a", "b");
        Columns all = Columns.of(List.of(a, b, c));
        assertEquals(List.of("Plan", "`->Re: Plan", "  `->Re: Re: Plan"), subjects(IndexOrder.arrange(all, true, SortKey.DATE, false)));
        IndexOrder limited = IndexOrder.arrange(all.subset(new int[] {0, 2}), true, SortKey.DATE, false);
        assertEquals(List.of("Plan", "`*>Re: Re: Plan"), subjects(limited));
        IndexOrder.Rows rows = limited.rows(Set.of(), IndexOrder.Glyphs.ASCII);
        assertEquals(List.of(false, true), List.of(rows.parentMissing(0), rows.parentMissing(1)));
    }

    @Test
    void uidsAndSizesAreKeptAsIntsOnlyWhileEveryOneFitsAndReadBackExactly() {
        PackedLongs narrow = PackedLongs.of(new long[] {0, 0xFFFF_FFFFL, 7, 99}, 3);
        assertTrue(narrow.narrow(), "32-bit unsigned values: ints");
        assertEquals(3, narrow.size());
        assertEquals(List.of(0L, 0xFFFF_FFFFL, 7L), List.of(narrow.get(0), narrow.get(1), narrow.get(2)));
        PackedLongs big = PackedLongs.of(new long[] {1, 0x1_0000_0000L}, 2);
        assertTrue(!big.narrow(), "one value past 32 bits: longs");
        assertEquals(0x1_0000_0000L, big.get(1));
        PackedLongs negative = PackedLongs.of(new long[] {5, -1}, 2);
        assertTrue(!negative.narrow());
        assertEquals(-1L, negative.get(1));
        // Through the columns: a UID of 2^32 - 1 and a 5 GB message, beside small ones.
        Envelope top = new Envelope(new dev.postern.model.MessageRef("one", "INBOX", 7, 0xFFFF_FFFFL), "<t>", BASE, "x", List.of(), List.of(),
                "s", 5L << 30, dev.postern.model.Flags.NONE, null, List.of(), null);
        Columns cols = Columns.of(List.of(msg("one", 1, "a", "x", "s", 1, true), top));
        assertEquals(0xFFFF_FFFFL, cols.uid(1));
        assertEquals(top.ref(), cols.ref(1));
        assertEquals(1, cols.indexOf(top.ref()));
        assertEquals(5L << 30, cols.messageSize(1));
        assertEquals(100, cols.messageSize(0));
    }

    @Test
    void messageIdsAreNumberedOnceAndAThreadsCountsAreReadOffItsNodes() {
        // a <- b <- c, d and e reply to "gone" (not here), f stands alone with a date-less reply g; h has no Message-ID.
        Envelope a = msg("one", 1, "a", "x", "A", 1, true);
        Envelope b = msg("one", 2, "b", "x", "Re: A", 5, false, "a");
        Envelope c = msg("one", 3, "c", "x", "Re: A", 3, true, "a", "b");
        Envelope d = msg("one", 4, "d", "x", "Re: G", 2, false, "gone");
        Envelope e = msg("one", 5, "e", "x", "Re: G", 9, false, "gone");
        Envelope f = msg("one", 6, "f", "x", "F", 4, true);
        Envelope g = new Envelope(new dev.postern.model.MessageRef("one", "INBOX", 7, 7), "<g>", null, "x", List.of(), List.of(), "Re: F",
                1, dev.postern.model.Flags.NONE, "<f>", List.of("<f>"), null);
        Envelope h = new Envelope(new dev.postern.model.MessageRef("one", "INBOX", 7, 8), null, BASE, "x", List.of(), List.of(), "H",
                1, dev.postern.model.Flags.NONE, null, List.of(), null);
        Columns cols = Columns.of(List.of(a, b, c, d, e, f, g, h));
        assertEquals(8, cols.ids(), "a b c d e f g and gone, each numbered once");
        assertTrue(!cols.hasId(7));
        assertEquals(cols.id(0), cols.chainAt(cols.chainFrom(1)), "b's link to a is a's number");
        assertEquals(cols.id(1), cols.chainAt(cols.chainFrom(2) + 1));
        assertEquals(cols.chainAt(cols.chainFrom(3)), cols.chainAt(cols.chainFrom(4)), "d and e name the same missing id");
        Forest forest = cols.forest();
        int[] rootOf = forest.rootOfMessages(cols.size());
        for (int r = 0; r < forest.roots(); r++) {
            int messages = 0;
            int unread = 0;
            long latest = Columns.NO_DATE;
            for (int m = 0; m < cols.size(); m++) {
                if (rootOf[m] != r) continue;
                messages++;
                if (cols.unread(m)) unread++;
                if (cols.dateMillis(m) != Columns.NO_DATE) latest = Math.max(latest, cols.dateMillis(m));
            }
            assertEquals(messages, forest.rootMessages(r), "thread " + r);
            assertEquals(unread, forest.rootUnread(r), "thread " + r);
            assertEquals(latest, forest.rootLatest(r), "thread " + r);
            assertEquals(latest, forest.rootLatests()[r]);
            boolean placeholder = forest.message(forest.root(r)) < 0;
            assertEquals(placeholder ? cols.chainAt(cols.chainFrom(3)) : -1, forest.rootKey(r), "only the placeholder (gone) has a key");
        }
        assertEquals(4, forest.roots(), "a's thread, gone's, f's, h");
        assertEquals(List.of(3, 2, 2, 1), java.util.stream.IntStream.range(0, 4).map(r -> forest.rootMessages(rootOf[new int[] {0, 3, 5, 7}[r]])).boxed().toList());
    }
}

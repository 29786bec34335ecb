package dev.postern.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ThreaderTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private long uid;

    /** An envelope with Message-ID {@code id}, subject, hours after T0, and references (last = parent). */
    Envelope msg(String id, String subject, int hour, String... refs) {
        uid++;
        return new Envelope(new MessageRef("a", "INBOX", 1, uid), id == null ? null : "<" + id + ">",
                T0.plusSeconds(3600L * hour), "Someone <s" + uid + "@x>", List.of(), List.of(), subject, 100 * uid,
                Flags.of(Flag.SEEN), refs.length == 0 ? null : "<" + refs[refs.length - 1] + ">",
                Arrays.stream(refs).map(r -> "<" + r + ">").collect(Collectors.toList()), null);
    }

    static String shape(List<ThreadNode> roots) {
        List<String> parts = new ArrayList<>();
        List<ThreadNode> sorted = new ArrayList<>(roots);
        sorted.sort((a, b) -> label(a).compareTo(label(b)));
        for (ThreadNode r : sorted) parts.add(shape(r));
        return String.join(" ", parts);
    }

    static String label(ThreadNode n) { return n.placeholder() ? "?" + n.id : n.message().subject(); }

    static String shape(ThreadNode n) {
        if (n.children().isEmpty()) return label(n);
        List<String> kids = new ArrayList<>();
        for (ThreadNode c : n.children()) kids.add(shape(c));
        kids.sort(String::compareTo);
        return label(n) + "(" + String.join(",", kids) + ")";
    }

    @Test
    void buildsTreesFromReferencesAndInReplyTo() {
        List<ThreadNode> roots = Threader.thread(List.of(
                msg("1", "a", 0), msg("2", "b", 1, "1"), msg("3", "c", 2, "1", "2"), msg("4", "d", 3, "1"),
                msg("9", "z", 4)));
        assertEquals("a(b(c),d) z", shape(roots));
        ThreadNode a = roots.stream().filter(r -> r.message().subject().equals("a")).findFirst().orElseThrow();
        assertEquals(4, a.messages());
        assertEquals(T0.plusSeconds(3 * 3600), a.latest(), "thread activity is the newest message");
    }

    @Test
    void orderOfArrivalDoesNotMatter() {
        List<Envelope> m = List.of(msg("3", "c", 2, "1", "2"), msg("2", "b", 1, "1"), msg("1", "a", 0));
        assertEquals("a(b(c))", shape(Threader.thread(m)));
    }

    /** As {@link #msg}, with an In-Reply-To of its own ({@code irt}) instead of the last reference. */
    Envelope reply(String id, String subject, int hour, String irt, String... refs) {
        Envelope e = msg(id, subject, hour, refs);
        return new Envelope(e.ref(), e.messageId(), e.date(), e.from(), e.to(), e.cc(), e.subject(), e.size(), e.flags(),
                irt == null ? null : "<" + irt + ">", e.references(), null);
    }

    /** The shape of {@code m} threaded in every order it can arrive in (m has at most 4 messages). */
    static Set<String> shapesInEveryOrder(List<Envelope> m) {
        Set<String> out = new java.util.TreeSet<>();
        permute(new ArrayList<>(m), 0, out);
        return out;
    }

    private static void permute(List<Envelope> m, int from, Set<String> out) {
        if (from == m.size()) {
            out.add(shape(Threader.thread(m)));
            List<String> drawn = new ArrayList<>();
            IndexOrder.Rows rows = IndexOrder.arrange(m, true, SortKey.DATE, true).rows(Set.of(), IndexOrder.Glyphs.ASCII);
            for (int i = 0; i < rows.size(); i++) drawn.add(rows.prefix(i) + m.get(rows.message(i)).subject());
            out.add(String.join("/", drawn));
            return;
        }
        for (int i = from; i < m.size(); i++) {
            java.util.Collections.swap(m, from, i);
            permute(m, from + 1, out);
            java.util.Collections.swap(m, from, i);
        }
    }

    @Test
    void inReplyToNamingAnEarlierReferenceNeverTurnsTheThreadUpsideDown() {
        // Hunt 38-Q, Q2: c answers "the thread" (In-Reply-To: a) while its References carry the chain a, b. The
        // parent is References' last entry (JWZ); In-Reply-To added "a answers b", drawing a under its own reply.
        List<Envelope> m = List.of(msg("1", "a", 0), reply("2", "b", 1, "1", "1"), reply("3", "c", 2, "1", "1", "2"));
        assertEquals(Set.of("a(b(c))", "a/`->b/  `->c"), shapesInEveryOrder(m));
        // In-Reply-To alone (no References) is the parent; one References does not name is the parent after them.
        List<Envelope> irt = List.of(msg("1", "a", 0), reply("2", "b", 1, "1"), reply("3", "c", 2, null, "1"),
                reply("4", "d", 3, "3", "1"));
        assertEquals("a(b,c(d))", shape(Threader.thread(irt)));
    }

    @Test
    void aMessagesOwnReferencesWinOverALinkAnotherMessageImplied() {
        // c's broken References list "b a" (a answers b); b's own References say b answers a. Whatever order they
        // come in, b's own word wins: a is the root, b and c (whose References end with a) answer it.
        List<Envelope> m = List.of(msg("1", "a", 0), msg("2", "b", 1, "1"), msg("3", "c", 2, "2", "1"));
        assertEquals(Set.of("a(b,c)", "a/|->b/`->c"), shapesInEveryOrder(m));
        // Two messages each saying it answers the other: a real loop, refused, both kept once.
        List<ThreadNode> loop = Threader.thread(List.of(msg("1", "a", 0, "2"), msg("2", "b", 1, "1")));
        assertEquals(2, loop.stream().mapToInt(ThreadNode::messages).sum());
    }

    @Test
    void repliesToAMissingParentAreSiblingsNeverOneTheOthersReply() {
        // Hunt 38-Q, Q3: b and c answer x, which is not here; d answers b. d2 and c2 answer y2 and y1, neither here.
        Envelope b = msg("b", "b", 1, "x"), c = msg("c", "c", 2, "x"), d = msg("d", "d", 3, "x", "b");
        List<Envelope> m = List.of(b, c, d);
        IndexOrder o = IndexOrder.arrange(m, true, SortKey.DATE, false);
        assertEquals(List.of(",*>b", "| `->d", "`*>c"), o.rows(Set.of(), IndexOrder.Glyphs.ASCII).stream()
                .map(r -> r.prefix() + r.envelope().subject()).toList());
        assertEquals(List.of("\u250c*>b", "\u2502 \u2514\u2500>d", "\u2514*>c"), o.rows(Set.of(), IndexOrder.Glyphs.UNICODE).stream()
                .map(r -> r.prefix() + r.envelope().subject()).toList());
        IndexOrder.Rows rows = o.rows(Set.of(), IndexOrder.Glyphs.ASCII);
        assertEquals(b.ref(), rows.thread(2), "one thread, keyed by its first row");
        assertEquals(0, rows.firstOfThread(b.ref()));
        assertTrue(rows.parentMissing(0) && rows.parentMissing(2));
        assertFalse(rows.parentMissing(1), "d's parent b is here");
        List<IndexOrder.Row> folded = o.rows(o.collapsibleThreads(), IndexOrder.Glyphs.ASCII);
        assertEquals(1, folded.size());
        assertEquals(3, folded.get(0).collapsedMessages());
        assertEquals("", folded.get(0).prefix());
        // A missing grandparent: the chain y1, y2 is all placeholders; both replies are the first level.
        List<Envelope> chain = List.of(msg("g2", "g2", 1, "y1", "y2"), msg("g3", "g3", 2, "y1"));
        assertEquals(List.of(",*>g2", "`*>g3"), IndexOrder.arrange(chain, true, SortKey.DATE, false).rows(Set.of(), IndexOrder.Glyphs.ASCII)
                .stream().map(r -> r.prefix() + r.envelope().subject()).toList());
        // A missing message inside a thread: e answers x2, which answered a; e is drawn under a with the '*' tip, not
        // as a's own reply; f answers a itself. A lone reply to a missing message heads its thread, marked in the rows.
        Envelope a = msg("a", "a", 0), e = msg("e", "e", 1, "a", "x2"), f = msg("f", "f", 2, "a"), lone = msg("l", "lone", 3, "gone");
        IndexOrder.Rows spliced = IndexOrder.arrange(List.of(a, e, f, lone), true, SortKey.DATE, true).rows(Set.of(), IndexOrder.Glyphs.ASCII);
        List<String> drawn = new ArrayList<>();
        for (int i = 0; i < spliced.size(); i++) drawn.add(spliced.prefix(i) + spliced.get(i).envelope().subject() + (spliced.parentMissing(i) ? "?" : ""));
        assertEquals(List.of("a", "|*>e?", "`->f", "lone?"), drawn);
        // A linkless "Re:" joins the thread of its subject, here one whose first message is missing: a sibling too.
        List<Envelope> joined = List.of(msg("j1", "Re: Lost", 1, "x"), msg("j2", "Re: Lost", 2, "x"), msg("j3", "Re: Lost", 3));
        assertEquals(List.of(",*>", "|*>", "`*>"), IndexOrder.arrange(joined, true, SortKey.DATE, false).rows(Set.of(), IndexOrder.Glyphs.ASCII)
                .stream().map(IndexOrder.Row::prefix).toList());
        // u1 has no links of its own; u2's References put it under zz (missing): u1 heads its thread, answering nothing.
        Envelope u1 = msg("u1", "u1", 0), u2 = msg("u2", "u2", 1, "zz", "u1");
        IndexOrder.Rows mixed = IndexOrder.arrange(List.of(u2, u1), true, SortKey.DATE, false).rows(Set.of(), IndexOrder.Glyphs.ASCII);
        assertEquals(List.of("u1", "`->u2"), mixed.stream().map(r -> r.prefix() + r.envelope().subject()).toList());
        assertEquals(List.of(false, false), List.of(mixed.parentMissing(0), mixed.parentMissing(1)));
    }

    @Test
    void missingParentBecomesAPlaceholderHoldingItsChildren() {
        // 1 is not in the folder; 2 and 3 both reply to it.
        List<ThreadNode> roots = Threader.thread(List.of(msg("2", "b", 1, "1"), msg("3", "c", 2, "1")));
        assertEquals(1, roots.size());
        assertTrue(roots.get(0).placeholder());
        assertEquals("?1(b,c)", shape(roots));
        assertEquals(2, roots.get(0).messages());
    }

    @Test
    void placeholderWithOneChildIsPrunedAndInnerPlaceholdersSpliced() {
        // 3 references 1 (missing) and 2 (missing): no empty containers stay in the chain.
        assertEquals("c", shape(Threader.thread(List.of(msg("3", "c", 2, "1", "2")))));
        // 4 -> missing 2 -> root 1: 4 hangs directly under 1.
        assertEquals("a(d)", shape(Threader.thread(List.of(msg("1", "a", 0), msg("4", "d", 3, "1", "2")))));
    }

    @Test
    void cyclesAreBrokenAndEveryMessageStaysExactlyOnce() {
        // 1 says its parent is 2, 2 says its parent is 1; 3 references itself.
        List<Envelope> m = List.of(msg("1", "a", 0, "2"), msg("2", "b", 1, "1"), msg("3", "c", 2, "3"),
                msg("4", "d", 3, "4", "1"));
        List<ThreadNode> roots = Threader.thread(m);
        int total = roots.stream().mapToInt(ThreadNode::messages).sum();
        assertEquals(4, total);
        for (ThreadNode r : roots) assertNull(r.parent());
        assertTrue(shape(roots).contains("c"));
        // A long cyclic reference chain terminates too.
        List<Envelope> ring = new ArrayList<>();
        for (int i = 0; i < 50; i++) ring.add(msg("r" + i, "r" + i, i, "r" + ((i + 1) % 50)));
        assertEquals(50, Threader.thread(ring).stream().mapToInt(ThreadNode::messages).sum());
    }

    @Test
    void duplicateMessageIdsKeepBothMessages() {
        List<Envelope> m = List.of(msg("1", "a", 0), msg("1", "a copy", 1), msg("2", "b", 2, "1"), msg(null, "noid", 3));
        List<ThreadNode> roots = Threader.thread(m);
        assertEquals(4, roots.stream().mapToInt(ThreadNode::messages).sum());
        assertEquals("a(b) a copy noid", shape(roots));
    }

    @Test
    void linklessRepliesJoinTheirThreadBySubject() {
        List<Envelope> m = List.of(msg("1", "[dev] Build broken", 0), msg("2", "Re: [dev] build  BROKEN", 1),
                msg("3", "AW: Re: Build broken", 2), msg("4", "Weekly report", 3), msg("5", "Weekly report", 4),
                msg("6", "SV: Fwd: lunch?", 5), msg("7", "Re: lunch?", 6));
        String s = shape(Threader.thread(m));
        assertEquals("SV: Fwd: lunch?(Re: lunch?) Weekly report Weekly report [dev] Build broken(AW: Re: Build broken,Re: [dev] build  BROKEN)", s);
    }

    @Test
    void messagesWithLinksAreNotMovedBySubject() {
        List<Envelope> m = List.of(msg("1", "Hello", 0), msg("2", "Re: Hello", 1, "x-missing"));
        assertEquals("Hello Re: Hello", shape(Threader.thread(m)));
    }

    @Test
    void normalisesSubjects() {
        assertEquals("build broken", Subjects.normalise("Re: RE: Fwd: [dev] Build   broken"));
        assertEquals("x", Subjects.normalise("AW: SV: Antw: Re[2]: x"));
        assertEquals("x", Subjects.normalise("[list] [other] Fw: x (fwd)"));
        assertEquals("", Subjects.normalise(null));
        assertEquals("regarding", Subjects.normalise("Regarding"));
        assertTrue(Subjects.isReply("[dev] Re: x"));
        assertFalse(Subjects.isReply("[dev] x"));
        assertFalse(Subjects.isReply("Reading list"));
    }

    @Test
    void rowsDrawTheTreeAndCollapseToOneRowWithCounts() {
        Envelope a = msg("1", "a", 0), b = msg("2", "b", 1, "1"), c = msg("3", "c", 2, "1", "2"), d = msg("4", "d", 3, "1");
        Envelope unread = new Envelope(d.ref(), d.messageId(), d.date(), d.from(), d.to(), d.cc(), d.subject(), d.size(),
                Flags.NONE, d.inReplyTo(), d.references(), null);
        Envelope z = msg("9", "z", 10);
        IndexOrder o = IndexOrder.arrange(List.of(c, a, z, unread, b), true, SortKey.DATE, false);
        List<IndexOrder.Row> rows = o.rows(Set.of(), IndexOrder.Glyphs.ASCII);
        assertEquals(List.of("z", "a", "|->b", "| `->c", "`->d"),
                rows.stream().map(r -> r.prefix() + r.envelope().subject()).collect(Collectors.toList()));
        List<IndexOrder.Row> collapsed = o.rows(o.collapsibleThreads(), IndexOrder.Glyphs.ASCII);
        assertEquals(2, collapsed.size());
        assertEquals(4, collapsed.get(1).collapsedMessages());
        assertEquals(1, collapsed.get(1).collapsedUnread());
        assertEquals(1, ((IndexOrder.Rows) collapsed).message(1), "the collapsed row is the thread's first message, a");
        assertEquals(a.ref(), collapsed.get(1).envelope().ref());
        assertEquals(a.ref(), collapsed.get(1).thread());
        // Reverse puts the oldest thread first; activity puts the thread with the newest reply first.
        assertEquals("a", IndexOrder.arrange(List.of(a, b, c, d, z), true, SortKey.DATE, true).rows(Set.of(), IndexOrder.Glyphs.ASCII).get(0).envelope().subject());
        Envelope late = msg("5", "e", 20, "1");
        assertEquals("a", IndexOrder.arrange(List.of(a, b, c, d, z, late), true, SortKey.ACTIVITY, false).rows(Set.of(), IndexOrder.Glyphs.ASCII).get(0).envelope().subject());
        assertEquals("z", IndexOrder.arrange(List.of(a, b, c, d, z, late), true, SortKey.DATE, false).rows(Set.of(), IndexOrder.Glyphs.ASCII).get(0).envelope().subject());
    }

    /** The envelopes given, in the order the rows show them. */
    static List<Envelope> shown(List<Envelope> given, boolean threaded, SortKey key, boolean reverse) {
        IndexOrder.Rows rows = IndexOrder.arrange(given, threaded, key, reverse).rows(Set.of(), IndexOrder.Glyphs.ASCII);
        List<Envelope> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) out.add(given.get(rows.message(i)));
        return out;
    }

    @Test
    void flatSortsBySizeSubjectAndSender() {
        Envelope a = msg("1", "Re: beta", 0), b = msg("2", "alpha", 1), c = msg("3", "gamma", 2);
        assertEquals(List.of(c, b, a), shown(List.of(a, b, c), false, SortKey.SIZE, false));
        assertEquals(List.of(b, a, c), shown(List.of(a, b, c), false, SortKey.SUBJECT, false));
        assertEquals(List.of(a, b, c), shown(List.of(c, b, a), false, SortKey.SIZE, true));
    }

    // ---- hostile threading headers: time, stack and memory stay bounded --------------------------------------

    /** Every message of the arrangement is shown exactly once, and the deepest row's tree prefix is short. */
    private static void assertDrawn(List<Envelope> m, int expectedRoots) {
        IndexOrder.Rows rows = IndexOrder.arrange(m, true, SortKey.DATE, false).rows(Set.of(), IndexOrder.Glyphs.UNICODE);
        assertEquals(m.size(), rows.size(), "every message has its row");
        java.util.BitSet seen = new java.util.BitSet();
        int longest = 0;
        for (int i = 0; i < rows.size(); i++) {
            seen.set(rows.message(i));
            longest = Math.max(longest, rows.prefix(i).length());
        }
        assertEquals(m.size(), seen.cardinality(), "no message twice");
        assertTrue(longest <= 3 + 2 * IndexOrder.MAX_INDENT, "the indent is capped: " + longest + " chars");
        assertEquals(expectedRoots, Threader.thread(m).size());
    }

    @Test
    void aThreadTwentyThousandDeepThreadsAndDrawsInTime() {
        int depth = 20_000;
        List<Envelope> m = new ArrayList<>(depth);
        m.add(msg("d0", "deep", 0));
        // Each replies to the one before, naming the root and its parent, as mailers trim References.
        for (int i = 1; i < depth; i++) m.add(msg("d" + i, "Re: deep", i, "d0", "d" + (i - 1)));
        long t0 = System.nanoTime();
        List<ThreadNode> roots = Threader.thread(m);
        assertEquals(1, roots.size());
        assertEquals(depth, roots.get(0).messages());
        List<Envelope> reversed = new ArrayList<>(m);
        java.util.Collections.reverse(reversed);
        assertEquals(1, Threader.thread(reversed).size(), "arrival order does not matter");
        assertDrawn(m, 1);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 15_000, "a 20,000-deep thread took " + ms + " ms");
    }

    @Test
    void aHundredThousandReferencesThreadInTime() {
        String[] refs = new String[100_000];
        for (int i = 0; i < refs.length; i++) refs[i] = "r" + i;
        List<Envelope> m = List.of(msg("big", "Re: long chain", 1, refs), msg("r5", "five", 0), msg("other", "Re: x", 2, "r99999"));
        long t0 = System.nanoTime();
        List<ThreadNode> roots = Threader.thread(m);
        assertEquals(1, roots.size(), "all three hang off the one chain");
        assertEquals(3, roots.get(0).messages());
        assertDrawn(m, 1);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 15_000, "a 100,000-id References chain took " + ms + " ms");
    }

    @Test
    void referenceCyclesNeverLoop() {
        // A refs B, B refs A; C refs itself; D's References name D's own id between others; E and F name each other
        // through long chains that cross.
        List<Envelope> m = new ArrayList<>(List.of(msg("A", "a", 0, "B"), msg("B", "b", 1, "A"), msg("C", "c", 2, "C"),
                msg("D", "d", 3, "x", "D", "y"), msg("E", "e", 4, "F", "p", "q"), msg("F", "f", 5, "q", "p", "E")));
        List<ThreadNode> roots = Threader.thread(m);
        int total = 0;
        for (ThreadNode r : roots) total += r.messages();
        assertEquals(m.size(), total, "every message exactly once");
        assertDrawn(m, roots.size());
    }

    @Test
    void aHundredThousandRepliesThroughMissingMessagesThreadInTime() {
        // Each names the root and a message of its own that is not here: 100,000 placeholders under one root, each
        // spliced out when the placeholders are pruned (8.9 s at 50,000 when each splice copied the whole list).
        List<Envelope> m = new ArrayList<>();
        m.add(msg("root", "wide", 0));
        for (int i = 1; i <= 100_000; i++) m.add(msg("w" + i, "Re: wide", 1, "root", "missing" + i));
        long t0 = System.nanoTime();
        List<ThreadNode> roots = Threader.thread(m);
        assertEquals(1, roots.size());
        assertEquals(100_001, roots.get(0).messages());
        assertEquals(100_000, roots.get(0).children().size(), "the placeholders are spliced out");
        assertDrawn(m, 1);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 15_000, "100,000 replies through missing messages took " + ms + " ms");
    }
}

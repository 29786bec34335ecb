package dev.postern.thread;

import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import java.util.AbstractList;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A folder's messages arranged for the index: sorted flat, or as sorted threads that {@link #rows} turns into one
 * row per shown message with its tree prefix. Held as message numbers over {@link Columns} (an int a message, the
 * threads' shape kept once in the columns), never as envelope objects. Building (threading, sorting) is the slow
 * part and runs off the UI thread; {@link #rows} with another set of collapsed threads is cheap.
 */
public final class IndexOrder {
    /**
     * How many levels a reply is drawn indented at most; deeper replies are drawn at this level. A chain thousands deep
     * (a list bot, a hostile sender) would otherwise need a prefix as long as the chain on every row: memory growing
     * with the square of the depth, and nothing of the subject left on the screen.
     */
    static final int MAX_INDENT = 24;

    /**
     * Tree drawing: Unicode box drawing, or plain ASCII for terminals that cannot show it. The replies to a parent
     * that is not in the folder (JWZ's placeholder) are drawn as mutt draws them under its hidden parent: siblings at
     * the first level, the arrow's tip a {@code *} ("\u250c*>", "\u251c*>", "\u2514*>"; ASCII ",*>", "|*>", "`*>"), never
     * one of them as the others' parent.
     */
    public enum Glyphs {
        UNICODE("\u2502 ", "  ", "\u251c\u2500>", "\u2514\u2500>", "\u250c*>", "\u251c*>", "\u2514*>"),
        ASCII("| ", "  ", "|->", "`->", ",*>", "|*>", "`*>");

        final String down;
        final String blank;
        final String tee;
        final String last;
        final String missingFirst;
        final String missingTee;
        final String missingLast;

        Glyphs(String down, String blank, String tee, String last, String missingFirst, String missingTee, String missingLast) {
            this.down = down;
            this.blank = blank;
            this.tee = tee;
            this.last = last;
            this.missingFirst = missingFirst;
            this.missingTee = missingTee;
            this.missingLast = missingLast;
        }
    }

    /**
     * One index row, made when asked for. {@code envelope} is cut ({@link Columns#envelope}); {@code prefix} is the
     * tree drawn before the subject ("" in flat view and for thread roots; a missing parent's replies have theirs); {@code thread} identifies the thread the
     * row belongs to; on a collapsed thread's row {@code collapsedMessages} / {@code collapsedUnread} count the whole
     * thread, else both are 0.
     */
    public record Row(Envelope envelope, String prefix, MessageRef thread, int collapsedMessages, int collapsedUnread) {
        public boolean collapsed() { return collapsedMessages > 0; }
    }

    private final Columns cols;
    private final boolean threaded;
    private final SortKey key;
    private final boolean reverse;
    private final int[] order; // flat: message numbers in order; threaded: root positions in the forest, in order

    private IndexOrder(Columns cols, boolean threaded, SortKey key, boolean reverse, int[] order) {
        this.cols = cols;
        this.threaded = threaded;
        this.key = key;
        this.reverse = reverse;
        this.order = order;
    }

    public boolean threaded() { return threaded; }

    public SortKey key() { return key; }

    public boolean reverse() { return reverse; }

    /** The messages arranged; a row's {@link Rows#message} numbers them. */
    public Columns columns() { return cols; }

    /** Sorts (and, when {@code threaded}, threads) the envelopes; message {@code i} of the rows is the i-th of them. */
    public static IndexOrder arrange(Collection<Envelope> envelopes, boolean threaded, SortKey key, boolean reverse) {
        return arrange(Columns.of(envelopes), threaded, key, reverse);
    }

    /** Sorts (and, when {@code threaded}, threads) the messages of {@code cols}. */
    public static IndexOrder arrange(Columns cols, boolean threaded, SortKey key, boolean reverse) {
        IntComparator byKey = byKey(cols, key);
        if (!threaded) {
            IntComparator c = byKey;
            if (key == SortKey.ACTIVITY) {
                // Each message ordered by when its thread last moved, then by its own date.
                Forest f = cols.forest();
                int[] root = f.rootOfMessages(cols.size());
                long[] latest = f.rootLatests();
                IntComparator own = byKey;
                c = (a, b) -> {
                    int d = Long.compare(activity(latest, root[b]), activity(latest, root[a]));
                    return d != 0 ? d : own.compare(a, b);
                };
            }
            int[] idx = new int[cols.size()];
            for (int i = 0; i < idx.length; i++) idx[i] = i;
            sort(idx, reverse ? reversed(c) : c);
            return new IndexOrder(cols, false, key, reverse, idx);
        }
        Forest f = cols.forest();
        int[] rep = new int[f.roots()];
        for (int r = 0; r < rep.length; r++) rep[r] = f.representative(f.root(r));
        long[] latest = key == SortKey.ACTIVITY ? f.rootLatests() : null;
        IntComparator c = key == SortKey.ACTIVITY
                ? (a, b) -> {
                    int d = Long.compare(activity(latest, b), activity(latest, a));
                    return d != 0 ? d : byKey.compare(rep[a], rep[b]);
                }
                : (a, b) -> byKey.compare(rep[a], rep[b]);
        int[] roots = new int[f.roots()];
        for (int r = 0; r < roots.length; r++) roots[r] = r;
        sort(roots, reverse ? reversed(c) : c);
        return new IndexOrder(cols, true, key, reverse, roots);
    }

    private static long activity(long[] rootLatest, int root) {
        long l = rootLatest[root];
        return l == Columns.NO_DATE ? 0 : l;
    }

    /** Two message numbers compared. */
    @FunctionalInterface
    interface IntComparator {
        int compare(int a, int b);
    }

    private static IntComparator reversed(IntComparator c) {
        return (a, b) -> c.compare(b, a);
    }

    /**
     * The natural order of {@code key} over messages (ACTIVITY compares by the message's own date here), ties newest
     * first, then by UID, so the order is stable from one rebuild to the next. The folded sender or subject is made
     * once per distinct string, not on every comparison.
     */
    private static IntComparator byKey(Columns c, SortKey key) {
        IntComparator first = switch (key) {
            case DATE, ACTIVITY -> (a, b) -> Long.compare(c.sortDate(b), c.sortDate(a));
            case FROM -> folded(c, true);
            case SUBJECT -> folded(c, false);
            case SIZE -> (a, b) -> Long.compare(c.messageSize(b), c.messageSize(a));
        };
        return (a, b) -> {
            int d = first.compare(a, b);
            if (d != 0) return d;
            d = Long.compare(c.sortDate(b), c.sortDate(a));
            return d != 0 ? d : Long.compare(-c.uid(a), -c.uid(b));
        };
    }

    private static IntComparator folded(Columns c, boolean sender) {
        // Folded once per distinct string, compared by rank: no string is folded during the sort itself. Ordered as
        // people read (SortKey.reading: "Åsa" beside "Ana", not after "Zoë"), then by the folded text itself, so
        // "zoe" comes just before "zoë" and strings that read alike stay apart.
        String[] folded = new String[c.texts()];
        String[] reading = new String[folded.length];
        Integer[] byFolded = new Integer[folded.length];
        for (int k = 0; k < folded.length; k++) {
            String s = c.text(k);
            folded[k] = sender ? SortKey.sender(s) : Subjects.normalise(s);
            reading[k] = SortKey.reading(folded[k]);
            byFolded[k] = k;
        }
        Arrays.sort(byFolded, (x, y) -> {
            int d = reading[x].compareTo(reading[y]);
            return d != 0 ? d : folded[x].compareTo(folded[y]);
        });
        int[] rank = new int[folded.length];
        for (int r = 0, k = 0; k < byFolded.length; k++) {
            if (k > 0 && !folded[byFolded[k]].equals(folded[byFolded[k - 1]])) r = k;
            rank[byFolded[k]] = r;
        }
        return sender ? (a, b) -> Integer.compare(rank[c.fromText(a)], rank[c.fromText(b)])
                : (a, b) -> Integer.compare(rank[c.subjectText(a)], rank[c.subjectText(b)]);
    }

    /** A stable merge sort of ints (List.sort's guarantee, without a boxed Integer a message). */
    static void sort(int[] a, IntComparator c) {
        if (a.length < 2) return;
        int[] tmp = new int[a.length];
        for (int width = 1; width < a.length; width *= 2) {
            for (int lo = 0; lo < a.length; lo += 2 * width) {
                int mid = Math.min(lo + width, a.length);
                int hi = Math.min(lo + 2 * width, a.length);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) tmp[k++] = c.compare(a[j], a[i]) < 0 ? a[j++] : a[i++];
                while (i < mid) tmp[k++] = a[i++];
                while (j < hi) tmp[k++] = a[j++];
            }
            System.arraycopy(tmp, 0, a, 0, a.length);
        }
    }

    /** How many messages the arrangement holds. */
    public int size() {
        if (!threaded) return order.length;
        Forest f = cols.forest();
        int n = 0;
        for (int r : order) n += f.rootMessages(r);
        return n;
    }

    /** The message of root {@code r}'s first row: a placeholder root's is its oldest child's. */
    private int head(Forest f, int r) {
        return f.representative(f.root(r));
    }

    /** Keys of every thread with more than one message (what "collapse all" collapses): the ref of its first row. */
    public Set<MessageRef> collapsibleThreads() {
        Set<MessageRef> out = new HashSet<>();
        if (!threaded) return out;
        Forest f = cols.forest();
        for (int r : order) if (f.rootMessages(r) > 1) out.add(cols.ref(head(f, r)));
        return out;
    }

    /** One row per visible message; a thread whose key is in {@code collapsed} shows only its first row. */
    public Rows rows(Set<MessageRef> collapsed, Glyphs glyphs) {
        if (!threaded) return new Rows(order.clone(), null, null, null, null);
        Forest f = cols.forest();
        int n = 0;
        for (int r : order) n += f.rootMessages(r);
        int[] msg = new int[n];
        int[] root = new int[n];
        int[] prefix = new int[n];
        BitSet folded = new BitSet();
        // Tree prefixes repeat ("|->" on most replies): each distinct one is kept once, numbered.
        Map<String, Integer> prefixes = new HashMap<>();
        prefixes.put("", 0);
        int at = 0;
        for (int r : order) {
            int node = f.root(r);
            // A placeholder root (the common parent is missing) draws no row: its children are the thread's first
            // level, marked as answering a missing message; the oldest one's row is the thread's first (its key).
            boolean missing = f.message(node) < 0;
            int head = missing ? f.kid(node, 0) : node;
            if (!collapsed.isEmpty() && f.rootMessages(r) > 1 && collapsed.contains(cols.ref(f.message(head)))) {
                msg[at] = f.message(head);
                root[at] = r;
                folded.set(at++);
                continue;
            }
            if (!missing) {
                msg[at] = f.message(head);
                root[at++] = r;
            }
            int[] top = new int[f.kidCount(node)];
            for (int k = 0; k < top.length; k++) top[k] = f.kid(node, k);
            at = walk(f, top, r, glyphs, missing, msg, root, prefix, prefixes, at);
        }
        String[] table = new String[prefixes.size()];
        for (Map.Entry<String, Integer> e : prefixes.entrySet()) table[e.getValue()] = e.getKey();
        return new Rows(Arrays.copyOf(msg, at), Arrays.copyOf(root, at), Arrays.copyOf(prefix, at), table, folded);
    }

    /**
     * Depth-first over the children of a head row (or, {@code missing}, of a placeholder root: drawn with the
     * missing-parent arrows), drawing the tree; iterative for very deep threads.
     */
    private static int walk(Forest f, int[] top, int r, Glyphs g, boolean missing, int[] msg, int[] root, int[] prefix,
                            Map<String, Integer> prefixes, int at) {
        record Frame(int[] siblings, int next, String indent, int depth) {}
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(top, 0, "", 0));
        while (!stack.isEmpty()) {
            Frame fr = stack.pop();
            if (fr.next >= fr.siblings.length) continue;
            int n = fr.siblings[fr.next];
            boolean last = fr.next == fr.siblings.length - 1;
            stack.push(new Frame(fr.siblings, fr.next + 1, fr.indent, fr.depth));
            // The first level under a placeholder root opens with a corner; a reply drawn under an ancestor because
            // the message it answers is missing (spliced out, or hidden by a limit) has the same '*' tip.
            // Every child of a placeholder root has the tip (also a linkless "Re:" its subject joined there).
            boolean star = missing && fr.depth == 0 || f.message(n) >= 0 && f.parentMissing(f.message(n));
            String arrow = missing && fr.depth == 0 && fr.next == 0 && !last ? g.missingFirst
                    : star ? (last ? g.missingLast : g.missingTee)
                    : last ? g.last : g.tee;
            String p = fr.indent + arrow;
            msg[at] = f.message(n);
            root[at] = r;
            prefix[at] = prefixes.computeIfAbsent(p, x -> prefixes.size());
            at++;
            int kids = f.kidCount(n);
            if (kids > 0) {
                int[] children = new int[kids];
                for (int k = 0; k < kids; k++) children[k] = f.kid(n, k);
                // Past MAX_INDENT levels the replies stay at that level: the prefix no longer grows with the depth.
                String indent = fr.depth >= MAX_INDENT ? fr.indent : fr.indent + (last ? g.blank : g.down);
                stack.push(new Frame(children, 0, indent, fr.depth + 1));
            }
        }
        return at;
    }

    /**
     * The rows of an arrangement with a set of collapsed threads: a message number, a thread and a tree prefix a row,
     * in int arrays. {@link #get} makes a {@link Row} (with a cut envelope) when asked; the accessors read without
     * making one.
     */
    public final class Rows extends AbstractList<Row> {
        private final int[] msg;
        private final int[] root;       // null when flat
        private final int[] prefix;
        private final String[] prefixes;
        private final BitSet folded;    // rows standing for a collapsed thread

        private Rows(int[] msg, int[] root, int[] prefix, String[] prefixes, BitSet folded) {
            this.msg = msg;
            this.root = root;
            this.prefix = prefix;
            this.prefixes = prefixes;
            this.folded = folded;
        }

        @Override
        public int size() { return msg.length; }

        @Override
        public Row get(int i) {
            Envelope e = cols.envelope(msg[i]);
            if (root == null) return new Row(e, "", e.ref(), 0, 0);
            Forest f = cols.forest();
            boolean fold = folded.get(i);
            return new Row(e, prefix(i), thread(i), fold ? f.rootMessages(root[i]) : 0, fold ? f.rootUnread(root[i]) : 0);
        }

        /** The message of row {@code i}: its number in {@link #columns} (for envelopes given, their position). */
        public int message(int i) { return msg[i]; }

        public MessageRef ref(int i) { return cols.ref(msg[i]); }

        /** The tree drawn before row {@code i}'s subject ("" when flat and on a thread's first message; a reply to a
         * missing parent has one, ending in {@code *>}, on the first row too). */
        public String prefix(int i) { return root == null ? "" : prefixes[prefix[i]]; }

        /**
         * Whether row {@code i}'s message answers one that is not here (not among these messages: absent from the
         * folder, or outside a limit): its tree ends in {@code *>}, or it is its thread's first row. False when flat.
         */
        public boolean parentMissing(int i) { return root != null && cols.forest().parentMissing(msg[i]); }

        /** The key of row {@code i}'s thread: the ref of the thread's first row (flat: the row's own). */
        public MessageRef thread(int i) {
            return root == null ? ref(i) : cols.ref(head(cols.forest(), root[i]));
        }

        /** The row showing {@code ref}, or -1. */
        public int rowOf(MessageRef ref) {
            int m = cols.indexOf(ref);
            if (m < 0) return -1;
            for (int i = 0; i < msg.length; i++) if (msg[i] == m) return i;
            return -1;
        }

        /** The first row of the thread whose key is {@code thread}, or -1. */
        public int firstOfThread(MessageRef thread) {
            if (root == null) return rowOf(thread);
            int m = cols.indexOf(thread);
            if (m < 0) return -1;
            Forest f = cols.forest();
            for (int i = 0; i < msg.length; i++) if (head(f, root[i]) == m) return i;
            return -1;
        }

        /** The rows' cut envelopes in order, each made when read (for a subject search over the shown order). */
        public List<Envelope> envelopes() {
            return new AbstractList<>() {
                @Override
                public Envelope get(int i) { return cols.envelope(msg[i]); }

                @Override
                public int size() { return msg.length; }
            };
        }
    }
}

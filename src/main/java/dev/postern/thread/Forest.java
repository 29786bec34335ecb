package dev.postern.thread;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The threads of a {@link Columns}, after Jamie Zawinski's algorithm (https://www.jwz.org/doc/threading.html), in int
 * arrays: parents from References (the last entry; In-Reply-To only when References does not name it), a placeholder
 * for each referenced message that is not here, links that would make a cycle refused (a message's own parent wins over
 * a link only another message's References implied), then placeholders pruned (only a root placeholder with two or
 * more children stays; {@link IndexOrder} draws its children as siblings under a missing parent).
 * Messages with no links at all are then joined by normalised subject: a "Re:" with no References goes under the
 * thread that carries its subject. Children are kept in the order they were written (date, then UID), which no sort
 * of the index changes; the roots' order is the arrangement's ({@link IndexOrder}).
 *
 * <p>Nodes are numbered depth first from each root in turn, so a thread's nodes are one run of numbers: from its
 * root's to the next root's. Node {@code n} is message {@link #message}(n) or a placeholder (-1). About 12 bytes a
 * message once built; building holds the links a few MB more for a moment. What a thread counts (messages, unread,
 * its newest date) is read off its run when asked, not kept for every thread (1.6 MB at 100,000 messages). Immutable
 * once built.
 */
final class Forest {
    private final Columns c;
    private final int[] message;      // per node: message index, or -1 for a placeholder
    private final int[] kidFrom;      // kids of node n: kids[kidFrom[n] .. kidFrom[n + 1])
    private final int[] kids;
    private final int[] roots;        // root nodes, ascending (each thread's first node)
    private final int[] keyedRoots;   // the placeholder roots (positions in roots), ascending
    private final int[] keyedRootIds; // and the number of the Message-ID each stands for
    private final BitSet orphans;     // messages (by index) whose parent is not here: drawn under an ancestor or at the top

    private Forest(Columns c, int[] message, int[] kidFrom, int[] kids, int[] roots, int[] keyedRoots, int[] keyedRootIds,
                   BitSet orphans) {
        this.c = c;
        this.message = message;
        this.kidFrom = kidFrom;
        this.kids = kids;
        this.roots = roots;
        this.keyedRoots = keyedRoots;
        this.keyedRootIds = keyedRootIds;
        this.orphans = orphans;
    }

    /**
     * Whether message {@code m} answers a message that is not here (its References' last entry, or the message a
     * missing one answered, is absent): it is drawn at the top of its thread, as a placeholder root's child, or
     * under its nearest ancestor that is here.
     */
    boolean parentMissing(int m) { return orphans.get(m); }

    /** The number of the Message-ID ({@link Columns#id}) placeholder root {@code r} stands for; -1 for a message. */
    int rootKey(int r) {
        int at = Arrays.binarySearch(keyedRoots, r);
        return at < 0 ? -1 : keyedRootIds[at];
    }

    int roots() { return roots.length; }

    int root(int r) { return roots[r]; }

    /** One past the last node of thread {@code r}. */
    private int rootEnd(int r) { return r + 1 < roots.length ? roots[r + 1] : message.length; }

    int rootMessages(int r) {
        int n = 0;
        for (int k = roots[r], end = rootEnd(r); k < end; k++) if (message[k] >= 0) n++;
        return n;
    }

    int rootUnread(int r) {
        int n = 0;
        for (int k = roots[r], end = rootEnd(r); k < end; k++) if (message[k] >= 0 && c.unread(message[k])) n++;
        return n;
    }

    /** The newest date of thread {@code r}'s messages; Columns.NO_DATE when none has one. */
    long rootLatest(int r) {
        long newest = Columns.NO_DATE;
        for (int k = roots[r], end = rootEnd(r); k < end; k++) {
            long d = message[k] < 0 ? Columns.NO_DATE : c.dateMillis(message[k]);
            if (d != Columns.NO_DATE && (newest == Columns.NO_DATE || d > newest)) newest = d;
        }
        return newest;
    }

    /** {@link #rootLatest} of every thread, in one pass (for a sort, which asks for each many times). */
    long[] rootLatests() {
        long[] out = new long[roots.length];
        for (int r = 0; r < out.length; r++) out[r] = rootLatest(r);
        return out;
    }

    int nodes() { return message.length; }

    int message(int node) { return message[node]; }

    int kidCount(int node) { return kidFrom[node + 1] - kidFrom[node]; }

    int kid(int node, int k) { return kids[kidFrom[node] + k]; }

    /** The message that stands for a node: its own, or a placeholder's first child's. */
    int representative(int node) {
        int n = node;
        while (message[n] < 0 && kidCount(n) > 0) n = kid(n, 0);
        return message[n];
    }

    /** The root (position in {@link #root}) of every message. */
    int[] rootOfMessages(int messages) {
        int[] out = new int[messages];
        Deque<Integer> stack = new ArrayDeque<>();
        for (int r = 0; r < roots.length; r++) {
            stack.push(roots[r]);
            while (!stack.isEmpty()) {
                int n = stack.pop();
                if (message[n] >= 0) out[message[n]] = r;
                for (int k = 0; k < kidCount(n); k++) stack.push(kid(n, k));
            }
        }
        return out;
    }

    static Forest of(Columns c) {
        return new Building(c).build();
    }

    /** The mutable forest while it is made. */
    private static final class Building {
        private final Columns c;
        private int nodes;
        private int[] message;
        private int[] parent;
        private int[][] kids;
        private int[] kidCount;
        private int[] key;                // a placeholder's (or a message's) Message-ID number, when keyed
        private final BitSet keyed = new BitSet();
        private final BitSet own = new BitSet();    // a node whose parent its own message's References (or In-Reply-To) named
        private final BitSet orphan = new BitSet(); // a message whose own headers name a parent that is missing
        private final int[] byId;         // Message-ID number to its node, -1: none yet

        Building(Columns c) {
            this.c = c;
            int cap = Math.max(16, c.size() + c.size() / 4);
            message = new int[cap];
            parent = new int[cap];
            kids = new int[cap][];
            kidCount = new int[cap];
            key = new int[cap];
            byId = new int[c.ids()];
            Arrays.fill(byId, -1);
        }

        private int newNode() {
            if (nodes == message.length) {
                int cap = nodes * 2;
                message = Arrays.copyOf(message, cap);
                parent = Arrays.copyOf(parent, cap);
                kids = Arrays.copyOf(kids, cap);
                kidCount = Arrays.copyOf(kidCount, cap);
                key = Arrays.copyOf(key, cap);
            }
            int n = nodes++;
            message[n] = -1;
            parent[n] = -1;
            return n;
        }

        private int keyedNode(int id) {
            int n = newNode();
            key[n] = id;
            keyed.set(n);
            byId[id] = n;
            return n;
        }

        private void add(int p, int child) {
            if (kids[p] == null) kids[p] = new int[2];
            else if (kidCount[p] == kids[p].length) kids[p] = Arrays.copyOf(kids[p], kidCount[p] * 2);
            kids[p][kidCount[p]++] = child;
            parent[child] = p;
        }

        private int indexOfKid(int p, int child) {
            for (int k = 0; k < kidCount[p]; k++) if (kids[p][k] == child) return k;
            return -1;
        }

        private void remove(int p, int child) {
            int at = indexOfKid(p, child);
            if (at >= 0) {
                System.arraycopy(kids[p], at + 1, kids[p], at, kidCount[p] - at - 1);
                kidCount[p]--;
            }
            parent[child] = -1;
        }

        /**
         * Whether {@code a} is {@code other} or one of its ancestors. A node with no children is nobody's ancestor, so
         * the walk up is needed only when {@code a} has some: without that, linking a new chain of n ids (one message's
         * References, which a hostile sender makes 100,000 long) walked the chain so far at each id, n * n / 2 steps.
         * The walk itself ends: links that would close a loop are refused, so the parents never form one.
         */
        private boolean isAncestorOrSelf(int a, int other) {
            if (a == other) return true;
            if (kidCount[a] == 0) return false;
            for (int n = other; n >= 0; n = parent[n]) if (n == a) return true;
            return false;
        }

        /**
         * {@code node} is an ancestor of {@code p}, which {@code node}'s own message names as its parent: cuts the
         * topmost link on the way up from {@code p} to {@code node} that only another message's References implied
         * (hunt 38-Q, Q2: a reply listing "s2 s1" had put s1 under s2 before s2 said it answers s1). False, and
         * nothing cut, when every link on the way is a message's own word: a real loop, whose closing link is refused.
         */
        private boolean cutImpliedLink(int node, int p) {
            int cut = -1;
            for (int n = p; n != node && n >= 0; n = parent[n]) if (!own.get(n)) cut = n;
            if (cut < 0) return false;
            remove(parent[cut], cut);
            return true;
        }

        Forest build() {
            for (int i = 0; i < c.size(); i++) {
                boolean has = c.hasId(i);
                int node = has ? byId[c.id(i)] : -1;
                if (node < 0) {
                    node = has ? keyedNode(c.id(i)) : newNode();
                } else if (message[node] >= 0) {
                    node = newNode(); // a second message with the same Message-ID still deserves its own place
                }
                message[node] = i;
                int prev = -1;
                for (int k = c.chainFrom(i); k < c.chainTo(i); k++) {
                    int ref = c.chainAt(k);
                    if (keyed.get(node) && key[node] == ref) continue; // a message naming itself as an ancestor
                    int r = byId[ref];
                    if (r < 0) r = keyedNode(ref);
                    // Earlier links win; a link that would close a loop is refused.
                    if (prev >= 0 && parent[r] < 0 && !isAncestorOrSelf(r, prev)) add(prev, r);
                    prev = r;
                }
                // The message's own References are authoritative for its parent: over a link another message's
                // References implied, and over such links that would make its own one close a loop.
                if (prev >= 0 && parent[node] != prev && (!isAncestorOrSelf(node, prev) || cutImpliedLink(node, prev))) {
                    if (parent[node] >= 0) remove(parent[node], node);
                    add(prev, node);
                }
                if (prev >= 0 && parent[node] == prev) own.set(node);
            }
            prune();
            List<Integer> rootList = new ArrayList<>();
            for (int n = 0; n < nodes; n++) if (parent[n] < 0 && (message[n] >= 0 || kidCount[n] > 0)) rootList.add(n);
            int[] rootNodes = joinBySubject(rootList);
            sortKidsByDate();
            return compact(rootNodes);
        }

        /**
         * Drops placeholders with no children, splices inner ones out, and a root one with a single child. Each kid list
         * that holds placeholders is rewritten once, their kids (and theirs, depth first) taking their place in order:
         * splicing one placeholder at a time copied the parent's whole list each time, which 50,000 replies each naming
         * the thread's root and a missing message of its own made 50,000 copies of 50,000. No recursion: a chain of
         * placeholders is as long as the References that made it.
         */
        /**
         * Marks message node {@code n}, whose parent is a placeholder, as answering a missing message: only when its
         * own headers name a parent. One without References or In-Reply-To that another message's References put
         * under a missing id ("zz u1": u1 answers zz) is not shown as a reply to anything.
         */
        private void orphaned(int n) {
            if (!c.linkless(message[n])) orphan.set(n);
        }

        private void prune() {
            int[] stackNode = new int[16];
            int[] stackAt = new int[16];
            for (int top = 0; top < nodes; top++) {
                if (kidCount[top] == 0 || (message[top] < 0 && parent[top] >= 0)) continue; // tops: messages, root placeholders
                boolean any = false;
                for (int k = 0; k < kidCount[top]; k++) {
                    int kid = kids[top][k];
                    if (message[kid] < 0) any = true;
                    else if (message[top] < 0) orphaned(kid); // a reply to the missing message a root placeholder is
                }
                if (!any) continue;
                int[] out = new int[kidCount[top]];
                int outN = 0;
                int sp = 0;
                stackNode[sp] = top;
                stackAt[sp++] = 0;
                while (sp > 0) {
                    int n = stackNode[sp - 1];
                    int at = stackAt[sp - 1];
                    if (at == kidCount[n]) {
                        sp--;
                        if (n != top) {
                            kids[n] = null;
                            kidCount[n] = 0;
                            parent[n] = -1;
                        }
                        continue;
                    }
                    stackAt[sp - 1] = at + 1;
                    int k = kids[n][at];
                    if (message[k] < 0) {
                        if (sp == stackNode.length) {
                            stackNode = Arrays.copyOf(stackNode, sp * 2);
                            stackAt = Arrays.copyOf(stackAt, sp * 2);
                        }
                        stackNode[sp] = k;
                        stackAt[sp++] = 0;
                    } else {
                        if (outN == out.length) out = Arrays.copyOf(out, outN * 2);
                        out[outN++] = k;
                        parent[k] = top;
                        if (n != top || message[top] < 0) orphaned(k); // its parent was a placeholder
                    }
                }
                kids[top] = outN == 0 ? null : Arrays.copyOf(out, outN);
                kidCount[top] = outN;
            }
            for (int n = 0; n < nodes; n++) {
                if (message[n] < 0 && parent[n] < 0 && kidCount[n] == 1) {
                    parent[kids[n][0]] = -1;
                    kids[n] = null;
                    kidCount[n] = 0;
                }
            }
        }

        private int representative(int node) {
            int n = node;
            while (message[n] < 0 && kidCount[n] > 0) n = kids[n][0];
            return message[n];
        }

        private boolean linklessReply(int root) {
            int m = message[root];
            return m >= 0 && c.linkless(m) && Subjects.isReply(c.subject(m));
        }

        /**
         * A root message without References/In-Reply-To whose subject says it is a reply ("Re: x") goes under the
         * thread whose root has subject "x" (preferring the original, else the oldest such reply). Two originals with
         * the same subject (a weekly report) stay apart. Only subjects that such a reply carries are grouped.
         */
        private int[] joinBySubject(List<Integer> roots) {
            Set<String> wanted = new HashSet<>();
            for (int r : roots) {
                if (linklessReply(r)) {
                    String s = Subjects.normalise(c.subject(message[r]));
                    if (!s.isEmpty()) wanted.add(s);
                }
            }
            BitSet moved = new BitSet();
            if (!wanted.isEmpty()) {
                Map<String, List<Integer>> bySubject = new LinkedHashMap<>();
                for (int r : roots) {
                    int m = representative(r);
                    String s = m < 0 ? "" : Subjects.normalise(c.subject(m));
                    if (wanted.contains(s)) bySubject.computeIfAbsent(s, k -> new ArrayList<>(2)).add(r);
                }
                for (List<Integer> group : bySubject.values()) {
                    if (group.size() < 2) continue;
                    int anchor = -1;
                    for (int r : group) if (!linklessReply(r) && (anchor < 0 || older(r, anchor))) anchor = r;
                    if (anchor < 0) for (int r : group) if (anchor < 0 || older(r, anchor)) anchor = r;
                    for (int r : group) {
                        if (r != anchor && linklessReply(r)) {
                            add(anchor, r);
                            moved.set(r);
                        }
                    }
                }
            }
            int[] out = new int[roots.size() - moved.cardinality()];
            int k = 0;
            for (int r : roots) if (!moved.get(r)) out[k++] = r;
            return out;
        }

        private boolean older(int a, int b) {
            long da = c.dateMillis(representative(a));
            long db = c.dateMillis(representative(b));
            if (da == Columns.NO_DATE) return false;
            if (db == Columns.NO_DATE) return true;
            return da < db;
        }

        /** Inside a thread replies read top to bottom in the order they were written: date, then UID. */
        private void sortKidsByDate() {
            for (int n = 0; n < nodes; n++) {
                if (kidCount[n] < 2) continue;
                Integer[] k = new Integer[kidCount[n]];
                for (int j = 0; j < k.length; j++) k[j] = kids[n][j];
                Arrays.sort(k, (x, y) -> {
                    int mx = representative(x);
                    int my = representative(y);
                    int d = Long.compare(mx < 0 ? 0 : c.sortDate(mx), my < 0 ? 0 : c.sortDate(my));
                    return d != 0 ? d : Long.compare(mx < 0 ? 0 : c.uid(mx), my < 0 ? 0 : c.uid(my));
                });
                for (int j = 0; j < k.length; j++) kids[n][j] = k[j];
            }
        }

        /** The kept form: nodes renumbered in depth-first order from the roots, children as one array. */
        private Forest compact(int[] rootNodes) {
            int[] number = new int[nodes];
            Arrays.fill(number, -1);
            int[] order = new int[nodes];
            int count = 0;
            Deque<Integer> stack = new ArrayDeque<>();
            for (int r : rootNodes) {
                stack.push(r);
                while (!stack.isEmpty()) {
                    int n = stack.pop();
                    number[n] = count;
                    order[count++] = n;
                    for (int k = kidCount[n] - 1; k >= 0; k--) stack.push(kids[n][k]);
                }
            }
            int[] msg = new int[count];
            int[] from = new int[count + 1];
            int total = 0;
            for (int i = 0; i < count; i++) total += kidCount[order[i]];
            int[] all = new int[total];
            int at = 0;
            for (int i = 0; i < count; i++) {
                int n = order[i];
                msg[i] = message[n];
                from[i] = at;
                for (int k = 0; k < kidCount[n]; k++) all[at++] = number[kids[n][k]];
            }
            from[count] = at;
            int[] roots = new int[rootNodes.length];
            int keyedCount = 0;
            for (int r : rootNodes) if (message[r] < 0) keyedCount++;
            int[] keyedAt = new int[keyedCount];
            int[] keyedIds = new int[keyedCount];
            for (int r = 0, k = 0; r < rootNodes.length; r++) {
                roots[r] = number[rootNodes[r]];
                if (message[rootNodes[r]] < 0) {
                    keyedAt[k] = r;
                    keyedIds[k++] = key[rootNodes[r]];
                }
            }
            BitSet orphans = new BitSet();
            for (int n = orphan.nextSetBit(0); n >= 0; n = orphan.nextSetBit(n + 1)) if (message[n] >= 0) orphans.set(message[n]);
            return new Forest(c, msg, from, all, roots, keyedAt, keyedIds, orphans);
        }
    }
}

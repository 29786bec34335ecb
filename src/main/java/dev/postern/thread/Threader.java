package dev.postern.thread;

import dev.postern.model.Envelope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A folder's threads as a tree of {@link ThreadNode}s over the envelopes themselves, for callers that want to walk
 * them. The threading is {@link Forest}'s (the index's own, over {@link Columns}); this only turns its int arrays
 * into nodes. Pure and single-threaded; the caller runs it off the UI thread for big folders.
 */
public final class Threader {
    private Threader() {}

    /** The roots of the threads, in no particular order; children in the order they were written. */
    public static List<ThreadNode> thread(List<Envelope> envelopes) {
        Columns cols = Columns.of(envelopes);
        Forest f = cols.forest();
        Map<Integer, String> names = new HashMap<>(); // a placeholder is named by the id that referenced it
        List<ThreadNode> roots = new ArrayList<>(f.roots());
        for (int r = 0; r < f.roots(); r++) {
            int rootNode = f.root(r);
            String name = null;
            if (f.message(rootNode) < 0) {
                if (names.isEmpty()) {
                    int i = 0;
                    for (Envelope e : envelopes) { // message i's chain in the columns numbers these ids, in this order
                        int k = cols.chainFrom(i++);
                        for (String ref : MessageIds.chain(e.references(), e.inReplyTo())) names.putIfAbsent(cols.chainAt(k++), ref);
                    }
                }
                name = names.get(f.rootKey(r));
            }
            ThreadNode root = new ThreadNode(name);
            Deque<Object[]> stack = new ArrayDeque<>();
            stack.push(new Object[] {rootNode, root});
            while (!stack.isEmpty()) {
                Object[] top = stack.pop();
                int n = (Integer) top[0];
                ThreadNode node = (ThreadNode) top[1];
                if (f.message(n) >= 0) node.message = envelopes.get(f.message(n));
                for (int k = 0; k < f.kidCount(n); k++) {
                    ThreadNode kid = new ThreadNode(null);
                    node.add(kid);
                    stack.push(new Object[] {f.kid(n, k), kid});
                }
            }
            summarise(root);
            roots.add(root);
        }
        return roots;
    }

    /** Counts and newest date per subtree, iteratively (reply chains can be thousands deep). */
    private static void summarise(ThreadNode root) {
        Deque<ThreadNode> order = new ArrayDeque<>();
        Deque<ThreadNode> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            ThreadNode n = stack.pop();
            order.push(n);
            for (ThreadNode c : n.children) stack.push(c);
        }
        for (ThreadNode n : order) { // children before parents
            n.messages = n.message == null ? 0 : 1;
            n.unread = ThreadNode.unread(n.message) ? 1 : 0;
            n.latest = n.message == null ? null : n.message.date();
            for (ThreadNode c : n.children) {
                n.messages += c.messages;
                n.unread += c.unread;
                if (c.latest != null && (n.latest == null || c.latest.isAfter(n.latest))) n.latest = c.latest;
            }
        }
    }
}

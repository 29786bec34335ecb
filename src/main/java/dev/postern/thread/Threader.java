package dev.postern.thread;

import dev.postern.model.Envelope;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups a folder's envelopes into threads, after Jamie Zawinski's algorithm
 * (https://www.jwz.org/doc/threading.html): parents from References and In-Reply-To, a placeholder for
 * each referenced message that is not here, links that would make a cycle refused, then placeholders
 * pruned. Messages with no links at all are then joined by normalised subject: a "Re:" with no
 * References goes under the thread that carries its subject. Pure and single-threaded; the caller runs
 * it off the UI thread for big folders.
 */
public final class Threader {
    private Threader() {}

    /** The roots of the threads, in no particular order (sort them with {@link ThreadSort}). */
    public static List<ThreadNode> thread(List<Envelope> envelopes) {
        Map<String, ThreadNode> byId = new HashMap<>(envelopes.size() * 2);
        List<ThreadNode> all = new ArrayList<>(envelopes.size() + 16);
        int synthetic = 0;
        for (Envelope e : envelopes) {
            String id = MessageIds.first(e.messageId());
            ThreadNode node = id == null ? null : byId.get(id);
            if (node == null || node.message != null) {
                // No Message-ID, or a second message with the same one: it still deserves its own place.
                String key = id == null || node == null ? (id == null ? "\0none:" + synthetic++ : id) : "\0dup:" + synthetic++ + ":" + id;
                node = new ThreadNode(key);
                byId.put(key, node);
                all.add(node);
            }
            node.message = e;
            ThreadNode prev = null;
            for (String ref : MessageIds.chain(e.references(), e.inReplyTo())) {
                if (ref.equals(node.id)) continue; // a message naming itself as an ancestor
                ThreadNode r = byId.get(ref);
                if (r == null) {
                    r = new ThreadNode(ref);
                    byId.put(ref, r);
                    all.add(r);
                }
                // Earlier links win; a link that would close a loop is refused.
                if (prev != null && r.parent == null && !r.isAncestorOrSelf(prev)) prev.add(r);
                prev = r;
            }
            // The message's own References are authoritative for its parent.
            if (prev != null && !node.isAncestorOrSelf(prev)) {
                if (node.parent != prev) {
                    if (node.parent != null) node.parent.remove(node);
                    prev.add(node);
                }
            }
        }
        prune(all);
        for (ThreadNode n : all) if (n.message != null) n.id = null; // only the building needed it (a placeholder keeps its name)
        List<ThreadNode> roots = new ArrayList<>();
        for (ThreadNode n : all) if (n.parent == null && (n.message != null || !n.children.isEmpty())) roots.add(n);
        roots = joinBySubject(roots);
        for (ThreadNode r : roots) summarise(r);
        return roots;
    }

    /** Drops placeholders with no children, splices inner ones out, and a root one with a single child. */
    private static void prune(List<ThreadNode> all) {
        for (ThreadNode n : all) {
            if (n.message != null) continue;
            ThreadNode p = n.parent;
            if (n.children.isEmpty()) {
                if (p != null) p.remove(n);
            } else if (p != null) {
                int at = p.children.indexOf(n);
                p.children.remove(at);
                for (ThreadNode c : n.children) c.parent = p;
                p.children.addAll(at, n.children);
                n.children = List.of();
                n.parent = null;
            } else if (n.children.size() == 1) {
                ThreadNode only = n.children.get(0);
                only.parent = null;
                n.children = List.of();
            }
        }
    }

    private static boolean linkless(ThreadNode root) {
        Envelope e = root.message;
        return e != null && e.references().isEmpty() && MessageIds.first(e.inReplyTo()) == null;
    }

    /**
     * A root message without References/In-Reply-To whose subject says it is a reply ("Re: x") goes under
     * the thread whose root has subject "x" (preferring the original, else the oldest such reply).
     * Two originals with the same subject (a weekly report) stay apart.
     */
    private static List<ThreadNode> joinBySubject(List<ThreadNode> roots) {
        Map<String, List<ThreadNode>> bySubject = new LinkedHashMap<>();
        for (ThreadNode r : roots) {
            Envelope e = r.representative();
            String s = e == null ? "" : Subjects.normalise(e.subject());
            if (!s.isEmpty()) bySubject.computeIfAbsent(s, k -> new ArrayList<>(1)).add(r);
        }
        java.util.Set<ThreadNode> moved = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (List<ThreadNode> group : bySubject.values()) {
            if (group.size() < 2) continue;
            ThreadNode anchor = null;
            for (ThreadNode r : group) {
                boolean candidate = !(linkless(r) && Subjects.isReply(r.message.subject()));
                if (candidate && (anchor == null || older(r, anchor))) anchor = r;
            }
            if (anchor == null) {
                for (ThreadNode r : group) if (anchor == null || older(r, anchor)) anchor = r;
            }
            for (ThreadNode r : group) {
                if (r != anchor && linkless(r) && Subjects.isReply(r.message.subject())) {
                    anchor.add(r);
                    moved.add(r);
                }
            }
        }
        if (moved.isEmpty()) return roots;
        List<ThreadNode> out = new ArrayList<>(roots.size() - moved.size());
        for (ThreadNode r : roots) if (!moved.contains(r)) out.add(r);
        return out;
    }

    private static boolean older(ThreadNode a, ThreadNode b) {
        Instant da = a.representative().date();
        Instant db = b.representative().date();
        if (da == null) return false;
        if (db == null) return true;
        return da.isBefore(db);
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

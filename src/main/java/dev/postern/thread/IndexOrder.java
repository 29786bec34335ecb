package dev.postern.thread;

import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A folder's envelopes arranged for the index: sorted flat, or as sorted threads that {@link #rows}
 * turns into one row per shown message with its tree prefix. Building (threading, sorting) is the slow
 * part and runs off the UI thread; {@link #rows} with another set of collapsed threads is cheap.
 */
public final class IndexOrder {
    /** Tree drawing: Unicode box drawing, or plain ASCII for terminals that cannot show it. */
    public enum Glyphs {
        UNICODE("\u2502 ", "  ", "\u251c\u2500>", "\u2514\u2500>"),
        ASCII("| ", "  ", "|->", "`->");

        final String down;
        final String blank;
        final String tee;
        final String last;

        Glyphs(String down, String blank, String tee, String last) {
            this.down = down;
            this.blank = blank;
            this.tee = tee;
            this.last = last;
        }
    }

    /**
     * One index row. {@code prefix} is the tree drawn before the subject ("" in flat view and for thread
     * roots); {@code thread} identifies the thread the row belongs to; on a collapsed thread's row
     * {@code collapsedMessages} / {@code collapsedUnread} count the whole thread, else both are 0.
     */
    public record Row(Envelope envelope, String prefix, MessageRef thread, int collapsedMessages, int collapsedUnread) {
        public boolean collapsed() { return collapsedMessages > 0; }
    }

    private final boolean threaded;
    private final SortKey key;
    private final boolean reverse;
    private final List<Envelope> flat;     // when !threaded
    private final List<ThreadNode> roots;  // when threaded

    private IndexOrder(boolean threaded, SortKey key, boolean reverse, List<Envelope> flat, List<ThreadNode> roots) {
        this.threaded = threaded;
        this.key = key;
        this.reverse = reverse;
        this.flat = flat;
        this.roots = roots;
    }

    public boolean threaded() { return threaded; }

    public SortKey key() { return key; }

    public boolean reverse() { return reverse; }

    /** Sorts (and, when {@code threaded}, threads) the envelopes. Does not keep {@code envelopes}. */
    public static IndexOrder arrange(Collection<Envelope> envelopes, boolean threaded, SortKey key, boolean reverse) {
        List<Envelope> list = new ArrayList<>(envelopes);
        if (!threaded) {
            Comparator<Envelope> c = key.envelopes();
            if (key == SortKey.ACTIVITY) {
                // Each message ordered by when its thread last moved, then by its own date.
                Map<MessageRef, Instant> activity = new HashMap<>(list.size() * 2);
                for (ThreadNode r : Threader.thread(list)) {
                    Instant latest = r.latest() == null ? Instant.EPOCH : r.latest();
                    forEach(r, n -> { if (n.message != null) activity.put(n.message.ref(), latest); });
                }
                c = Comparator.comparing((Envelope e) -> activity.getOrDefault(e.ref(), Instant.EPOCH)).reversed().thenComparing(c);
            }
            list.sort(reverse ? c.reversed() : c);
            return new IndexOrder(false, key, reverse, List.copyOf(list), List.of());
        }
        List<ThreadNode> roots = new ArrayList<>(Threader.thread(list));
        Comparator<Envelope> byKey = key.envelopes();
        Comparator<ThreadNode> c = key == SortKey.ACTIVITY
                ? Comparator.comparing((ThreadNode n) -> n.latest() == null ? Instant.EPOCH : n.latest()).reversed()
                        .thenComparing(ThreadNode::representative, byKey)
                : Comparator.comparing(ThreadNode::representative, byKey);
        roots.sort(reverse ? c.reversed() : c);
        // Inside a thread replies read top to bottom in the order they were written.
        Comparator<ThreadNode> chrono = Comparator.comparing((ThreadNode n) -> SortKey.date(n.representative()))
                .thenComparing(n -> n.representative() == null ? 0 : n.representative().ref().uid());
        for (ThreadNode r : roots) forEach(r, n -> { if (n.children.size() > 1) n.children.sort(chrono); });
        return new IndexOrder(true, key, reverse, List.of(), List.copyOf(roots));
    }

    private static void forEach(ThreadNode root, java.util.function.Consumer<ThreadNode> f) {
        Deque<ThreadNode> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            ThreadNode n = stack.pop();
            f.accept(n);
            for (ThreadNode c : n.children) stack.push(c);
        }
    }

    /** The roots in display order (threaded only; empty when flat). */
    public List<ThreadNode> roots() { return roots; }

    /** How many messages the arrangement holds. */
    public int size() {
        if (!threaded) return flat.size();
        int n = 0;
        for (ThreadNode r : roots) n += r.messages();
        return n;
    }

    /** The key identifying a thread for collapsing: the ref of its first shown message. */
    public static MessageRef threadKey(ThreadNode root) {
        Envelope e = root.representative();
        return e == null ? null : e.ref();
    }

    /** Keys of every thread with more than one message (what "collapse all" collapses). */
    public Set<MessageRef> collapsibleThreads() {
        Set<MessageRef> out = new HashSet<>();
        for (ThreadNode r : roots) if (r.messages() > 1) out.add(threadKey(r));
        return out;
    }

    /** One row per visible message; a thread whose key is in {@code collapsed} shows only its first row. */
    public List<Row> rows(Set<MessageRef> collapsed, Glyphs glyphs) {
        if (!threaded) {
            List<Row> out = new ArrayList<>(flat.size());
            for (Envelope e : flat) out.add(new Row(e, "", e.ref(), 0, 0));
            return out;
        }
        List<Row> out = new ArrayList<>(roots.size() * 2);
        // Tree prefixes repeat ("|->" on most replies): each distinct one is kept once, not once a row.
        Map<String, String> prefixes = new HashMap<>();
        for (ThreadNode root : roots) {
            MessageRef tk = threadKey(root);
            if (tk == null) continue;
            // A placeholder root (the common ancestor is missing) is drawn as its oldest child with the
            // other children under it, so the thread keeps one head row.
            ThreadNode head = root;
            List<ThreadNode> extra = List.of();
            if (root.placeholder()) {
                head = root.children.get(0);
                extra = root.children.subList(1, root.children.size());
            }
            if (collapsed.contains(tk) && root.messages() > 1) {
                out.add(new Row(head.message, "", tk, root.messages(), root.unread()));
                continue;
            }
            out.add(new Row(head.message, "", tk, 0, 0));
            List<ThreadNode> top = new ArrayList<>(head.children.size() + extra.size());
            top.addAll(head.children);
            top.addAll(extra);
            walk(top, tk, glyphs, out, prefixes);
        }
        return out;
    }

    /** Depth-first over the children of a head row, drawing the tree; iterative for very deep threads. */
    private static void walk(List<ThreadNode> top, MessageRef tk, Glyphs g, List<Row> out, Map<String, String> prefixes) {
        record Frame(List<ThreadNode> siblings, int next, String indent) {}
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(top, 0, ""));
        while (!stack.isEmpty()) {
            Frame f = stack.pop();
            if (f.next >= f.siblings.size()) continue;
            ThreadNode n = f.siblings.get(f.next);
            boolean last = f.next == f.siblings.size() - 1;
            stack.push(new Frame(f.siblings, f.next + 1, f.indent));
            String prefix = f.indent + (last ? g.last : g.tee);
            out.add(new Row(n.message, prefixes.computeIfAbsent(prefix, p -> p), tk, 0, 0));
            if (!n.children.isEmpty()) stack.push(new Frame(n.children, 0, f.indent + (last ? g.blank : g.down)));
        }
    }
}

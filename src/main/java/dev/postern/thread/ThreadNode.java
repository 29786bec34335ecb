package dev.postern.thread;

import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One place in a thread: a message, or a placeholder for a parent that was referenced but is not in
 * the folder (JWZ's "empty container"). Made by {@link Threader} from a {@link Forest}, read-only after.
 */
public final class ThreadNode {
    /** The Message-ID a placeholder stands for (null for a message's place). */
    String id;
    Envelope message;
    ThreadNode parent;
    List<ThreadNode> children = List.of();
    // Filled by Threader.summarise once the shape is final.
    int messages;
    int unread;
    Instant latest;

    ThreadNode(String id) {
        this.id = id;
    }

    public boolean placeholder() { return message == null; }

    /** The message here; null for a placeholder. */
    public Envelope message() { return message; }

    public ThreadNode parent() { return parent; }

    public List<ThreadNode> children() { return Collections.unmodifiableList(children); }

    /** Messages in this subtree, this node included (placeholders do not count). */
    public int messages() { return messages; }

    /** Unread messages in this subtree. */
    public int unread() { return unread; }

    /** Date of the newest message in this subtree (the thread's activity when called on a root); may be null. */
    public Instant latest() { return latest; }

    /** The message that stands for this node: its own, or for a placeholder its first child's. */
    public Envelope representative() {
        ThreadNode n = this;
        while (n.message == null && !n.children.isEmpty()) n = n.children.get(0);
        return n.message;
    }

    void add(ThreadNode child) {
        if (children.isEmpty()) children = new ArrayList<>(2);
        children.add(child);
        child.parent = this;
    }

    static boolean unread(Envelope e) { return e != null && !e.flags().has(Flag.SEEN); }

    @Override
    public String toString() {
        String at = id != null ? id : message != null ? message.messageId() : "?";
        return message == null ? "<" + at + ">?" : "<" + at + ">";
    }
}

package dev.postern.backend;

import java.util.function.Consumer;

/**
 * One move or copy across its tries. A try can be cut off after the server copied the messages and before
 * it said so (or, without MOVE, before the source was expunged); the next try must not copy them again.
 * So the first try notes the target folder as it was before anything was copied ({@link Mark}: its
 * UIDVALIDITY and UIDNEXT), and a later try of the same transfer looks at the messages that arrived in the
 * target since then, and copies only the messages that are not among them.
 *
 * <p>The caller keeps one of these for as long as it may try again: across the account thread's retry on a
 * fresh connection, and in the offline queue across processes ({@link #after}), where {@code onMark} writes
 * the mark down before the first copy is sent.
 */
public final class TransferTry {

    /** The target folder before the first try: what it will number its next message, under which UIDVALIDITY. */
    public record Mark(long uidValidity, long uidNext) {}

    private volatile Mark mark;
    private final Consumer<Mark> onMark;

    private TransferTry(Mark mark, Consumer<Mark> onMark) {
        this.mark = mark;
        this.onMark = onMark;
    }

    /** A transfer not tried yet. */
    public static TransferTry first() {
        return new TransferTry(null, m -> {});
    }

    /** A transfer not tried yet; {@code onMark} hears the mark once the backend has taken it, before any copy. */
    public static TransferTry first(Consumer<Mark> onMark) {
        return new TransferTry(null, onMark);
    }

    /** A transfer an earlier try (perhaps in another process) began after marking the target as {@code earlier}. */
    public static TransferTry after(Mark earlier) {
        return new TransferTry(earlier, m -> {});
    }

    /** The target's mark from before the first try; null while no try has looked at the target. */
    public Mark mark() {
        return mark;
    }

    /** For the backend: the first try looked at the target, and has changed nothing yet. */
    public void marked(Mark m) {
        if (mark != null) return;
        mark = m;
        onMark.accept(m);
    }
}

package dev.postern.backend;

import java.util.function.Consumer;

/**
 * One change to the server (a move, copy, expunge or folder change) across its tries. A try can be cut off after
 * the server did the change and before it said so; the next try must neither do it twice nor call it failed.
 * So a try calls {@link #begin} just before it sends its first changing command, and learns whether an earlier
 * try got that far. A move or copy also notes the target folder as it was before anything was copied
 * ({@link Mark}: its UIDVALIDITY and UIDNEXT), and a later try of it looks at the messages that arrived in the
 * target since then and copies only the messages that are not among them; a later expunge or folder change
 * takes a change already made (the messages gone, the folder there) as done.
 *
 * <p>The caller keeps one of these for as long as it may try again: across the account thread's retry on a
 * fresh connection, and in the offline queue across processes ({@link #after}), where {@code onBegin} writes
 * the try down before its first command goes out.
 */
public final class ChangeTry {

    /** The target folder before the first try: what it will number its next message, under which UIDVALIDITY. */
    public record Mark(long uidValidity, long uidNext) {}

    private volatile boolean begun;
    private volatile Mark mark;
    private final Consumer<ChangeTry> onBegin;

    private ChangeTry(boolean begun, Mark mark, Consumer<ChangeTry> onBegin) {
        this.begun = begun;
        this.mark = mark;
        this.onBegin = onBegin;
    }

    /** A change not tried yet. */
    public static ChangeTry first() {
        return new ChangeTry(false, null, t -> {});
    }

    /** A change not tried yet; {@code onBegin} hears of its first try before that sends anything that changes. */
    public static ChangeTry first(Consumer<ChangeTry> onBegin) {
        return new ChangeTry(false, null, onBegin);
    }

    /**
     * A change an earlier try (perhaps in another process) began; {@code earlier} is the target's mark it took, for
     * a transfer, else null.
     */
    public static ChangeTry after(Mark earlier) {
        return new ChangeTry(true, earlier, t -> {});
    }

    /** Whether a try got as far as sending a change. */
    public boolean begun() {
        return begun;
    }

    /** The target's mark from before the first try of a transfer; null until one began. */
    public Mark mark() {
        return mark;
    }

    /**
     * For the backend, just before a try sends its first changing command: true when an earlier try had got this
     * far (this one may find the change made, in part or whole). {@code target} is the transfer's mark of its target
     * as this try found it (kept only from the first try), null for other changes.
     */
    public boolean begin(Mark target) {
        if (begun) return true;
        mark = target;
        begun = true;
        onBegin.accept(this);
        return false;
    }
}

package dev.postern.backend;

import dev.postern.model.MessageRef;

/** Message content on demand. Neither method sets \Seen. */
public interface BodySource {

    /** The exact RFC 822 bytes of the message. */
    byte[] raw(MessageRef ref);

    /**
     * A stand-in for a large message: its header, its text parts in full, and every other part with an
     * empty body and the header {@code X-Postern-Omitted: size=N}, so it can be read and its attachments
     * listed with sizes without downloading them.
     */
    byte[] textOnly(MessageRef ref);

    /**
     * The bytes the body read in hand ({@link #raw}, {@link #textOnly}) is to receive as the server sized it (RFC822.SIZE
     * for a whole message, the text parts' BODYSTRUCTURE sizes for its text), once known; -1 before, or when unknown.
     * Asked from another thread, for the read's progress.
     */
    default long expected() {
        return -1;
    }

    /**
     * The decoded content of one part, by its IMAP section path ("2", "1.3") as in the message's
     * structure, without downloading the rest; empty where the protocol cannot fetch parts alone.
     */
    default java.util.Optional<byte[]> part(MessageRef ref, String path) {
        return java.util.Optional.empty();
    }

    /**
     * As {@link #part}, the decoded content written to {@code out} as it arrives, never held whole (a 150 MB part with
     * the memory of a buffer); false, with nothing written, where the protocol cannot fetch parts alone. A failure to
     * write to {@code out} is thrown as it came (an {@link java.io.IOException}: the local disk's, never the server's).
     */
    default boolean partTo(MessageRef ref, String path, java.io.OutputStream out) throws java.io.IOException {
        java.util.Optional<byte[]> content = part(ref, path);
        if (content.isEmpty()) return false;
        out.write(content.get());
        return true;
    }
}

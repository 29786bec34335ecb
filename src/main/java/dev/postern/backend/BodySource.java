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
}

package dev.postern.render;

/**
 * Turns one attachment's bytes into plain text (PDF, office documents, HTML...). Implementations bound
 * time, memory and output, and never throw: whatever happens is an {@link Extraction} status.
 * The returned text is untrusted; the renderer passes it through {@link Sanitizer}.
 */
@FunctionalInterface
public interface AttachmentTextExtractor {

    /**
     * @param content the decoded attachment bytes
     * @param type    the canonical type chosen by {@link AttachmentTypes#renderable}
     */
    Extraction extract(byte[] content, String type);

    /**
     * The extractor to use for decrypted content: one that keeps nothing on disk (a caching extractor
     * returns its delegate unless the user set {@code store_decrypted = true}). This one keeps nothing.
     */
    default AttachmentTextExtractor privately() {
        return this;
    }

    /** What came out of one attachment. */
    record Extraction(Status status, String text) {
        public Extraction {
            text = text == null ? "" : text;
        }

        public static Extraction failed(Status status, String why) {
            return new Extraction(status, why);
        }
    }

    enum Status {
        /** All the text. */
        OK,
        /** The text up to the output cap. */
        TRUNCATED,
        /** Password-protected or encrypted. */
        ENCRYPTED,
        /** Did not finish in time; the parser was killed. */
        TIMEOUT,
        /** Larger than the input cap; not parsed. */
        TOO_LARGE,
        /** The parser failed or ran out of memory; text says why in one line. */
        FAILED,
        /** The reader itself could not run (did not start, shutting down): says nothing about the attachment. */
        UNAVAILABLE
    }
}

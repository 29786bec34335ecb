package dev.postern.backend.link;

import java.io.IOException;

/**
 * The server sent more in answer to one command than {@link AnswerCaps} allow: a line or an answer without end. The
 * server's fault; the connection is closed at once, as nothing it sends next can be trusted to be in step. A plain
 * {@link IOException}, so Angus passes it on as the failure of the command it was reading for.
 */
public final class AnswerTooLargeException extends IOException {
    /** How the message begins (Angus passes some failures on only as text; this lets it be known again). */
    public static final String TOO_MUCH = "the server sent more than ";

    AnswerTooLargeException(String message) {
        super(message);
    }

    static String size(long bytes) {
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) return (bytes >> 20) + " MiB";
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) return (bytes >> 10) + " KiB";
        return bytes + " bytes";
    }
}

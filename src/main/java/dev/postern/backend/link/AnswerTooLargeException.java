package dev.postern.backend.link;

import java.io.IOException;

/**
 * The server sent more in answer to one command than postern reads: an IMAP answer past its cap (a literal announcing
 * gigabytes, a line that never ends; {@code imap.CappedProtocol}), or a POP3/SMTP line or answer past
 * {@link AnswerCaps}. The server's fault, not the link's; the connection is closed at once, as nothing it sends next
 * can be trusted to be in step. A plain {@link IOException}, so the protocol code drops the connection as it does for
 * a lost one (Angus passes it on as the failure of the command it was reading for), and {@code ConnectionErrors}
 * names it for what it is.
 */
public final class AnswerTooLargeException extends IOException {
    /** How an IMAP answer's message begins, for the places where only the text survives. */
    public static final String TOO_LARGE = "answer larger than ";
    /** How a POP3 or SMTP answer's message begins (Angus passes some failures on only as text). */
    public static final String TOO_MUCH = "the server sent more than ";

    private final long cap;

    /** An IMAP answer past {@code cap} bytes; {@code what} says which part of it. */
    public AnswerTooLargeException(long cap, String what) {
        super(TOO_LARGE + cap + " bytes (" + what + ")");
        this.cap = cap;
    }

    /** A POP3 or SMTP answer, its message beginning with {@link #TOO_MUCH}. */
    AnswerTooLargeException(String message) {
        super(message);
        this.cap = -1;
    }

    /** The cap an IMAP answer went past, in bytes; -1 for a POP3 or SMTP one (its message says which cap). */
    public long cap() {
        return cap;
    }

    /** {@code bytes} as a person reads a cap: "256 MiB", "64 KiB", else "N bytes". */
    public static String size(long bytes) {
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) return (bytes >> 20) + " MiB";
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) return (bytes >> 10) + " KiB";
        return bytes + " bytes";
    }
}

package dev.postern.backend.pop3;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/**
 * The head of a message read from its whole RETR answer, for a server without TOP (optional in RFC 1939): keeps the
 * bytes up to and with the header's first empty line (CRLF or bare LF), as TOP n 0 sends them, and at most
 * {@link #MAX_HEAD}; the rest of the message is read off the wire, counted and dropped, so a large message is never
 * held whole where only its header is wanted. Counts what {@link Pop3Faults#checkEnd} needs of the whole.
 */
final class Pop3Head extends OutputStream {
    /** The most of a header kept: a header with no empty line within it is kept cut there. */
    static final int MAX_HEAD = 1 << 20;

    private final ByteArrayOutputStream head = new ByteArrayOutputStream(4096);
    private boolean done;
    private long length, crlf, dots;
    /** The last two bytes read, -1 before the first: where the header ends is found as {@link Pop3Keys#headerEnd} finds it. */
    private int last = -1, beforeLast = -1;

    @Override
    public void write(int b) {
        b &= 0xff;
        length++;
        if (b == '\n' && last == '\r') crlf++;
        if (b == '.' && (length == 1 || last == '\n')) dots++;
        if (!done) {
            head.write(b);
            // The empty line: "\n\n" or "\n\r\n".
            if (b == '\n' && (last == '\n' || last == '\r' && beforeLast == '\n') || head.size() >= MAX_HEAD) done = true;
        }
        beforeLast = last;
        last = b;
    }

    /** The header as kept. */
    byte[] head() {
        return head.toByteArray();
    }

    /** The whole message's octets as read (dot-stuffing undone), its CRLF line ends and its lines starting with ".". */
    long length() { return length; }

    long crlf() { return crlf; }

    long dots() { return dots; }
}

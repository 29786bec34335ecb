package dev.postern.backup;

import java.io.ByteArrayOutputStream;

/** Local files use LF (as Dovecot, mutt and mbsync write them); IMAP uses CRLF. */
final class LineEnds {
    private LineEnds() {}

    /** CRLF to LF; a lone CR or LF is kept as it is. */
    static byte[] toLf(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\r' && i + 1 < b.length && b[i + 1] == '\n') continue;
            out.write(b[i]);
        }
        return out.toByteArray();
    }

    /** Every LF not already preceded by CR becomes CRLF. */
    static byte[] toCrlf(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + b.length / 40);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n' && (i == 0 || b[i - 1] != '\r')) out.write('\r');
            out.write(b[i]);
        }
        return out.toByteArray();
    }

    /** True when the bytes begin like a message: a header field name and a colon. */
    static boolean looksLikeMessage(byte[] b) {
        int i = 0;
        while (i < b.length && b[i] != ':') {
            int c = b[i] & 0xFF;
            if (c <= 32 || c >= 127) return false;
            i++;
        }
        return i > 0 && i < b.length;
    }
}

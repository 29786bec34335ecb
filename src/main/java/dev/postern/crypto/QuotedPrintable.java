package dev.postern.crypto;

import java.io.ByteArrayOutputStream;

/** Quoted-printable (RFC 2045 section 6.7) for a body that goes under a signature: CRLF lines, none over 76 chars. */
final class QuotedPrintable {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private QuotedPrintable() {}

    static byte[] encode(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + in.length / 8 + 16);
        int col = 0;
        for (int i = 0; i < in.length; i++) {
            int b = in[i] & 0xff;
            boolean lineEnd = b == '\r' && i + 1 < in.length && in[i + 1] == '\n';
            if (lineEnd) {
                out.write('\r');
                out.write('\n');
                i++;
                col = 0;
                continue;
            }
            boolean beforeBreak = i + 1 >= in.length || (in[i + 1] == '\r' && i + 2 < in.length && in[i + 2] == '\n');
            boolean fromLine = col == 0 && b == 'F' && i + 4 < in.length && in[i + 1] == 'r' && in[i + 2] == 'o' && in[i + 3] == 'm'
                    && in[i + 4] == ' ';
            boolean literal = (b >= 33 && b <= 126 && b != '=' && !(col == 0 && b == '.') && !fromLine)
                    || ((b == ' ' || b == '\t') && !beforeBreak);
            int width = literal ? 1 : 3;
            if (col + width > 75) {
                out.write('=');
                out.write('\r');
                out.write('\n');
                col = 0;
                if (b == '.' || b == 'F') literal = false; // a new line starting with them is escaped too
                width = literal ? 1 : 3;
            }
            if (literal) {
                out.write(b);
            } else {
                out.write('=');
                out.write(HEX[b >> 4]);
                out.write(HEX[b & 15]);
            }
            col += width;
        }
        return out.toByteArray();
    }
}

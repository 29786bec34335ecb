package dev.postern.render;

import java.util.Locale;

/**
 * Content-Transfer-Encoding decoders that never fail: garbage in base64 is skipped, a broken
 * quoted-printable escape stays literal. Unknown encodings pass the bytes through, which keeps
 * the text legible (uuencode, "8-bit", typos).
 */
public final class TransferDecoding {
    private TransferDecoding() {}

    /** {@code body} decoded by its Content-Transfer-Encoding {@code cte}; never fails. */
    public static byte[] decode(byte[] body, String cte) {
        String enc = normalise(cte);
        if (enc.contains("base64")) return base64(body);
        if (enc.contains("quoted")) return quotedPrintable(body);
        return body;
    }

    /**
     * {@code d[from, to)} decoded by its Content-Transfer-Encoding, as {@link #decode(byte[], String)} would decode
     * a copy of that range; the array is made at its exact size (one counting pass first), nothing else is copied.
     */
    static byte[] decode(byte[] d, int from, int to, String cte) {
        return decode(d, from, to, cte, decodedLength(d, from, to, cte));
    }

    /** As {@link #decode(byte[], int, int, String)}, with its {@link #decodedLength} already counted: one pass, not two. */
    static byte[] decode(byte[] d, int from, int to, String cte, long length) {
        String enc = normalise(cte);
        if (!enc.contains("base64") && !enc.contains("quoted")) return java.util.Arrays.copyOfRange(d, from, to);
        Sink out = new Sink((int) length);
        if (enc.contains("base64")) base64(d, from, to, Integer.MAX_VALUE, out);
        else quotedPrintable(d, from, to, Integer.MAX_VALUE, out);
        return out.bytes();
    }

    /**
     * How many bytes {@link #decode(byte[], int, int, String)} makes of {@code d[from, to)}, counted without making
     * them: what a part's size is when its content is not wanted (a 37 MB attachment listed, not read).
     */
    static long decodedLength(byte[] d, int from, int to, String cte) {
        String enc = normalise(cte);
        Sink count = new Sink(-1);
        if (enc.contains("base64")) base64(d, from, to, Integer.MAX_VALUE, count);
        else if (enc.contains("quoted")) quotedPrintable(d, from, to, Integer.MAX_VALUE, count);
        else return to - from;
        return count.size();
    }

    /** Where a decoder's bytes go: an array that grows as needed, or nowhere (a capacity below 0: only counted). */
    private static class Sink {
        private byte[] buf;
        private int n;

        Sink(int capacity) {
            buf = capacity < 0 ? null : new byte[Math.max(capacity, 0)];
        }

        void write(int b) {
            if (buf != null) {
                if (n == buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(16, n + (n >> 1)));
                buf[n] = (byte) b;
            }
            n++;
        }

        void write(byte[] b, int off, int len) {
            if (buf != null) {
                if (n + len > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(n + len, n + (n >> 1)));
                System.arraycopy(b, off, buf, n, len);
            }
            n += len;
        }

        int size() {
            return n;
        }

        byte[] bytes() {
            return buf.length == n ? buf : java.util.Arrays.copyOf(buf, n);
        }
    }

    /**
     * {@code in} decoded by its Content-Transfer-Encoding into {@code out} as it is read, exactly as {@link
     * #decode(byte[], String)} decodes the whole: an attachment of any size is saved with the memory of a buffer, not
     * of the part (hunt 38-A, A1: a 150 MB part held three times ran a 512 MB heap out). Quoted-printable is decoded a
     * line at a time (a line without end is cut where no escape or trailing blank can be split); base64 keeps its
     * partial quantum between reads.
     *
     * @return the bytes written to {@code out}
     */
    public static long decode(java.io.InputStream in, String cte, java.io.OutputStream out) throws java.io.IOException {
        try {
            return decodeStreaming(in, cte, out);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static long decodeStreaming(java.io.InputStream in, String cte, java.io.OutputStream out) throws java.io.IOException {
        String enc = normalise(cte);
        boolean b64 = enc.contains("base64");
        boolean qp = !b64 && enc.contains("quoted");
        byte[] buf = new byte[64 * 1024];
        long written = 0;
        if (!b64 && !qp) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                written += n;
            }
            return written;
        }
        StreamSink sink = new StreamSink(out);
        if (b64) {
            int[] state = new int[2]; // the partial quantum: its bits, and how many
            for (int n; (n = in.read(buf)) >= 0; ) base64(buf, n, state, sink);
            sink.flush();
            return sink.count;
        }
        byte[] line = new byte[buf.length * 2];
        int held = 0;
        int scanned = 0; // line[0, scanned) holds no line end
        for (int n; (n = in.read(buf)) >= 0; ) {
            if (held + n > line.length) line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, held + n));
            System.arraycopy(buf, 0, line, held, n);
            held += n;
            int cut = qpCut(line, scanned, held);
            scanned = held;
            if (cut > 0) {
                quotedPrintable(line, 0, cut, Integer.MAX_VALUE, sink);
                System.arraycopy(line, cut, line, 0, held - cut);
                held -= cut;
                scanned = Math.min(scanned - cut, held);
                if (scanned < 0) scanned = 0;
            }
        }
        quotedPrintable(line, 0, held, Integer.MAX_VALUE, sink);
        sink.flush();
        return sink.count;
    }

    /**
     * Where quoted-printable held so far ({@code d[0, n)}, no line end before {@code from}) can be decoded up to as the
     * whole would be: after its last line end, or, for a line past 1 MiB, before its last three bytes and any blank or
     * '=' run they end in; 0 for not yet.
     */
    private static int qpCut(byte[] d, int from, int n) {
        for (int i = n - 1; i >= from; i--) if (d[i] == '\n') return i + 1;
        if (n < 1 << 20) return 0;
        int cut = n - 3;
        while (cut > 0 && (d[cut - 1] == ' ' || d[cut - 1] == '\t' || d[cut - 1] == '=' || d[cut - 1] == '\r'
                || cut > 1 && d[cut - 2] == '=')) cut--;
        return cut;
    }

    /** As {@link #base64(byte[], int, int, int, Sink)} over {@code in[0, n)}, its partial quantum kept in {@code state}. */
    private static void base64(byte[] in, int n, int[] state, Sink out) {
        int acc = state[0];
        int bits = state[1];
        for (int i = 0; i < n; i++) {
            byte b = in[i];
            int v = value(b);
            if (v < 0) {
                if (b == '=') {
                    acc = 0;
                    bits = 0;
                }
                continue;
            }
            acc = ((acc << 6) | v) & 0xffffff;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out.write((acc >> bits) & 0xff);
            }
        }
        state[0] = acc;
        state[1] = bits;
    }

    /** A {@link Sink} that hands its bytes on to a stream in blocks, counting them. */
    private static final class StreamSink extends Sink {
        private final java.io.OutputStream out;
        private final byte[] block = new byte[64 * 1024];
        private int held;
        long count;

        StreamSink(java.io.OutputStream out) {
            super(-1);
            this.out = out;
        }

        @Override
        void write(int b) {
            if (held == block.length) flush();
            block[held++] = (byte) b;
            count++;
        }

        @Override
        void write(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) write(b[off + i]);
        }

        @Override
        int size() {
            return (int) Math.min(Integer.MAX_VALUE, count);
        }

        void flush() {
            if (held == 0) return;
            try {
                out.write(block, 0, held);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            held = 0;
        }
    }

    /** Decoded bytes and an estimate of the decoded bytes left out. */
    record Limited(byte[] bytes, long more) {}

    /**
     * As {@link #decode}, stopping once {@code maxOut} bytes are out: a text part shown only in part is
     * decoded only in part. {@code more} estimates the decoded size of the rest (base64 makes 3 bytes of 4,
     * quoted-printable at most one of one).
     */
    static Limited decode(byte[] body, String cte, int maxOut) {
        String enc = normalise(cte);
        int max = Math.max(0, maxOut);
        if (enc.contains("base64")) {
            int[] used = new int[1];
            byte[] out = base64(body, max, used);
            return new Limited(out, (long) (body.length - used[0]) * 3 / 4);
        }
        if (enc.contains("quoted")) {
            int[] used = new int[1];
            byte[] out = quotedPrintable(body, max, used);
            return new Limited(out, body.length - used[0]);
        }
        return new Limited(body, 0);
    }

    static String normalise(String cte) {
        if (cte == null) return "";
        String s = cte.trim();
        int semi = s.indexOf(';');
        if (semi >= 0) s = s.substring(0, semi);
        return s.trim().toLowerCase(Locale.ROOT);
    }

    static byte[] base64(byte[] in) {
        return base64(in, Integer.MAX_VALUE, new int[1]);
    }

    /** At most about {@code maxOut} bytes; {@code used[0]} is how much of the input was read. */
    static byte[] base64(byte[] in, int maxOut, int[] used) {
        Sink out = new Sink((int) Math.min(in.length * 3L / 4 + 3, maxOut + 64L));
        used[0] = base64(in, 0, in.length, maxOut, out);
        return out.bytes();
    }

    /** Decodes {@code in[from, to)} into {@code out}; returns where it stopped (at most about {@code maxOut} bytes out). */
    private static int base64(byte[] in, int from, int to, int maxOut, Sink out) {
        int acc = 0;
        int bits = 0;
        int i = from;
        for (; i < to; i++) {
            // Between quanta (bits == 0) the bytes out so far are whole: a stop here cuts nothing in two.
            if (bits == 0 && out.size() >= maxOut) break;
            byte b = in[i];
            int v = value(b);
            if (v < 0) {
                if (b == '=') {
                    // Padding ends a quantum; anything after it starts afresh (concatenated base64).
                    acc = 0;
                    bits = 0;
                }
                continue;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out.write((acc >> bits) & 0xff);
            }
        }
        return i;
    }

    private static int value(byte b) {
        if (b >= 'A' && b <= 'Z') return b - 'A';
        if (b >= 'a' && b <= 'z') return b - 'a' + 26;
        if (b >= '0' && b <= '9') return b - '0' + 52;
        if (b == '+' || b == '-') return 62;
        if (b == '/' || b == '_') return 63;
        return -1;
    }

    static byte[] quotedPrintable(byte[] in) {
        return quotedPrintable(in, Integer.MAX_VALUE, new int[1]);
    }

    /** At most about {@code maxOut} bytes; {@code used[0]} is how much of the input was read. */
    static byte[] quotedPrintable(byte[] in, int maxOut, int[] used) {
        Sink out = new Sink((int) Math.min(in.length, maxOut + 64L));
        used[0] = quotedPrintable(in, 0, in.length, maxOut, out);
        return out.bytes();
    }

    /** Decodes {@code in[from, n)} into {@code out}; returns where it stopped (at most about {@code maxOut} bytes out). */
    private static int quotedPrintable(byte[] in, int from, int n, int maxOut, Sink out) {
        int i = from;
        while (i < n) {
            if (out.size() >= maxOut) break; // each turn starts at a token: no escape is cut in two
            byte b = in[i];
            if (b == '=') {
                int j = i + 1;
                // Soft line break, tolerating whitespace that editors leave before the newline.
                while (j < n && (in[j] == ' ' || in[j] == '\t')) j++;
                if (j < n && (in[j] == '\n' || in[j] == '\r')) {
                    if (in[j] == '\r' && j + 1 < n && in[j + 1] == '\n') j++;
                    i = j + 1;
                    continue;
                }
                if (j == n) {
                    i = n;
                    continue;
                }
                int h = i + 2 < n ? hex(in[i + 1]) : -1;
                int l = i + 2 < n ? hex(in[i + 2]) : -1;
                if (h >= 0 && l >= 0) {
                    out.write(h * 16 + l);
                    i += 3;
                    continue;
                }
                out.write(b);
                i++;
                continue;
            }
            if (b == ' ' || b == '\t') {
                // Trailing whitespace on an encoded line was added in transit (RFC 2045 6.7 rule 3).
                int j = i;
                while (j < n && (in[j] == ' ' || in[j] == '\t')) j++;
                if (j == n || in[j] == '\r' || in[j] == '\n') {
                    i = j;
                    continue;
                }
                out.write(in, i, j - i);
                i = j;
                continue;
            }
            out.write(b);
            i++;
        }
        return i;
    }

    /**
     * Replaces every {@code ESC h h} (two hex digits) by the byte it names; an escape not followed by two
     * hex digits stays as it is. RFC 2047 Q words use '=', RFC 2231 parameter values '%'.
     */
    static byte[] unescapeHex(byte[] in, byte escape) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == escape && i + 2 < in.length) {
                int h = hex(in[i + 1]);
                int l = hex(in[i + 2]);
                if (h >= 0 && l >= 0) {
                    out.write(h * 16 + l);
                    i += 2;
                    continue;
                }
            }
            out.write(in[i]);
        }
        return out.toByteArray();
    }

    static int hex(byte b) {
        if (b >= '0' && b <= '9') return b - '0';
        if (b >= 'A' && b <= 'F') return b - 'A' + 10;
        if (b >= 'a' && b <= 'f') return b - 'a' + 10;
        return -1;
    }
}

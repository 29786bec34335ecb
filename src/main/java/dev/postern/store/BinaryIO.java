package dev.postern.store;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Primitives shared by the store's record codecs. Strings are written char by char in a UTF-8 form that
 * also carries lone surrogates, because decoded header text can contain them and
 * {@code String.getBytes(UTF_8)} would silently turn them into '?'. Unlike {@code writeUTF} there is no
 * 64 KiB limit: a hostile subject line must not make a write fail.
 */
final class BinaryIO {
    private BinaryIO() {}

    static void writeVarLong(DataOutput out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long readVarLong(DataInput in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new IOException("malformed variable-length number");
    }

    static int readVarInt(DataInput in) throws IOException {
        long v = readVarLong(in);
        if (v < 0 || v > Integer.MAX_VALUE) throw new IOException("length out of range: " + v);
        return (int) v;
    }

    static byte[] encodeString(String s) {
        // The JDK's UTF-8 encoder writes the same bytes for every char but surrogates (a pair is 4 bytes there, 6
        // here; a lone one is '?' there): its output is taken unless it holds a 4-byte sequence or a '?', which
        // may be either. It is a loop over arrays; the loop below costs a bounds-checked charAt a char (a twentieth
        // of the account thread's CPU in a 20k listing, for subjects and names that are not Latin-1).
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        boolean same = true;
        for (byte x : utf8) {
            if (x == '?' || (x & 0xF8) == 0xF0) {
                same = false;
                break;
            }
        }
        return same ? utf8 : charByChar(s);
    }

    private static byte[] charByChar(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        byte[] b = new byte[n];
        int p = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return b;
    }

    static String decodeString(byte[] b) throws IOException {
        boolean ascii = true;
        for (byte x : b) {
            if (x < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1); // the same chars, no char[] between
        char[] out = new char[b.length];
        int n = 0;
        int p = 0;
        while (p < b.length) {
            int c = b[p++] & 0xFF;
            if (c < 0x80) {
                out[n++] = (char) c;
            } else if ((c & 0xE0) == 0xC0 && p < b.length) {
                out[n++] = (char) (((c & 0x1F) << 6) | (b[p++] & 0x3F));
            } else if ((c & 0xF0) == 0xE0 && p + 1 < b.length) {
                out[n++] = (char) (((c & 0x0F) << 12) | ((b[p++] & 0x3F) << 6) | (b[p++] & 0x3F));
            } else {
                throw new IOException("malformed string encoding");
            }
        }
        return new String(out, 0, n);
    }

    static void writeString(DataOutput out, String s) throws IOException {
        byte[] b = encodeString(s);
        writeVarLong(out, b.length);
        out.write(b);
    }

    static String readString(DataInput in) throws IOException {
        byte[] b = new byte[readVarInt(in)];
        in.readFully(b);
        return decodeString(b);
    }

    /** Length + 1, so that 0 can mean null without a separate marker byte. */
    static void writeNullableString(DataOutput out, String s) throws IOException {
        if (s == null) {
            writeVarLong(out, 0);
            return;
        }
        byte[] b = encodeString(s);
        writeVarLong(out, b.length + 1L);
        out.write(b);
    }

    static String readNullableString(DataInput in) throws IOException {
        int n = readVarInt(in);
        if (n == 0) return null;
        byte[] b = new byte[n - 1];
        in.readFully(b);
        return decodeString(b);
    }

    static void writeStrings(DataOutput out, java.util.Collection<String> list) throws IOException {
        writeVarLong(out, list.size());
        for (String s : list) writeString(out, s);
    }

    static List<String> readStrings(DataInput in) throws IOException {
        int n = readVarInt(in);
        List<String> list = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) list.add(readString(in));
        return list;
    }

    /**
     * A record read through {@code DataInputStream}: {@code ByteArrayInputStream}'s reads are synchronized, a lock
     * taken for every byte a codec reads (a tenth of {@code list --json}'s main thread in a 20k listing).
     */
    static final class BytesIn extends java.io.InputStream {
        private final byte[] bytes;
        private int pos;

        BytesIn(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] out, int off, int len) {
            java.util.Objects.checkFromIndexSize(off, len, out.length);
            if (len == 0) return 0;
            if (pos >= bytes.length) return -1;
            int n = Math.min(len, bytes.length - pos);
            System.arraycopy(bytes, pos, out, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return bytes.length - pos;
        }
    }

    /** A record written through {@code DataOutputStream}, without {@code ByteArrayOutputStream}'s lock a byte. */
    static final class BytesOut extends java.io.OutputStream {
        private byte[] bytes;
        private int count;

        BytesOut(int size) {
            bytes = new byte[size];
        }

        @Override
        public void write(int b) {
            if (count == bytes.length) grow(1);
            bytes[count++] = (byte) b;
        }

        @Override
        public void write(byte[] src, int off, int len) {
            java.util.Objects.checkFromIndexSize(off, len, src.length);
            if (len > bytes.length - count) grow(len);
            System.arraycopy(src, off, bytes, count, len);
            count += len;
        }

        private void grow(int more) {
            long want = Math.max(2L * bytes.length, (long) count + more);
            if (want > Integer.MAX_VALUE - 16) throw new OutOfMemoryError("a record over 2 GB");
            bytes = java.util.Arrays.copyOf(bytes, (int) want);
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(bytes, count);
        }
    }
}

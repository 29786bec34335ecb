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

    /**
     * A message as a Maildir file holds it: with LF line ends when import's {@link #toCrlf} gives back these exact
     * bytes, else the bytes as they are. A CR before a line end ({@code \r\r\n}) or a bare LF among CRLFs did not
     * survive LF and back, so the file no longer matched the hash in its name and a message a server held was left out
     * of the import (hunt35-E E1).
     */
    static byte[] forMaildir(byte[] raw) {
        byte[] lf = toLf(raw);
        return java.util.Arrays.equals(toCrlf(lf), raw) ? lf : raw;
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

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** True when {@link #notMail} finds nothing against the bytes. */
    static boolean looksLikeMessage(byte[] b) {
        return notMail(b) == null;
    }

    /**
     * Why the bytes are not a message to import, or null when they begin like one. They do when, after a UTF-8
     * byte-order mark and an mbox {@code From } line (many .eml files start with one), each if there, the first
     * line is a header field: a name of printable or 8-bit bytes without space or colon, any spaces or tabs
     * (RFC 5322's obsolete syntax, {@code Subject :}), then a colon. Mail servers hold such messages and
     * postern's export writes them, so import takes them back. Not mail: an empty file, one with a NUL byte
     * (binary data: no text holds one, and IMAP cannot carry it), one that starts otherwise (a PDF, notes).
     */
    static String notMail(byte[] b) {
        if (b.length == 0) return "is empty";
        for (byte x : b) if (x == 0) return "holds binary data (a NUL byte), not mail";
        int i = startsWith(b, 0, BOM) ? BOM.length : 0;
        if (!headerAt(b, i) && startsWith(b, i, "From ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            while (i < b.length && b[i] != '\n') i++;
            i++;
        }
        return headerAt(b, i) ? null : "does not start with a message header";
    }

    /**
     * True when the first line that is not blank (after a UTF-8 byte-order mark) is a header field ({@code Name:
     * value}, {@code Subject :} too): a file of one message. An mbox starts with a {@code From } line instead.
     */
    static boolean startsWithHeader(byte[] b) {
        int i = startsWith(b, 0, BOM) ? BOM.length : 0;
        i = pastBlankLines(b, i);
        return !startsWith(b, i, "From ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) && headerAt(b, i);
    }

    /**
     * The bytes from the first line that is not blank, a byte-order mark before it dropped: kept, it went to the
     * server in front of the first header, whose name it spoiled (the From of an .eml saved by a Windows program was
     * lost; hunt 30-Q, 3). For a file given alone; a Maildir's or an export's files come back as they were.
     */
    static byte[] withoutLeadingBlankLines(byte[] b) {
        int bom = startsWith(b, 0, BOM) ? BOM.length : 0;
        int i = pastBlankLines(b, bom);
        return i == 0 ? b : java.util.Arrays.copyOfRange(b, i, b.length);
    }

    /** {@code in}, past a UTF-8 byte-order mark at its start (an mbox a Windows program saved). */
    static java.io.InputStream pastBom(java.io.InputStream in) throws java.io.IOException {
        java.io.PushbackInputStream p = new java.io.PushbackInputStream(in, BOM.length);
        byte[] head = p.readNBytes(BOM.length);
        if (!java.util.Arrays.equals(head, BOM)) p.unread(head);
        return p;
    }

    /** Where the first line at or after {@code at} that holds more than spaces and tabs begins. */
    private static int pastBlankLines(byte[] b, int at) {
        int line = at;
        int i = at;
        while (i < b.length) {
            byte x = b[i];
            if (x == '\n') {
                line = i + 1;
            } else if (x != ' ' && x != '\t' && x != '\r') {
                return line;
            }
            i++;
        }
        return line;
    }

    /** A header field's name, then any spaces or tabs, then a colon, at {@code at}. */
    private static boolean headerAt(byte[] b, int at) {
        int i = at;
        while (i < b.length && isNameByte(b[i])) i++;
        if (i == at) return false;
        while (i < b.length && (b[i] == ' ' || b[i] == '\t')) i++;
        return i < b.length && b[i] == ':';
    }

    /** Printable ASCII but the colon, or any 8-bit byte (servers keep those in names; RFC 5322 does not allow them). */
    private static boolean isNameByte(byte x) {
        int c = x & 0xFF;
        return c > 32 && c != 127 && c != ':';
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (b.length - at < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (b[at + i] != prefix[i]) return false;
        return true;
    }
}

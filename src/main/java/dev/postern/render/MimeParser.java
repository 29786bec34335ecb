package dev.postern.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small, forgiving MIME parser over byte arrays. Own code rather than Jakarta Mail because the
 * renderer needs to decide for itself what a broken message means: where a header block ends when a
 * line is not a header, what to do with a missing boundary or end boundary, and how deep to go.
 */
final class MimeParser {
    private MimeParser() {}

    /** A whole message (or a message inside one): its line ends made LF when it has only bare CRs. */
    static MimeEntity parse(byte[] data) {
        byte[] d = crLineEnds(data, data.length);
        return parse(d, 0, d.length);
    }

    /**
     * {@code d}, or a copy of its first {@code to} bytes with each CR made an LF when they hold CRs but not a single
     * LF: mail written with old Mac line ends, which read as one endless header line otherwise (the whole message
     * one From field, no Subject, no body). One LF anywhere and the bytes are read as they are: a bare CR inside a
     * line of ordinary mail is not a line end. The scan stops at the first LF, so ordinary mail costs a line's look.
     */
    static byte[] crLineEnds(byte[] d, int to) {
        boolean cr = false;
        for (int i = 0; i < to; i++) {
            if (d[i] == '\n') return d;
            if (d[i] == '\r') cr = true;
        }
        if (!cr) return d;
        byte[] out = java.util.Arrays.copyOf(d, to);
        for (int i = 0; i < to; i++) if (out[i] == '\r') out[i] = '\n';
        return out;
    }

    /**
     * Whether the line at {@code pos} is an mbox "From " separator, not a From field written with RFC 5322's obsolete
     * white space before its colon ({@code From  : John <j@x>}, RFC 5322 A.6.3): after "From", spaces then a colon
     * make a header field. The one test of the pager and the header listing (hunt 35-E, E4).
     */
    static boolean mboxFromLine(byte[] d, int pos, int to) {
        if (!startsWith(d, pos, to, "From ")) return false;
        int i = pos + 5;
        while (i < to && (d[i] == ' ' || d[i] == '\t')) i++;
        return i >= to || d[i] != ':';
    }

    static MimeEntity parse(byte[] data, int from, int to) {
        return parse(data, from, to, new CoreLookahead());
    }

    /** As {@link #parse(byte[], int, int)}, with the look-ahead given (tests count its reads). */
    static MimeEntity parse(byte[] data, int from, int to, CoreLookahead core) {
        List<MimeEntity.Field> fields = new ArrayList<>();
        int pos = from;
        // A UTF-8 byte order mark before the first header (saved by Windows editors) is not content.
        if (to - pos >= 3 && data[pos] == (byte) 0xEF && data[pos + 1] == (byte) 0xBB && data[pos + 2] == (byte) 0xBF) pos += 3;
        // An mbox "From " separator line is not a header; skip it.
        if (mboxFromLine(data, pos, to)) pos = nextLine(data, pos, to);
        String name = null;
        StringBuilder value = null;
        boolean junk = false; // the last line was junk among the headers: its folds are junk too
        int bodyStart = to;
        while (pos < to) {
            int eol = lineEnd(data, pos, to);
            int next = nextLine(data, pos, to);
            if (eol == pos) { // blank line: end of header block
                bodyStart = next;
                break;
            }
            byte first = data[pos];
            if ((first == ' ' || first == '\t') && name != null) {
                if (!junk) value.append("\r\n").append(latin1(data, pos, eol));
                pos = next;
                continue;
            }
            int colon = fieldNameEnd(data, pos, eol);
            if (colon < 0 && name != null && looksLikeBrokenFold(data, pos, eol, next, to, core)) {
                // Junk among the headers (or a fold that lost its leading space): dropped, the header block goes on.
                // Only a line that starts with white space continues a field: a colon-less line glued onto the
                // From above it would let a message put its own text after the address in the From shown.
                junk = true;
                pos = next;
                continue;
            }
            if (colon < 0) {
                // Not a header line: the header block ends here and this line is body text.
                bodyStart = pos;
                break;
            }
            if (name != null) fields.add(new MimeEntity.Field(name, value.toString()));
            name = latin1(data, pos, colon).trim();
            junk = false;
            int v = colon + 1;
            value = new StringBuilder(latin1(data, v, eol));
            pos = next;
        }
        if (name != null) fields.add(new MimeEntity.Field(name, value.toString()));
        return new MimeEntity(List.copyOf(fields), data, Math.min(bodyStart, to), to, fields.isEmpty());
    }

    /**
     * A single unbroken token followed by another header line is a lost fold; a line of words, as in
     * "This is text" straight after the headers, is where the body starts.
     */
    private static boolean looksLikeBrokenFold(byte[] d, int pos, int eol, int next, int to, CoreLookahead core) {
        boolean oneToken = true;
        for (int i = pos; i < eol; i++) {
            if (d[i] == ' ' || d[i] == '\t') oneToken = false;
        }
        if (oneToken && next < to && fieldNameEnd(d, next, lineEnd(d, next, to)) >= 0) return true;
        return core.follows(d, next, to);
    }

    private static final String[] CORE = {"from:", "to:", "date:", "subject:", "message-id:", "mime-version:",
        "content-type:"};

    /**
     * Whether a junk line has the message's core headers still to come, i.e. is junk inside the header block.
     * Each question is answered from the last look ahead when it covers the line asked about, so a header
     * block of n junk lines is read ahead once, not n times (which made a 10 MB junk header quadratic).
     * Questions come in increasing order of position, as the parser moves on.
     */
    static final class CoreLookahead {
        private int from = -1;   // the last look ahead started here...
        private int until = -1;  // ...and stopped here: at a core header line, or at the end of the block
        private boolean found;
        int linesRead;           // for tests: lines looked at, in all

        boolean follows(byte[] d, int pos, int to) {
            if (from >= 0 && pos >= from && pos <= until) return found;
            from = pos;
            found = false;
            while (pos < to) {
                int eol = lineEnd(d, pos, to);
                linesRead++;
                if (eol == pos) break;
                if (isCore(d, pos, eol)) {
                    found = true;
                    break;
                }
                pos = nextLine(d, pos, to);
            }
            until = pos;
            return found;
        }

        private static boolean isCore(byte[] d, int pos, int eol) {
            String line = latin1(d, pos, Math.min(eol, pos + 16)).toLowerCase(java.util.Locale.ROOT);
            for (String h : CORE) {
                if (line.startsWith(h)) return true;
            }
            return false;
        }
    }

    /** Index of the colon ending a field name, or -1 if the line is not a header field. */
    private static int fieldNameEnd(byte[] d, int from, int eol) {
        int i = from;
        while (i < eol && d[i] > 32 && d[i] < 127 && d[i] != ':') i++;
        if (i == from) return -1;
        int nameEnd = i;
        while (i < eol && (d[i] == ' ' || d[i] == '\t')) i++; // obsolete "Subject :" form
        if (i < eol && d[i] == ':' && nameEnd > from) return i;
        return -1;
    }

    /**
     * Splits a multipart body at its boundary. Returns the byte ranges of the parts, or an empty list
     * if no delimiter line occurs at all. A missing close delimiter ends the last part at the end.
     */
    static List<int[]> split(byte[] body, String boundary) {
        return split(body, 0, body.length, boundary);
    }

    /** As {@link #split(byte[], String)} over {@code body[from, to)}; the ranges are indexes into {@code body}. */
    static List<int[]> split(byte[] body, int from, int to, String boundary) {
        List<int[]> parts = new ArrayList<>();
        if (boundary == null || boundary.isEmpty()) return parts;
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int n = to;
        int pos = from;
        int partStart = -1;
        while (pos < n) {
            int eol = lineEnd(body, pos, n);
            int next = nextLine(body, pos, n);
            int kind = delimiterKind(body, pos, eol, delim);
            if (kind != 0) {
                if (partStart >= 0) parts.add(new int[] {partStart, trimLineBreak(body, partStart, pos)});
                if (kind == 2) return parts;
                partStart = next;
            }
            pos = next;
        }
        if (partStart >= 0 && partStart <= n) parts.add(new int[] {partStart, n});
        return parts;
    }

    /** For multiparts without a boundary parameter: the first line that looks like a delimiter. */
    static String guessBoundary(byte[] body) {
        return guessBoundary(body, 0, body.length);
    }

    static String guessBoundary(byte[] body, int from, int to) {
        int pos = from;
        int n = to;
        while (pos < n) {
            int eol = lineEnd(body, pos, n);
            if (eol - pos > 2 && body[pos] == '-' && body[pos + 1] == '-') {
                return latin1(body, pos + 2, eol).strip();
            }
            pos = nextLine(body, pos, n);
        }
        return null;
    }

    /** 0: not a delimiter, 1: part delimiter, 2: close delimiter. */
    private static int delimiterKind(byte[] d, int from, int eol, byte[] delim) {
        if (eol - from < delim.length) return 0;
        for (int k = 0; k < delim.length; k++) {
            if (d[from + k] != delim[k]) return 0;
        }
        int i = from + delim.length;
        int kind = 1;
        if (i + 2 <= eol && d[i] == '-' && d[i + 1] == '-') {
            kind = 2;
            i += 2;
        }
        // Whatever follows a space is ignored, as mime4j does; "--b-1" is a different boundary.
        return i == eol || d[i] == ' ' || d[i] == '\t' ? kind : 0;
    }

    /** The line break before a delimiter belongs to the delimiter (RFC 2046 section 5.1.1). */
    private static int trimLineBreak(byte[] d, int start, int end) {
        if (end > start && d[end - 1] == '\n') end--;
        if (end > start && d[end - 1] == '\r') end--;
        return end;
    }

    /** Index of the end of the line content (before CR LF, LF or a lone CR at the end). */
    static int lineEnd(byte[] d, int from, int to) {
        int i = from;
        while (i < to && d[i] != '\n') i++;
        if (i > from && d[i - 1] == '\r') i--;
        return i;
    }

    static int nextLine(byte[] d, int from, int to) {
        int i = from;
        while (i < to && d[i] != '\n') i++;
        return Math.min(i + 1, to);
    }

    private static boolean startsWith(byte[] d, int from, int to, String prefix) {
        if (to - from < prefix.length()) return false;
        for (int k = 0; k < prefix.length(); k++) {
            if (d[from + k] != prefix.charAt(k)) return false;
        }
        return true;
    }

    static String latin1(byte[] d, int from, int to) {
        return new String(d, from, Math.max(0, to - from), StandardCharsets.ISO_8859_1);
    }

    /** Lone LF (and lone CR) line ends become CRLF, as the signer canonicalised them (RFC 3156 section 5). */
    static byte[] canonical(byte[] d, int from, int to) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(to - from + (to - from) / 40 + 16);
        for (int i = from; i < to; i++) {
            byte b = d[i];
            if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < to && d[i + 1] == '\n') i++;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}

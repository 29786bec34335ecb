package dev.postern.backend.imap;

import java.nio.charset.StandardCharsets;
import org.eclipse.angus.mail.iap.ByteArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a BODYSTRUCTURE of more than {@link #MAX_LISTS} parenthesised lists out of a FETCH answer before Angus parses
 * it. Angus makes objects of every part (and the reader a line of every attachment): 400,000 parts in one 24 MB line
 * took 1.5 GB and a minute, though the answer itself was within the answer cap. Every part is at least one list, a
 * real one two to five (its parameters, disposition, language); no real message comes near. The answer is otherwise
 * kept as sent, so the connection stays in step and the other items count; the message then has no structure, which
 * makes it be read whole (as a structure too deep to parse does). Judged from the bytes, on every reader of answers.
 * A structure of any size that Angus's reading of body extensions would loop on ({@link ParseStalls#structureStalls})
 * is taken out the same way.
 */
final class WideStructure {
    private static final Logger log = LoggerFactory.getLogger(ImapSession.class);
    /** The most parenthesised lists a BODYSTRUCTURE may have: thousands of parts. */
    static final int MAX_LISTS = 16_384;

    private WideStructure() {}

    /** {@code ba} without its BODYSTRUCTURE (or BODY) item when that has more than {@link #MAX_LISTS} lists. */
    static ByteArray cut(ByteArray ba) {
        int n = ba.getCount();
        // Each list is two bytes at least: a short answer holds no wide structure, only perhaps one Angus stalls on.
        boolean wide = n >= 2 * MAX_LISTS;
        byte[] b = ba.getBytes();
        int start = ba.getStart();
        int end = start + n;
        if (n < 2 || b[start] != '*' || b[start + 1] != ' ') return ba;
        int open = fetchItems(b, start + 2, end);
        if (open < 0) return ba;
        int depth = 1;
        int item = -1;
        int lists = 0;
        for (int p = open + 1; p < end; p++) {
            int last = lastOfString(b, p, end);
            if (last != p) {
                p = last;
                continue;
            }
            byte c = b[p];
            if (c == '(') {
                depth++;
                if (wide && item >= 0 && ++lists > MAX_LISTS) return without(ba, item, closing(b, p, end, depth), lists);
            } else if (c == ')') {
                if (--depth <= 0) return ba;
                if (depth == 1 && item >= 0) item = -1; // a structure within the bound has ended
            } else if (depth == 1 && item < 0 && (b[p - 1] == ' ' || b[p - 1] == '(')) {
                if (word(b, p, end, "BODYSTRUCTURE ") || word(b, p, end, "BODY (")) {
                    item = p;
                    lists = 0;
                    if (ParseStalls.structureStalls(b, p, end)) {
                        int at = p;
                        while (b[at] != '(') at++;
                        return without(ba, item, closing(b, at, end, 2), -1);
                    }
                }
            }
        }
        return ba;
    }

    /** Where the FETCH answer's item list opens ({@code * n FETCH (}) from {@code p}, the number; -1 for another answer. */
    private static int fetchItems(byte[] b, int p, int end) {
        int d = p;
        while (d < end && b[d] >= '0' && b[d] <= '9') d++;
        if (d == p || !word(b, d, end, " FETCH (")) return -1;
        return d + 7;
    }

    private static boolean word(byte[] b, int p, int end, String w) {
        if (end - p < w.length()) return false;
        for (int i = 0; i < w.length(); i++) {
            int c = b[p + i];
            if (c >= 'a' && c <= 'z') c -= 32;
            if (c != w.charAt(i)) return false;
        }
        return true;
    }

    /**
     * The last index of the quoted string or the literal that starts at {@code p}, where a scan for parentheses goes on
     * (their bytes may hold any); {@code p} itself when none starts there.
     */
    private static int lastOfString(byte[] b, int p, int end) {
        if (b[p] == '"') {
            for (p++; p < end && b[p] != '"'; p++) {
                if (b[p] == '\\') p++;
            }
            return p;
        }
        return b[p] == '{' ? afterLiteral(b, p, end) - 1 : p;
    }

    /** The index after literal {@code {n}\r\n...} starting at {@code p} (Angus keeps a literal's bytes in the answer). */
    private static int afterLiteral(byte[] b, int p, int end) {
        long n = 0;
        int d = p + 1;
        while (d < end && b[d] >= '0' && b[d] <= '9' && n < Integer.MAX_VALUE) n = n * 10 + (b[d++] - '0');
        if (d < end && b[d] == '+') d++;
        if (d >= end || b[d] != '}') return p + 1; // not a literal: a brace in an atom
        d++;
        while (d < end && (b[d] == '\r' || b[d] == '\n')) d++;
        return (int) Math.min(end, d + n);
    }

    /** Where the list open at {@code p} (at {@code depth}) and every list around it up to depth 1 close; -1 if never. */
    private static int closing(byte[] b, int p, int end, int depth) {
        for (p++; p < end; p++) {
            int last = lastOfString(b, p, end);
            if (last != p) {
                p = last;
                continue;
            }
            byte c = b[p];
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 1) {
                return p + 1;
            }
        }
        return -1;
    }

    /** {@code ba} without the item from {@code item} to {@code to} (-1: to the end, the list then closed). */
    private static ByteArray without(ByteArray ba, int item, int to, int lists) {
        byte[] b = ba.getBytes();
        int start = ba.getStart();
        int end = start + ba.getCount();
        String head = new String(b, start, Math.min(item - start, 40), StandardCharsets.US_ASCII).strip();
        if (lists < 0) {
            log.warn("the server sent a structure postern cannot read (Angus would stall on it) for {}...; left out,"
                    + " the message is read whole", head.replaceAll("[^ -~]", "?"));
        } else {
            log.warn("the server sent a structure of more than {} parts for {}...; left out, the message is read whole",
                    MAX_LISTS, head.replaceAll("[^ -~]", "?"));
        }
        int from = item;
        while (from > start && b[from - 1] == ' ') from--;
        if (b[from - 1] == '(') while (to >= 0 && to < end && b[to] == ' ') to++; // "(UID 6", not "( UID 6"
        byte[] tail = to < 0 ? ")\r\n".getBytes(StandardCharsets.US_ASCII) : java.util.Arrays.copyOfRange(b, to, end);
        byte[] out = new byte[from - start + tail.length];
        System.arraycopy(b, start, out, 0, from - start);
        System.arraycopy(tail, 0, out, from - start, tail.length);
        return new ByteArray(out, 0, out.length);
    }
}

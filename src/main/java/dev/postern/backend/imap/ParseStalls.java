package dev.postern.backend.imap;

import java.nio.charset.StandardCharsets;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;

/**
 * Answers on which one of Angus's parsers would loop for ever, told from the answer before Angus parses it (hunt 33
 * X17). Several of its loops read one item and then test for the list's closing {@code )}; an item that cannot start
 * at the byte there (a NUL, a quote, any byte its atom reader stops at) is read as empty without moving on, and the
 * loop runs without end: the answer has fully arrived, so no time-out ever fires (a {@code * STATUS} with one NUL kept
 * a core busy for ever). Each loop postern can reach is mirrored here with Angus's own reader, on a copy of the bytes,
 * stopping where Angus would not move on:
 * <ul>
 *   <li>{@code Status}: an item name that is empty where the list does not close.</li>
 *   <li>{@code BODYSTRUCTURE}'s body extensions: a list item that is not a list, number, string or NIL, or a
 *   structure that does not close within the answer ({@link #structureStalls}).</li>
 * </ul>
 * The others were read and hold: FETCH items (each known item moves past its name, an unknown one fails), envelope
 * addresses (each must start with {@code (}), capabilities (Angus skips what is not an atom), string lists (they end on
 * what is not a string), flags (they run off the answer and fail). QUOTA, ACL and NAMESPACE answers loop likewise,
 * but postern never asks for them; a VANISHED ({@link AnswerGuards}) is refused before it is parsed.
 */
final class ParseStalls {
    private ParseStalls() {}

    /** What is wrong with {@code ba} when it is a {@code * STATUS} answer Angus's parser would loop on, or null. */
    static String status(ByteArray ba) {
        byte[] b = ba.getBytes();
        int start = ba.getStart();
        int end = start + ba.getCount();
        if (end - start < 10 || b[start] != '*' || b[start + 1] != ' ' || !upper(b, start + 2, "STATUS ")) return null;
        if (end - start >= 2 && b[end - 2] == '\r' && b[end - 1] == '\n') end -= 2;
        IMAPResponse r;
        try {
            // ISO-8859-1 keeps one character a byte; Angus's reader then sees an 8-bit byte as '?', an atom
            // character as the byte itself is to it. A copy: Angus's string reader writes into its buffer.
            r = new IMAPResponse(new String(b, start, end - start, StandardCharsets.ISO_8859_1), false);
            if (r.readAtomString() == null) return null; // Angus fails on it (no loop)
            while (r.peekByte() != '(' && r.peekByte() != 0) r.readByte();
            if (r.readByte() != '(') return null;
            do {
                String attr = r.readAtom();
                if (attr == null) return null;
                if (attr.isEmpty() && r.peekByte() != ')') {
                    return "sent a STATUS answer postern cannot read (a byte where an item's name should be: "
                            + (r.peekByte() & 0xff) + ")";
                }
                r.readLong();
            } while (!r.isNextNonSpace(')'));
        } catch (Exception | StackOverflowError e) {
            return null; // not a loop: Angus fails on it as it would
        }
        return null;
    }

    /**
     * Whether the BODYSTRUCTURE (or BODY) item that starts at {@code item} (its name) would stall Angus's reading of
     * body extensions: a token there that Angus reads without moving past it, or lists that do not close before
     * {@code end}. Within a structure Angus moves past a list, a number, a quoted string, a literal and NIL; any
     * other token (an atom, a control byte) is passed over nowhere.
     */
    static boolean structureStalls(byte[] b, int item, int end) {
        int p = item;
        while (p < end && b[p] != ' ' && b[p] != '(') p++;
        while (p < end && b[p] == ' ') p++;
        if (p >= end || b[p] != '(') return false; // not a structure: Angus fails on it
        int depth = 0;
        for (; p < end; p++) {
            byte c = b[p];
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (--depth == 0) return false;
            } else if (c == '"') {
                for (p++; p < end && b[p] != '"'; p++) {
                    if (b[p] == '\\') p++;
                }
                if (p >= end) return true;
            } else if (c == '{') {
                int after = literalEnd(b, p, end);
                if (after < 0) return true;
                p = after - 1;
            } else if (c >= '0' && c <= '9') {
                while (p + 1 < end && b[p + 1] >= '0' && b[p + 1] <= '9') p++;
            } else if (c == 'N' || c == 'n') {
                if (p + 2 >= end || (b[p + 1] | 0x20) != 'i' || (b[p + 2] | 0x20) != 'l') return true;
                p += 2;
            } else if (c != ' ') {
                return true;
            }
        }
        return true;
    }

    /** The index after literal {@code {n}\r\n...} at {@code p}, or -1 when it is not one or runs past {@code end}. */
    private static int literalEnd(byte[] b, int p, int end) {
        long n = 0;
        int d = p + 1;
        while (d < end && b[d] >= '0' && b[d] <= '9' && n < Integer.MAX_VALUE) n = n * 10 + (b[d++] - '0');
        if (d == p + 1 || d + 2 >= end || b[d] != '}' || b[d + 1] != '\r' || b[d + 2] != '\n') return -1;
        long after = d + 3 + n;
        return after > end ? -1 : (int) after;
    }

    private static boolean upper(byte[] b, int p, String w) {
        if (b.length - p < w.length()) return false;
        for (int i = 0; i < w.length(); i++) {
            int c = b[p + i];
            if (c >= 'a' && c <= 'z') c -= 32;
            if (c != w.charAt(i)) return false;
        }
        return true;
    }
}

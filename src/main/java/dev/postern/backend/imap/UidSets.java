package dev.postern.backend.imap;

import java.util.Collection;
import java.util.Iterator;
import java.util.SortedSet;
import java.util.TreeSet;

/** IMAP sequence sets of UIDs ("1:3,7,9:12") both ways. */
final class UidSets {
    private UidSets() {}

    /**
     * Adds every UID of {@code set} below {@code below} to {@code into} (a server's answer may name more than was asked:
     * those are left out, never expanded); throws IllegalArgumentException (NumberFormatException) on a malformed set.
     */
    static void parse(String set, Collection<Long> into, long below) {
        for (String part : set.split(",")) {
            int colon = part.indexOf(':');
            long a = Long.parseLong(colon < 0 ? part : part.substring(0, colon));
            long b = colon < 0 ? a : Long.parseLong(part.substring(colon + 1));
            long to = Math.min(below - 1, Math.max(a, b));
            for (long u = Math.max(1, Math.min(a, b)); u <= to; u++) into.add(u);
        }
    }

    /**
     * How many UIDs {@link #parse} would add from {@code set} below {@code below}: counted from the ranges, not
     * expanded ({@code 1:4294967295} is one range), so that a set no folder could hold is refused before it is.
     */
    static long count(String set, long below) {
        long n = 0;
        for (String part : set.split(",")) {
            int colon = part.indexOf(':');
            long a = Long.parseLong(colon < 0 ? part : part.substring(0, colon));
            long b = colon < 0 ? a : Long.parseLong(part.substring(colon + 1));
            long to = Math.min(below - 1, Math.max(a, b));
            long from = Math.max(1, Math.min(a, b));
            if (to >= from) n += to - from + 1;
        }
        return n;
    }

    /** The shortest set naming exactly {@code uids}, e.g. "1:3,7". Empty for none. */
    static String format(Collection<Long> uids) {
        SortedSet<Long> sorted = new TreeSet<>(uids);
        StringBuilder sb = new StringBuilder();
        Iterator<Long> it = sorted.iterator();
        if (!it.hasNext()) return "";
        long start = it.next();
        long end = start;
        while (it.hasNext()) {
            long u = it.next();
            if (u == end + 1) {
                end = u;
                continue;
            }
            append(sb, start, end);
            start = end = u;
        }
        append(sb, start, end);
        return sb.toString();
    }

    /**
     * {@link #format} cut into sets of at most about {@code maxChars} characters each (a range is never split): a
     * server refuses a command line past its limit with BAD (Dovecot's imap_max_line_length, 64 KB), and 20,000
     * scattered UIDs make a set of 110 KB. Empty for none.
     */
    static java.util.List<String> formatInPieces(Collection<Long> uids, int maxChars) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder sb = new StringBuilder();
        Iterator<Long> it = new TreeSet<>(uids).iterator();
        if (!it.hasNext()) return out;
        long start = it.next();
        long end = start;
        while (true) {
            boolean more = it.hasNext();
            long u = more ? it.next() : -1;
            if (more && u == end + 1) {
                end = u;
                continue;
            }
            if (sb.length() >= maxChars) {
                out.add(sb.toString());
                sb.setLength(0);
            }
            append(sb, start, end);
            if (!more) break;
            start = end = u;
        }
        out.add(sb.toString());
        return out;
    }

    private static void append(StringBuilder sb, long start, long end) {
        if (sb.length() > 0) sb.append(',');
        sb.append(start);
        if (end != start) sb.append(':').append(end);
    }
}

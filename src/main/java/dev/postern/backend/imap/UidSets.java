package dev.postern.backend.imap;

import java.util.Collection;
import java.util.Iterator;
import java.util.SortedSet;
import java.util.TreeSet;

/** IMAP sequence sets of UIDs ("1:3,7,9:12") both ways. */
final class UidSets {
    private UidSets() {}

    /** Adds every UID of {@code set} to {@code into}; throws IllegalArgumentException on a malformed set. */
    static void parse(String set, Collection<Long> into) {
        for (String part : set.split(",")) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                into.add(Long.parseLong(part));
            } else {
                long a = Long.parseLong(part.substring(0, colon));
                long b = Long.parseLong(part.substring(colon + 1));
                for (long u = Math.min(a, b); u <= Math.max(a, b); u++) into.add(u);
            }
        }
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

    private static void append(StringBuilder sb, long start, long end) {
        if (sb.length() > 0) sb.append(',');
        sb.append(start);
        if (end != start) sb.append(':').append(end);
    }
}

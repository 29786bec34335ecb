package dev.postern.model;

/**
 * Finds a mail address in header text in one pass. The regular expressions this replaces ({@code [chars]+@[chars]+}
 * with {@code find()}) try every start position and run to the end of a run from each, so a From of 40 KB without
 * an {@code @} took 84 s to render, and a longer one froze the render threads for good. Each method here answers what
 * its expression's first {@code find()} did, and looks at each character a bounded number of times.
 */
public final class AddressScan {
    private AddressScan() {}

    /**
     * What {@code [A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+[A-Za-z0-9]} finds first in {@code s} (an address
     * of RFC 5322's dot-atom letters, its domain ending in a letter or digit), or null.
     */
    public static String dotAtom(String s) {
        int[] m = dotAtom(s, 0);
        return m == null ? null : s.substring(m[0], m[1]);
    }

    /** Every address {@link #dotAtom(String)} would find, one after the other as repeated {@code find()}s do. */
    public static java.util.List<String> dotAtoms(String s) {
        java.util.List<String> all = new java.util.ArrayList<>();
        for (int[] m = dotAtom(s, 0); m != null; m = dotAtom(s, m[1])) all.add(s.substring(m[0], m[1]));
        return all;
    }

    /** Where the first such address at or after {@code from} starts and ends, or null. */
    private static int[] dotAtom(String s, int from) {
        if (s == null) return null;
        for (int at = s.indexOf('@', from); at >= 0; at = s.indexOf('@', at + 1)) {
            int start = at;
            while (start > from && atomChar(s.charAt(start - 1))) start--;
            if (start == at) continue;
            int end = at + 1;
            while (end < s.length() && domainChar(s.charAt(end))) end++;
            int last = end - 1;
            while (last >= at + 2 && !letterOrDigit(s.charAt(last))) last--;
            if (last >= at + 2) return new int[] {start, last + 1};
        }
        return null;
    }

    /**
     * What {@code <([^<>@\s]+@[^<>\s]+)>} finds first in {@code s}: the address inside the first angle brackets that
     * hold one, or null.
     */
    public static String angled(String s) {
        if (s == null) return null;
        int i = s.indexOf('<');
        while (i >= 0) {
            int k = i + 1;
            int at = -1;
            for (char c; k < s.length() && (c = s.charAt(k)) != '<' && c != '>' && !space(c); k++) {
                if (c == '@' && at < 0) at = k;
            }
            if (k < s.length() && s.charAt(k) == '>' && at > i + 1 && at < k - 1) return s.substring(i + 1, k);
            i = k < s.length() && s.charAt(k) == '<' ? k : s.indexOf('<', k + 1);
        }
        return null;
    }

    /**
     * What {@code [^\s<>"(),;:]+@[^\s<>"(),;:]+} finds first in {@code s}: the first run of characters outside
     * those that holds an {@code @} with something on both sides, or null.
     */
    public static String bare(String s) {
        if (s == null) return null;
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && !bareChar(s.charAt(i))) i++;
            int start = i;
            boolean inside = false; // an @ with a character of the run on both sides
            for (; i < s.length() && bareChar(s.charAt(i)); i++) {
                if (s.charAt(i) == '@' && i > start && i + 1 < s.length() && bareChar(s.charAt(i + 1))) inside = true;
            }
            if (inside) return s.substring(start, i);
        }
        return null;
    }

    private static boolean atomChar(char c) {
        return letterOrDigit(c) || ".!#$%&'*+/=?^_`{|}~-".indexOf(c) >= 0;
    }

    private static boolean domainChar(char c) {
        return letterOrDigit(c) || c == '.' || c == '-';
    }

    private static boolean letterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean bareChar(char c) {
        return !space(c) && "<>\"(),;:".indexOf(c) < 0;
    }

    /** What {@code \s} matches (without UNICODE_CHARACTER_CLASS). */
    private static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}

package dev.postern.render;

import java.text.Normalizer;

/**
 * Whether text reads like the start of postern's own status line ({@link Protection#PREFIX}) to a person looking
 * at the screen, and the mark that says it is the message's: "(message text) ". Not an exact comparison, which
 * a sender dodges with look-alikes: blanks and invisible characters in front are skipped, any opening and
 * closing bracket counts (fullwidth, corner, lenticular ...), and each letter of "postern" may be itself in any
 * case or form (NFKC: fullwidth, mathematical) or any non-ASCII letter of a script with Latin look-alikes
 * (Cyrillic е, Greek ο). A false mark costs a few words on a harmless line; a missed one a forged signature.
 */
public final class StatusImitation {
    private StatusImitation() {}

    /** What is put in front of message text that could pass for a status line. */
    public static final String MARK = "(message text) ";

    private static final String WORD = "postern";

    /** Whether {@code s} from {@code from} reads like "[postern]" (nothing but blanks in front). */
    public static boolean at(CharSequence s, int from) {
        int n = s.length();
        int i = skip(s, from, true);
        if (i >= n || !bracket(Character.codePointAt(s, i), Character.START_PUNCTUATION, '[')) return false;
        i = skip(s, i + Character.charCount(Character.codePointAt(s, i)), true);
        for (int k = 0; k < WORD.length(); k++) {
            if (i >= n) return false;
            int c = Character.codePointAt(s, i);
            if (!like(c, WORD.charAt(k))) return false;
            i = skip(s, i + Character.charCount(c), false);
        }
        i = skip(s, i, true);
        return i < n && bracket(Character.codePointAt(s, i), Character.END_PUNCTUATION, ']');
    }

    /** {@code line} with {@link #MARK} in front when it reads like a status line. */
    public static String marked(String line) {
        return at(line, 0) ? MARK + line : line;
    }

    /**
     * {@code text} with every line that reads like a status line marked; a line starts after LF, CR, and the
     * other breaks a terminal or the sanitiser may honour (VT, FF, NEL, U+2028, U+2029).
     */
    public static String markLines(String text) {
        StringBuilder out = null;
        int n = text.length();
        int copied = 0;
        for (int start = 0; start <= n; ) {
            if (at(text, start)) {
                if (out == null) out = new StringBuilder(n + 32);
                out.append(text, copied, start).append(MARK);
                copied = start;
            }
            int end = start;
            while (end < n && !lineBreak(text.charAt(end))) end++;
            start = end + 1;
        }
        if (out == null) return text;
        return out.append(text, copied, n).toString();
    }

    static boolean lineBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u000B' || c == '\f' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    /** Past blanks (when {@code blanks}) and characters that take no room: format characters and combining marks. */
    private static int skip(CharSequence s, int i, boolean blanks) {
        int n = s.length();
        while (i < n) {
            int c = Character.codePointAt(s, i);
            int t = Character.getType(c);
            boolean none = t == Character.FORMAT || t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK;
            boolean blank = blanks && (c == ' ' || c == '\t' || Character.isSpaceChar(c));
            if (!none && !blank) return i;
            i += Character.charCount(c);
        }
        return i;
    }

    private static boolean bracket(int c, int type, char ascii) {
        if (c == ascii || Character.getType(c) == type) return true;
        return c >= 0x80 && folded(c).equals(String.valueOf(ascii));
    }

    private static boolean like(int c, char letter) {
        if (c < 0x80) return Character.toLowerCase(c) == letter;
        String f = folded(c).toLowerCase(java.util.Locale.ROOT);
        if (f.length() == 1 && f.charAt(0) < 0x80) return f.charAt(0) == letter;
        if (!Character.isLetter(c)) return false;
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script == Character.UnicodeScript.LATIN || script == Character.UnicodeScript.CYRILLIC
                || script == Character.UnicodeScript.GREEK || script == Character.UnicodeScript.ARMENIAN
                || script == Character.UnicodeScript.CHEROKEE || script == Character.UnicodeScript.COPTIC
                || script == Character.UnicodeScript.LISU || script == Character.UnicodeScript.COMMON;
    }

    private static String folded(int c) {
        return Normalizer.normalize(new String(Character.toChars(c)), Normalizer.Form.NFKC);
    }
}

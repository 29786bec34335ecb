package dev.postern.model;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Text as a search compares it: case, compatibility forms and accents aside, the same in every locale. An IMAP
 * server compares by RFC 5051's i;unicode-casemap (Dovecot: titlecase, then the base letter of a decomposition), so
 * {@code subject:οδοσ} finds "ΟΔΟΣ", {@code ISLAK} "ıslak" and {@code full} "ＦＵＬＬ" there; the store's search
 * and the check of a server's answer against its envelope lower-cased in Java's way (final sigma kept, ı apart from
 * i, no compatibility forms) and dropped every such match (hunt 39-I, I1). Folded: the compatibility decomposition
 * (NFKD: fullwidth letters, ligatures, the halfwidth kana's voicing marks), its combining diacritics U+0300-U+036F
 * left out (é is e, İ is I, ά is α; the marks of Thai, Devanagari or kana stay, as they change the letter), composed
 * again (NFC: Hangul syllables whole) and upper-cased in {@link Locale#ROOT} (ß is SS, ς and σ are Σ, ı and i are I).
 */
public final class TextFold {
    private TextFold() {}

    /** {@code s} folded; null for null. Whether a text contains a needle is whether its fold contains the needle's. */
    public static String fold(String s) {
        if (s == null) return null;
        int n = s.length();
        int i = 0;
        while (i < n && s.charAt(i) < 0x80) i++;
        if (i == n) return s.toUpperCase(Locale.ROOT); // ASCII: most text, without a normaliser's copies
        String d = Normalizer.normalize(s, Normalizer.Form.NFKD);
        StringBuilder b = new StringBuilder(d.length());
        for (int k = 0; k < d.length(); k++) {
            char c = d.charAt(k);
            if (c < 0x300 || c > 0x36F) b.append(c);
        }
        return Normalizer.normalize(b, Normalizer.Form.NFC).toUpperCase(Locale.ROOT);
    }

    /** Whether {@code haystack} contains {@code needle}, both folded; false for a null haystack. */
    public static boolean contains(String haystack, String needle) {
        return haystack != null && fold(haystack).contains(fold(needle));
    }
}

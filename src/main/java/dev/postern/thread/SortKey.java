package dev.postern.thread;

import java.util.Locale;

/**
 * What the index is ordered by. Each key has the order people expect first (newest, A to Z, largest);
 * {@code reverse} flips it. ACTIVITY orders by the newest message of each message's thread.
 */
public enum SortKey {
    DATE("date"), FROM("from"), SUBJECT("subject"), SIZE("size"), ACTIVITY("activity");

    private final String label;

    SortKey(String label) {
        this.label = label;
    }

    public String label() { return label; }

    public SortKey next() { return values()[(ordinal() + 1) % values().length]; }

    /** The display name if there is one, else the address, folded for comparing. */
    static String sender(String from) {
        String f = from == null ? "" : from.strip();
        int lt = f.lastIndexOf('<');
        String name = lt > 0 ? f.substring(0, lt).strip().replace("\"", "") : "";
        if (name.isEmpty()) name = lt >= 0 ? f.substring(lt + 1).replace(">", "").strip() : f;
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * {@code text} as people read it in an A-to-Z order, for comparing: lower case, compatibility forms and accents
     * taken off (NFKD without its combining marks), and the Latin letters that do not decompose spelt as their base
     * ("ø" o, "ł" l, "æ" ae, "ß" ss, "þ" th ...). In code-point order "Åsa", "Émile", "Øystein" and "Łukasz" came after
     * "Zoë" (hunt 38-Q, Q4). No locale's tailoring (Swedish Å after Z) is guessed: the same order everywhere. ASCII
     * text is returned as it is (lowered).
     */
    static String reading(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() && s.charAt(i) < 0x80) i++;
        if (i == s.length()) return s;
        String d = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(d.length());
        for (int k = 0; k < d.length(); k++) {
            char ch = d.charAt(k);
            switch (Character.getType(ch)) {
                case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK -> { continue; }
                default -> { }
            }
            switch (ch) {
                case '\u00f8' -> out.append('o');       // ø
                case '\u0142' -> out.append('l');       // ł
                case '\u0111', '\u00f0' -> out.append('d'); // đ ð
                case '\u0127' -> out.append('h');       // ħ
                case '\u0131' -> out.append('i');       // dotless ı
                case '\u0167' -> out.append('t');       // ŧ
                case '\u00e6' -> out.append("ae");      // æ
                case '\u0153' -> out.append("oe");      // œ
                case '\u00df' -> out.append("ss");      // ß
                case '\u00fe' -> out.append("th");      // þ
                default -> out.append(Character.toLowerCase(ch));
            }
        }
        return out.toString();
    }
}

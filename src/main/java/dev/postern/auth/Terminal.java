package dev.postern.auth;

/** Server-supplied text on its way to a terminal: no control or format characters, bounded length. */
final class Terminal {
    private Terminal() {}

    static String safe(String s) {
        if (s == null) return "";
        String t = s.replaceAll("[\\p{Cntrl}\\p{Cf}]", "?");
        return t.length() > 400 ? t.substring(0, 400) + "…" : t;
    }
}

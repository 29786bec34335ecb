package dev.postern.render;

import java.util.Locale;

/**
 * How postern reads a Content-Type (and a Content-Disposition) value, for those that build a message's stand-in from
 * the server's structure: the same reading the renderer gives a whole message, so a large message's text is found
 * where a small one's would be.
 */
public final class ContentTypes {
    private ContentTypes() {}

    /**
     * Lower-case type/subtype of a raw Content-Type value: {@code fallback} when absent or empty, text/plain when
     * unusable. RFC 2045 section 5.2 has a syntactically invalid Content-Type read as text/plain (us-ascii, which the
     * charset guess covers), so a garbage value ("\e[31m;;;===///") shows its body as text, not as a nameless
     * application/octet-stream attachment.
     */
    public static String mimeType(String rawContentType, String fallback) {
        return of(HeaderParams.parse(rawContentType).value(), fallback);
    }

    /** Whether a raw Content-Disposition value says "attachment". */
    public static boolean attachment(String rawDisposition) {
        return HeaderParams.parse(rawDisposition).value().equalsIgnoreCase("attachment");
    }

    static String of(String v, String fallback) {
        if (v.isEmpty()) return fallback;
        int slash = v.indexOf('/');
        if (slash < 0) {
            // "text" alone (missing subtype) is still clearly text, "multipart" alone clearly a multipart.
            return v.equalsIgnoreCase("multipart") ? "multipart/mixed" : "text/plain";
        }
        if (!token(v, 0, slash) || !token(v, slash + 1, v.length())) return "text/plain";
        return v.toLowerCase(Locale.ROOT);
    }

    /** RFC 2045's token: one or more printable US-ASCII chars, none of them a tspecial. */
    private static boolean token(String s, int from, int to) {
        if (from >= to) return false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?=".indexOf(c) >= 0) return false;
        }
        return true;
    }
}

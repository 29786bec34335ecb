package dev.postern.render;

/**
 * Raw header bytes to text: unlabelled 8-bit bytes (RFC 6532 UTF-8 or legacy) first, then RFC 2047. The one rule
 * for a header value on every path: the pager's header lines, the header listing (POP3, import, the IMAP fallback)
 * and the IMAP ENVELOPE's subject, so that a message's index row says what its page says.
 */
public final class HeaderText {
    private HeaderText() {}

    static String decode(String rawLatin1) {
        return decode(rawLatin1, null);
    }

    /**
     * @param rawLatin1   the value as read a byte a char (chars above U+00FF: already text, only RFC 2047 is left)
     * @param charsetHint the message's declared body charset, the best guess for raw 8-bit header bytes
     */
    public static String decode(String rawLatin1, String charsetHint) {
        if (rawLatin1 == null) return "";
        String text = Charsets.rawHeader(rawLatin1, charsetHint);
        return Rfc2047.decode(text).strip();
    }

    /** The charset parameter of a raw Content-Type value (the hint for {@link #decode}), or null. */
    public static String charsetOf(String contentType) {
        if (contentType == null || contentType.isBlank()) return null;
        try {
            return HeaderParams.parse(contentType).param("charset");
        } catch (RuntimeException e) {
            return null;
        }
    }
}

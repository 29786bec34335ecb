package dev.postern.render;

import java.nio.charset.StandardCharsets;

/** Raw header bytes to text: unlabelled 8-bit bytes (RFC 6532 UTF-8 or legacy) first, then RFC 2047. */
final class HeaderText {
    private HeaderText() {}

    static String decode(String rawLatin1) {
        return decode(rawLatin1, null);
    }

    /** @param charsetHint the message's declared body charset, the best guess for raw 8-bit header bytes */
    static String decode(String rawLatin1, String charsetHint) {
        byte[] bytes = rawLatin1.getBytes(StandardCharsets.ISO_8859_1);
        String text = Charsets.unlabelled(bytes, 0, bytes.length, charsetHint);
        return Rfc2047.decode(text).strip();
    }
}

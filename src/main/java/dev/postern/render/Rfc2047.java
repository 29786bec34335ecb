package dev.postern.render;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes RFC 2047 encoded-words in a header value. Lenient the way mail readers must be: encoded
 * words inside quoted strings or glued to other text are decoded too, adjacent words in the same
 * charset are joined at the byte level (senders split multi-byte characters across words), an
 * unknown charset falls back as in {@link Charsets}, and a malformed word stays as written.
 * The result is NOT sanitised: it may contain control characters that were encoded on purpose.
 */
public final class Rfc2047 {
    private static final Pattern WORD = Pattern.compile(
            "=\\?([^?\\s]{1,75})\\?([bBqQ])\\?([^?\\s]*)\\?=");

    private Rfc2047() {}

    /** Never throws; {@code null} becomes "". */
    public static String decode(String value) {
        if (value == null) return "";
        try {
            return decodeWords(unfold(value));
        } catch (RuntimeException e) {
            return value;
        }
    }

    private static final Pattern FOLD = Pattern.compile("\r?\n(?=[ \t])");
    private static final Pattern BREAK = Pattern.compile("\r?\n");

    /** Compiled once: a Content-Type of 100,000 parameters decodes each value, and replaceAll compiled per call. */
    private static String unfold(String v) {
        if (v.indexOf('\n') < 0) return v;
        return BREAK.matcher(FOLD.matcher(v).replaceAll("")).replaceAll(" ");
    }

    private static String decodeWords(String v) {
        if (!v.contains("=?")) return v;
        Matcher m = WORD.matcher(v);
        StringBuilder out = new StringBuilder(v.length());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        String pendingCharset = null;
        int last = 0;
        while (m.find()) {
            String between = v.substring(last, m.start());
            boolean adjacent = pendingCharset != null && between.isBlank();
            String charset = stripLanguage(m.group(1));
            if (!(adjacent && charset.equalsIgnoreCase(pendingCharset))) {
                flush(out, pending, pendingCharset);
                pendingCharset = null;
                // Whitespace between two encoded words is not displayed (RFC 2047 section 6.2).
                if (!adjacent) out.append(between);
            }
            byte[] bytes = m.group(2).equalsIgnoreCase("b")
                    ? TransferDecoding.base64(m.group(3).getBytes(StandardCharsets.ISO_8859_1))
                    : qWord(m.group(3));
            pending.write(bytes, 0, bytes.length);
            pendingCharset = charset;
            last = m.end();
        }
        flush(out, pending, pendingCharset);
        out.append(v, last, v.length());
        return out.toString();
    }

    private static String stripLanguage(String charset) {
        int star = charset.indexOf('*');
        return star >= 0 ? charset.substring(0, star) : charset;
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream pending, String charset) {
        if (pending.size() == 0) return;
        out.append(Charsets.decode(pending.toByteArray(), charset));
        pending.reset();
    }

    private static byte[] qWord(String text) {
        return TransferDecoding.unescapeHex(text.replace('_', ' ').getBytes(StandardCharsets.ISO_8859_1), (byte) '=');
    }
}

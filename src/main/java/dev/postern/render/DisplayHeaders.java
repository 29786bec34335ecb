package dev.postern.render;

import java.util.ArrayList;
import java.util.List;

/** The headers a reader is shown, decoded and sanitised, with absurdly long values cut. */
final class DisplayHeaders {
    static final List<String> NAMES = List.of("From", "To", "Cc", "Date", "Subject");
    static final int MAX_VALUE_CHARS = 8_000;
    /**
     * Raw bytes of one value decoded for display, at most: 8,000 chars are shown, and decoding (8-bit guess,
     * unfolding, RFC 2047) a 10 MB Subject only to cut it took seconds.
     */
    static final int MAX_RAW_CHARS = 256 * 1024;

    private DisplayHeaders() {}

    static List<RenderedMessage.Header> of(MimeEntity entity) {
        List<RenderedMessage.Header> headers = new ArrayList<>();
        for (String name : NAMES) {
            String raw = entity.raw(name);
            if (raw == null) continue;
            int keep = rawCut(raw);
            String decoded = HeaderText.decode(raw.substring(0, keep), entity.contentType().param("charset"));
            headers.add(new RenderedMessage.Header(name, value(decoded, raw.length() - keep)));
        }
        return headers;
    }

    /**
     * The headers {@link #of} shows, as {@code read --json} gives them: decoded but not sanitised (JSON escapes control
     * characters; the caret and {@code <U+..>} notation is the terminal's), From, To and Cc as the listing's addresses
     * ("Name &lt;addr&gt;", quotes and escapes gone) so {@code read --json} and {@code list --json} agree (hunt37-J J9).
     */
    static List<RenderedMessage.Header> fields(byte[] raw, List<RenderedMessage.Header> shown) {
        LenientHeaders h = LenientHeaders.parse(raw);
        List<RenderedMessage.Header> out = new ArrayList<>();
        for (RenderedMessage.Header s : shown) {
            String name = s.name();
            String value;
            if (name.equals("Subject") || name.equals("Date")) {
                value = h.text(name);
            } else {
                List<String> addresses = h.addresses(name);
                value = addresses.isEmpty() ? h.text(name) : String.join(", ", addresses);
            }
            out.add(new RenderedMessage.Header(name, value));
        }
        return out;
    }

    /** Where to cut a raw value: at a fold or space near the limit, so no encoded-word is cut in two. */
    static int rawCut(String raw) {
        if (raw.length() <= MAX_RAW_CHARS) return raw.length();
        for (int i = MAX_RAW_CHARS; i > MAX_RAW_CHARS - 1024; i--) {
            char c = raw.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return i;
        }
        return MAX_RAW_CHARS;
    }

    static String value(String decoded) {
        return value(decoded, 0);
    }

    /** @param notDecoded raw chars of the value left undecoded: the count of what is cut becomes an estimate */
    static String value(String decoded, int notDecoded) {
        String v = Sanitizer.oneLine(decoded);
        if (v.length() <= MAX_VALUE_CHARS && notDecoded == 0) return v;
        int cut = Math.min(MAX_VALUE_CHARS, v.length());
        if (cut < v.length() && Character.isHighSurrogate(v.charAt(cut - 1))) cut--;
        long more = (long) v.length() - cut + notDecoded;
        return v.substring(0, cut) + " [truncated: " + (notDecoded > 0 ? "about " : "") + more + " more characters]";
    }
}

package dev.postern.render;

import java.util.List;
import java.util.Locale;

/**
 * One parsed MIME entity: its header fields (raw, still folded, bytes as ISO-8859-1 chars) and its
 * still-encoded body. {@code headerless} marks input that had no recognisable header block at all.
 */
record MimeEntity(List<Field> fields, byte[] body, boolean headerless) {
    record Field(String name, String rawValue) {}

    /** First field of that name: when a header repeats, the first one is what most readers honour. */
    String raw(String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) return f.rawValue();
        }
        return null;
    }

    /** A header value as readable text: 8-bit bytes guessed, encoded-words decoded, not yet sanitised. */
    String text(String name) {
        String raw = raw(name);
        return raw == null ? null : HeaderText.decode(raw, contentType().param("charset"));
    }

    HeaderParams contentType() {
        return HeaderParams.parse(raw("Content-Type"));
    }

    HeaderParams disposition() {
        return HeaderParams.parse(raw("Content-Disposition"));
    }

    /** Lower-case type/subtype; text/plain when absent or unusable, per RFC 2045 section 5.2. */
    String mimeType(String fallback) {
        String v = contentType().value();
        if (v.isEmpty()) return fallback;
        if (!v.contains("/")) {
            // "text" alone (missing subtype) is still clearly text; anything else is opaque data.
            return v.equals("text") ? "text/plain" : v.equals("multipart") ? "multipart/mixed" : "application/octet-stream";
        }
        return v.toLowerCase(Locale.ROOT);
    }
}

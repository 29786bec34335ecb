package dev.postern.render;

import java.util.Arrays;
import java.util.List;

/**
 * One parsed MIME entity: its header fields (raw, still folded, bytes as ISO-8859-1 chars) and its
 * still-encoded body. {@code headerless} marks input that had no recognisable header block at all.
 *
 * <p>The body is a range of the message's bytes, copied only when a leaf asks for it: a multipart is
 * split in place, so 50 levels of nesting around a 10 MB part are not 50 copies of it. Content-Type and
 * Content-Disposition are parsed once, however often they are asked for.
 */
final class MimeEntity {
    record Field(String name, String rawValue) {}

    private final List<Field> fields;
    private final byte[] data;
    private final int bodyFrom;
    private final int bodyTo;
    private final boolean headerless;
    private byte[] body;
    private HeaderParams contentType;
    private HeaderParams disposition;

    MimeEntity(List<Field> fields, byte[] data, int bodyFrom, int bodyTo, boolean headerless) {
        this.fields = fields;
        this.data = data;
        this.bodyFrom = bodyFrom;
        this.bodyTo = Math.max(bodyFrom, bodyTo);
        this.headerless = headerless;
    }

    List<Field> fields() {
        return fields;
    }

    boolean headerless() {
        return headerless;
    }

    /** The body's bytes (a copy, made once). */
    byte[] body() {
        if (body == null) body = Arrays.copyOfRange(data, bodyFrom, bodyTo);
        return body;
    }

    /** The bytes the body is a range of, with {@link #bodyFrom()} and {@link #bodyTo()}: not to be changed. */
    byte[] data() {
        return data;
    }

    int bodyFrom() {
        return bodyFrom;
    }

    int bodyTo() {
        return bodyTo;
    }

    int bodyLength() {
        return bodyTo - bodyFrom;
    }

    /**
     * First field of that name: when a header repeats, the first one is what most readers honour; but the last Date, the
     * message's date wherever postern reads one ({@link LenientHeaders#date}).
     */
    String raw(String name) {
        String found = null;
        boolean date = name.equalsIgnoreCase("Date");
        for (Field f : fields) {
            if (!f.name().equalsIgnoreCase(name)) continue;
            if (!date) return f.rawValue();
            found = f.rawValue();
        }
        return found;
    }

    /** A header value as readable text: 8-bit bytes guessed, encoded-words decoded, not yet sanitised. */
    String text(String name) {
        String raw = raw(name);
        return raw == null ? null : HeaderText.decode(raw, contentType().param("charset"));
    }

    HeaderParams contentType() {
        if (contentType == null) contentType = HeaderParams.parse(raw("Content-Type"));
        return contentType;
    }

    HeaderParams disposition() {
        if (disposition == null) disposition = HeaderParams.parse(raw("Content-Disposition"));
        return disposition;
    }

    /** Lower-case type/subtype: {@code fallback} when absent, text/plain when unusable ({@link ContentTypes#mimeType}). */
    String mimeType(String fallback) {
        return ContentTypes.of(contentType().value(), fallback);
    }
}

package dev.postern.render;

import java.util.ArrayList;
import java.util.List;

/** The headers a reader is shown, decoded and sanitised, with absurdly long values cut. */
final class DisplayHeaders {
    static final List<String> NAMES = List.of("From", "To", "Cc", "Date", "Subject");
    static final int MAX_VALUE_CHARS = 8_000;

    private DisplayHeaders() {}

    static List<RenderedMessage.Header> of(MimeEntity entity) {
        List<RenderedMessage.Header> headers = new ArrayList<>();
        for (String name : NAMES) {
            String value = entity.text(name);
            if (value != null) headers.add(new RenderedMessage.Header(name, value(value)));
        }
        return headers;
    }

    static String value(String decoded) {
        String v = Sanitizer.oneLine(decoded);
        if (v.length() <= MAX_VALUE_CHARS) return v;
        int cut = MAX_VALUE_CHARS;
        if (Character.isHighSurrogate(v.charAt(cut - 1))) cut--;
        return v.substring(0, cut) + " [truncated: " + (v.length() - cut) + " more characters]";
    }
}
